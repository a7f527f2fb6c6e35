using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>One column's statistics from a single pass over a CSV file.</summary>
public sealed record ColumnStatistics
{
    /// <summary>The column name.</summary>
    public required string Name { get; init; }

    /// <summary>Rows with a value (not missing).</summary>
    public required long Count { get; init; }

    /// <summary>Rows with a missing value.</summary>
    public required long Missing { get; init; }

    /// <summary>Values that are finite numbers (the rest of <see cref="Count"/> is text).</summary>
    public required long NumericCount { get; init; }

    /// <summary>Mean of the numeric values (Welford's update); NaN when there are none.</summary>
    public required double Mean { get; init; }

    /// <summary>Sample variance (n - 1 denominator) of the numeric values; NaN with fewer than two.</summary>
    public required double Variance { get; init; }

    /// <summary>Smallest numeric value; NaN when there are none.</summary>
    public required double Min { get; init; }

    /// <summary>Largest numeric value; NaN when there are none.</summary>
    public required double Max { get; init; }

    /// <summary>The number of distinct values: exact when <see cref="DistinctIsExact"/>, else a HyperLogLog estimate (about 1.6 % error).</summary>
    public required long DistinctCount { get; init; }

    /// <summary>Whether <see cref="DistinctCount"/> is exact (up to 4,096 distinct values are counted exactly).</summary>
    public required bool DistinctIsExact { get; init; }

    /// <summary>
    /// The most frequent values, most frequent first (ties in text order). Tracked for columns with text values or
    /// few distinct numbers; empty for a column of many distinct numbers.
    /// </summary>
    public required ImmutableArray<CategoryCount> TopValues { get; init; }

    /// <summary>Whether the counts in <see cref="TopValues"/> are exact; when not, each may overestimate (Space-Saving).</summary>
    public required bool TopValuesExact { get; init; }

    /// <summary><c>true</c> when every value is a number (and there is at least one).</summary>
    public bool IsNumeric => NumericCount > 0 && NumericCount == Count;
}
