using System.Collections.Immutable;

namespace Rampart.Checks;

/// <summary>How a chart is drawn.</summary>
public enum ChartKind
{
    /// <summary>Lines over a numeric x axis, one per series (for example accuracy versus ε, one line per attack).</summary>
    Line,

    /// <summary>Horizontal bars, one per point label, one bar per series (for example importance per column).</summary>
    Bar,
}

/// <summary>
/// Data for one chart a check wants in the reports. Reports draw it (inline SVG in HTML, a table in Markdown and
/// text) and the JSON report carries the numbers, so a chart never holds anything the data does not.
/// </summary>
public sealed record Chart
{
    /// <summary>The check that made it.</summary>
    public required string CheckId { get; init; }

    /// <summary>A stable id, unique in the run, for example <c>robustness.credit-mlp.credit-test</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The title, for example <c>Accuracy under attack versus ε: credit-mlp on credit-test</c>.</summary>
    public required string Title { get; init; }

    /// <summary>How to draw it.</summary>
    public required ChartKind Kind { get; init; }

    /// <summary>What the x axis shows (line charts) or what the labels are (bar charts).</summary>
    public required string XLabel { get; init; }

    /// <summary>What the y axis (line) or the bar length (bar) shows.</summary>
    public required string YLabel { get; init; }

    /// <summary>The lowest value of the value axis, or <c>null</c> to start at the smallest value (or 0).</summary>
    public double? YMin { get; init; }

    /// <summary>The highest value of the value axis, or <c>null</c> to end at the largest value.</summary>
    public double? YMax { get; init; }

    /// <summary>The series, drawn in order.</summary>
    public required ImmutableArray<ChartSeries> Series { get; init; }

    /// <summary>A sentence under the chart (how it was made), or <c>null</c>.</summary>
    public string? Note { get; init; }
}

/// <summary>One line or one set of bars of a chart.</summary>
public sealed record ChartSeries
{
    /// <summary>The name in the legend.</summary>
    public required string Name { get; init; }

    /// <summary>The points, in x order for a line chart and in display order for a bar chart.</summary>
    public required ImmutableArray<ChartPoint> Points { get; init; }
}

/// <summary>One point of a series.</summary>
public sealed record ChartPoint
{
    /// <summary>The x value (line charts); the position for bar charts.</summary>
    public required double X { get; init; }

    /// <summary>The value; <c>NaN</c> when undefined (not drawn).</summary>
    public required double Y { get; init; }

    /// <summary>The bar's label (bar charts), or <c>null</c>.</summary>
    public string? Label { get; init; }

    /// <summary>Lower end of the value's interval, or <c>null</c>.</summary>
    public double? Lower { get; init; }

    /// <summary>Upper end of the value's interval, or <c>null</c>.</summary>
    public double? Upper { get; init; }
}
