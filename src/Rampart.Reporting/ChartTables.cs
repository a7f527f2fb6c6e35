using Rampart.Checks;

namespace Rampart.Reporting;

/// <summary>
/// A chart's numbers as rows and cells, and its axis ranges, shared by the text, Markdown and HTML writers so that
/// every report shows the same values.
/// </summary>
internal static class ChartTables
{
    /// <summary>What a table shows where a series has no point for a row.</summary>
    public const string Missing = "-";

    /// <summary>The x values of a line chart: every finite x of every series, ascending, each once.</summary>
    public static IReadOnlyList<double> LineXs(Chart chart) =>
        chart.Series.SelectMany(s => s.Points).Select(p => p.X).Where(double.IsFinite).Distinct().Order().ToList();

    /// <summary>The first point of <paramref name="series"/> at <paramref name="x"/>, or <c>null</c>.</summary>
    public static ChartPoint? PointAt(ChartSeries series, double x) =>
        series.Points.FirstOrDefault(p => p.X.Equals(x));

    /// <summary>The bar labels of a bar chart, in order of first appearance over the series.</summary>
    public static IReadOnlyList<string> BarLabels(Chart chart) =>
        chart.Series.SelectMany(s => s.Points).Select(LabelOf).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The first point of <paramref name="series"/> with the label, or <c>null</c>.</summary>
    public static ChartPoint? PointLabelled(ChartSeries series, string label) =>
        series.Points.FirstOrDefault(p => string.Equals(LabelOf(p), label, StringComparison.Ordinal));

    /// <summary>A bar's label: the point's label, or its x when it has none.</summary>
    public static string LabelOf(ChartPoint point) => point.Label ?? ReportFacts.Number(point.X);

    /// <summary>The value, with <c>[lower, upper]</c> when the point has an interval; <c>n/a</c> when undefined.</summary>
    public static string Value(ChartPoint point) =>
        point.Lower is null && point.Upper is null
            ? ReportFacts.Number(point.Y)
            : $"{ReportFacts.Number(point.Y)} [{Bound(point.Lower)}, {Bound(point.Upper)}]";

    /// <summary>The cell of a series in a table row: its value, or <see cref="Missing"/>.</summary>
    public static string Cell(ChartPoint? point) => point is null ? Missing : Value(point);

    /// <summary>
    /// The value axis: <see cref="Chart.YMin"/> and <see cref="Chart.YMax"/> when given and finite; otherwise the
    /// smallest and largest finite value, bound or (bar charts) 0. An empty or zero-width range is widened so it can
    /// be drawn, so <c>Hi &gt; Lo</c> always.
    /// </summary>
    public static (double Lo, double Hi) ValueRange(Chart chart)
    {
        var values = chart.Series.SelectMany(s => s.Points)
            .SelectMany(p => new[] { p.Y, p.Lower ?? double.NaN, p.Upper ?? double.NaN })
            .Where(double.IsFinite).ToList();
        var bar = chart.Kind == ChartKind.Bar;
        var lo = Finite(chart.YMin) ?? (values.Count == 0 ? 0 : bar ? Math.Min(0, values.Min()) : values.Min());
        var hi = Finite(chart.YMax) ?? (values.Count == 0 ? 1 : bar ? Math.Max(0, values.Max()) : values.Max());
        if (hi > lo && double.IsFinite(hi - lo))
        {
            return (lo, hi);
        }

        return bar ? Drawable(lo, lo + Math.Max(1, Math.Abs(lo))) : Around(lo);
    }

    /// <summary>Where bars start: 0, or the nearer end of the value axis when 0 is outside it.</summary>
    public static double Baseline((double Lo, double Hi) range) => Math.Clamp(0, range.Lo, range.Hi);

    /// <summary>The x axis of a line chart: the smallest and largest finite x, widened when they are equal.</summary>
    public static (double Lo, double Hi) XRange(Chart chart)
    {
        var xs = LineXs(chart);
        if (xs.Count == 0)
        {
            return (0, 1);
        }

        return xs[0] < xs[^1] && double.IsFinite(xs[^1] - xs[0]) ? (xs[0], xs[^1]) : Around(xs[0]);
    }

    /// <summary>An end of an interval to draw: the bound when it is finite, else the value.</summary>
    public static double BoundOr(double? bound, double value) => Finite(bound) ?? value;

    /// <summary>Whether the point has an interval with a finite end to draw.</summary>
    public static bool HasInterval(ChartPoint point) => Finite(point.Lower) is not null || Finite(point.Upper) is not null;

    /// <summary>Round tick values (1, 2 or 5 times a power of ten apart, about five of them) inside the range.</summary>
    public static IReadOnlyList<double> Ticks(double lo, double hi)
    {
        var ticks = new List<double>();
        if (!(hi > lo) || !double.IsFinite(hi - lo))
        {
            return ticks;
        }

        var rough = (hi - lo) / 5;
        var exponent = Math.Floor(Math.Log10(rough));
        var power = Math.Pow(10, Math.Abs(exponent));
        var f = exponent < 0 ? rough * power : rough / power;
        var nice = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;

        // k * nice is a whole number, so one division or multiplication by a power of ten keeps ticks round (0.6, not 0.6000000000000001).
        double At(double k) => exponent < 0 ? k * nice / power : k * nice * power;
        var step = At(1);
        var first = Math.Ceiling((lo / step) - 1e-9);
        var last = Math.Floor((hi / step) + 1e-9);
        if (!(step > 0) || !double.IsFinite(first) || !double.IsFinite(last) || first + 1 == first)
        {
            return ticks; // a range too narrow or too wide for its magnitude to have round ticks
        }

        for (var k = first; k <= last && ticks.Count < 20; k++)
        {
            ticks.Add(At(k) + 0.0);
        }

        return ticks;
    }

    private static string Bound(double? value) => value is { } v ? ReportFacts.Number(v) : "?";

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>A range around one value: ±0.5, or ±a tenth of the value when that is wider (1e20 + 0.5 is 1e20).</summary>
    private static (double Lo, double Hi) Around(double value)
    {
        var pad = Math.Max(0.5, Math.Abs(value) / 10);
        return Drawable(value - pad, value + pad);
    }

    private static (double Lo, double Hi) Drawable(double lo, double hi) => hi > lo && double.IsFinite(hi - lo) ? (lo, hi) : (0, 1);
}
