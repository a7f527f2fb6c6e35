using System.Globalization;
using System.Net;
using System.Text;
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

    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
