using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>Statistics of a whole CSV file computed in one pass without loading it.</summary>
public sealed record DatasetStatistics
{
    /// <summary>The file (or source name).</summary>
    public required string Source { get; init; }

    /// <summary>SHA-256 of the file's bytes as lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Number of rows (the header is not a row).</summary>
    public required long RowCount { get; init; }

    /// <summary>One entry per column, in file order.</summary>
    public required ImmutableArray<ColumnStatistics> Columns { get; init; }
}
