using System.Globalization;
using System.Net;
using System.Text;
using Rampart.Checks;
using Rampart.Risk;

namespace Rampart.Reporting.Html;

/// <summary>Inline SVG charts for the HTML report. Output is deterministic and needs no script.</summary>
internal static class SvgCharts
{
    private static readonly string[] Palette = ["#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a"];

    public static string LevelColor(RiskMatrix matrix, string level)
    {
        var rank = Math.Max(0, matrix.Rank(level));
        var n = matrix.Levels.Length;
        var index = n <= 1 ? 0 : (int)Math.Round(rank * (double)(Palette.Length - 2) / (n - 1));
        return Palette[Math.Min(index, Palette.Length - 1)];
    }

    /// <summary>A 5x5 heat map: likelihood up, impact across, each cell coloured by level with the number of residual risks in it.</summary>
    public static string HeatMap(RiskRegister register)
    {
        const int cell = 56, left = 120, top = 20;
        var width = left + (cell * RiskMatrix.Size) + 20;
        var height = top + (cell * RiskMatrix.Size) + 60;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Residual risk heat map\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        for (var l = RiskMatrix.Size; l >= 1; l--)
        {
            var y = top + ((RiskMatrix.Size - l) * cell);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + (cell / 2) + 4}\" text-anchor=\"end\" font-size=\"11\">{l} {Escape(RiskMatrix.LikelihoodNames[l - 1])}</text>");
            for (var i = 1; i <= RiskMatrix.Size; i++)
            {
                var x = left + ((i - 1) * cell);
                var level = register.Matrix.LevelOf(l, i);
                var count = register.Entries.Count(e => e.ResidualLikelihood == l && e.Impact == i);
                var ids = string.Join(", ", register.Entries.Where(e => e.ResidualLikelihood == l && e.Impact == i).Select(e => e.ThreatId));
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"{LevelColor(register.Matrix, level)}\" fill-opacity=\"{(count > 0 ? "0.95" : "0.35")}\"><title>likelihood {l}, impact {i}: {Escape(level)}{(count > 0 ? ": " + Escape(ids) : string.Empty)}</title></rect>");
                if (count > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2) - 1}\" y=\"{y + (cell / 2) + 5}\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\" fill=\"#fff\">{count}</text>");
                }
            }
        }

        for (var i = 1; i <= RiskMatrix.Size; i++)
        {
            var x = left + ((i - 1) * cell) + (cell / 2);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{top + (cell * RiskMatrix.Size) + 14}\" text-anchor=\"middle\" font-size=\"11\">{i}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{top + (cell * RiskMatrix.Size) + 28}\" text-anchor=\"middle\" font-size=\"9\">{Escape(RiskMatrix.ImpactNames[i - 1])}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (cell * RiskMatrix.Size / 2)}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"12\">impact</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Horizontal stacked bars: satisfied (green) and not satisfied (red) per label.</summary>
    public static string CoverageBars(string label, IReadOnlyList<(string Name, int Satisfied, int Total)> rows)
    {
        const int barWidth = 320, rowHeight = 26, left = 190, top = 10;
        var width = left + barWidth + 90;
        var height = top + (rows.Count * rowHeight) + 10;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{Escape(label)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Total));
        for (var i = 0; i < rows.Count; i++)
        {
            var (name, satisfied, total) = rows[i];
            var y = top + (i * rowHeight);
            var ok = barWidth * satisfied / (double)max;
            var rest = barWidth * (total - satisfied) / (double)max;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + 15}\" text-anchor=\"end\" font-size=\"12\">{Escape(name)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y + 3}\" width=\"{ok:0.#}\" height=\"18\" fill=\"#2e7d32\"><title>{satisfied} satisfied</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + ok:0.#}\" y=\"{y + 3}\" width=\"{rest:0.#}\" height=\"18\" fill=\"#c62828\"><title>{total - satisfied} not satisfied</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + ok + rest + 6:0.#}\" y=\"{y + 16}\" font-size=\"12\">{satisfied}/{total}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Left edge of a line chart's plot area.</summary>
    internal const int LineLeft = 64;

    /// <summary>Top edge of a line chart's plot area.</summary>
    internal const int LineTop = 16;

    /// <summary>Width of a line chart's plot area.</summary>
    internal const int LineWidth = 480;

    /// <summary>Height of a line chart's plot area.</summary>
    internal const int LineHeight = 240;

    private const int BarLeft = 180, BarTop = 22, BarWidth = 360, BarHeight = 14, BarGap = 10, LabelChars = 26;

    private static readonly string[] SeriesPalette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    /// <summary>The colour of the series at <paramref name="index"/>; the palette repeats after ten series.</summary>
    public static string SeriesColor(int index) => SeriesPalette[index % SeriesPalette.Length];

    /// <summary>Draws a check's chart: <see cref="LineChart"/> or <see cref="BarChart"/>.</summary>
    public static string Chart(Chart chart) => chart.Kind == ChartKind.Bar ? BarChart(chart) : LineChart(chart);

    /// <summary>
    /// A line chart: gridlines and ticks on both axes, one colour per series, each point marked, a line through
    /// consecutive defined points (an undefined point breaks it), whiskers for intervals, and a legend below.
    /// Values outside a fixed value axis are drawn at its edge.
    /// </summary>
    public static string LineChart(Chart chart)
    {
        var (xLo, xHi) = ChartTables.XRange(chart);
        var (yLo, yHi) = ChartTables.ValueRange(chart);
        double Px(double x) => LineLeft + (LineWidth * (x - xLo) / (xHi - xLo));
        double Py(double y) => LineTop + (LineHeight * (1 - ((Math.Clamp(y, yLo, yHi) - yLo) / (yHi - yLo))));
        const int bottom = LineTop + LineHeight, right = LineLeft + LineWidth;
        var legendTop = bottom + 56;
        var width = right + 24;
        var height = legendTop + (chart.Series.Length * 18);
        var sb = new StringBuilder();
        Open(sb, chart, width, height);
        foreach (var t in ChartTables.Ticks(yLo, yHi))
        {
            var y = F(Py(t));
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LineLeft}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"#e0e0e0\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LineLeft - 6}\" y=\"{F(Py(t) + 4)}\" text-anchor=\"end\" font-size=\"11\">{ReportFacts.Number(t)}</text>");
        }

        foreach (var t in ChartTables.Ticks(xLo, xHi))
        {
            var x = F(Px(t));
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{LineTop}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#e0e0e0\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{ReportFacts.Number(t)}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LineLeft}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#333\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LineLeft}\" y1=\"{LineTop}\" x2=\"{LineLeft}\" y2=\"{bottom}\" stroke=\"#333\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LineLeft + (LineWidth / 2)}\" y=\"{bottom + 34}\" text-anchor=\"middle\" font-size=\"12\">{Escape(chart.XLabel)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{LineTop + (LineHeight / 2)}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 14 {LineTop + (LineHeight / 2)})\">{Escape(chart.YLabel)}</text>");
        for (var i = 0; i < chart.Series.Length; i++)
        {
            var series = chart.Series[i];
            var color = SeriesColor(i);
            sb.Append(CultureInfo.InvariantCulture, $"<g fill=\"{color}\" stroke=\"{color}\">");
            var run = new List<string>();
            foreach (var p in series.Points)
            {
                if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
                {
                    Polyline(sb, run);
                    continue;
                }

                run.Add($"{F(Px(p.X))},{F(Py(p.Y))}");
            }

            Polyline(sb, run);
            foreach (var p in series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
            {
                var (x, y) = (Px(p.X), Py(p.Y));
                if (ChartTables.HasInterval(p))
                {
                    var (lo, hi) = (F(Py(ChartTables.BoundOr(p.Lower, p.Y))), F(Py(ChartTables.BoundOr(p.Upper, p.Y))));
                    sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x - 4)},{lo}H{F(x + 4)}M{F(x)},{lo}V{hi}M{F(x - 4)},{hi}H{F(x + 4)}\" fill=\"none\" stroke-width=\"1.5\"/>");
                }

                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"3\"><title>{Escape(series.Name)}: {Escape(chart.XLabel)} = {ReportFacts.Number(p.X)}, {Escape(ChartTables.Value(p))}</title></circle>");
            }

            sb.Append("</g>");
            var ly = legendTop + (i * 18);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LineLeft}\" y1=\"{ly - 4}\" x2=\"{LineLeft + 20}\" y2=\"{ly - 4}\" stroke=\"{color}\" stroke-width=\"2\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{LineLeft + 10}\" cy=\"{ly - 4}\" r=\"3\" fill=\"{color}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LineLeft + 28}\" y=\"{ly}\" font-size=\"12\">{Escape(series.Name)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// A horizontal bar chart: one group per label, one bar per series in the group (from 0, or the nearer end of
    /// the value axis), whiskers for intervals, the value after each bar, gridlines and ticks along the value axis,
    /// and a legend when there are several series. An undefined value is written <c>n/a</c> with no bar.
    /// </summary>
    public static string BarChart(Chart chart)
    {
        var labels = ChartTables.BarLabels(chart);
        var range = ChartTables.ValueRange(chart);
        var baseline = ChartTables.Baseline(range);
        double Px(double v) => BarLeft + (BarWidth * (Math.Clamp(v, range.Lo, range.Hi) - range.Lo) / (range.Hi - range.Lo));
        var n = Math.Max(1, chart.Series.Length);
        var group = (n * BarHeight) + BarGap;
        var bottom = BarTop + (labels.Count * group);
        var legendTop = bottom + 56;
        var width = BarLeft + BarWidth + 150;
        var height = chart.Series.Length > 1 ? legendTop + (chart.Series.Length * 18) : bottom + 44;
        var sb = new StringBuilder();
        Open(sb, chart, width, height);
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft - 8}\" y=\"{BarTop - 8}\" text-anchor=\"end\" font-size=\"11\" font-weight=\"bold\">{Escape(chart.XLabel)}</text>");
        foreach (var t in ChartTables.Ticks(range.Lo, range.Hi))
        {
            var x = F(Px(t));
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{BarTop}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#e0e0e0\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{ReportFacts.Number(t)}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Px(baseline))}\" y1=\"{BarTop}\" x2=\"{F(Px(baseline))}\" y2=\"{bottom}\" stroke=\"#333\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft + (BarWidth / 2)}\" y=\"{bottom + 34}\" text-anchor=\"middle\" font-size=\"12\">{Escape(chart.YLabel)}</text>");
        for (var j = 0; j < labels.Count; j++)
        {
            var label = labels[j];
            var top = BarTop + (j * group) + (BarGap / 2);
            var shown = label.Length <= LabelChars ? Escape(label) : $"{Escape(label[..(LabelChars - 3)])}...<title>{Escape(label)}</title>";
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft - 8}\" y=\"{top + (n * BarHeight / 2) + 4}\" text-anchor=\"end\" font-size=\"12\">{shown}</text>");
            for (var i = 0; i < chart.Series.Length; i++)
            {
                var series = chart.Series[i];
                var p = ChartTables.PointLabelled(series, label);
                var y = top + (i * BarHeight);
                if (p is null)
                {
                    continue;
                }

                var end = Px(baseline);
                if (double.IsFinite(p.Y))
                {
                    var (x0, x1) = (Px(Math.Min(baseline, p.Y)), Px(Math.Max(baseline, p.Y)));
                    end = x1;
                    sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x0)}\" y=\"{y + 1}\" width=\"{F(x1 - x0)}\" height=\"{BarHeight - 2}\" fill=\"{SeriesColor(i)}\"><title>{Escape(series.Name)}: {Escape(label)} = {Escape(ChartTables.Value(p))}</title></rect>");
                    if (ChartTables.HasInterval(p))
                    {
                        var (lo, hi) = (Px(ChartTables.BoundOr(p.Lower, p.Y)), Px(ChartTables.BoundOr(p.Upper, p.Y)));
                        end = Math.Max(end, Math.Max(lo, hi));
                        sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(lo)},{y + 3}V{y + BarHeight - 3}M{F(lo)},{y + (BarHeight / 2)}H{F(hi)}M{F(hi)},{y + 3}V{y + BarHeight - 3}\" fill=\"none\" stroke=\"#333\"/>");
                    }
                }

                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(end + 6)}\" y=\"{y + BarHeight - 3}\" font-size=\"11\">{Escape(ChartTables.Value(p))}</text>");
            }
        }

        if (chart.Series.Length > 1)
        {
            for (var i = 0; i < chart.Series.Length; i++)
            {
                var ly = legendTop + (i * 18);
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{BarLeft}\" y=\"{ly - 10}\" width=\"12\" height=\"12\" fill=\"{SeriesColor(i)}\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{BarLeft + 18}\" y=\"{ly}\" font-size=\"12\">{Escape(chart.Series[i].Name)}</text>");
            }
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A coordinate with at most two decimals, in invariant culture.</summary>
    internal static string F(double value) => (Math.Round(value, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture);

    private static void Open(StringBuilder sb, Chart chart, int width, int height) =>
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{Escape(chart.Title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");

    private static void Polyline(StringBuilder sb, List<string> run)
    {
        if (run.Count > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', run)}\" fill=\"none\" stroke-width=\"2\"/>");
        }

        run.Clear();
    }
}
