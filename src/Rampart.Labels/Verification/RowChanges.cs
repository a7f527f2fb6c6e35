using System.Collections.Immutable;

namespace Rampart.Labels.Verification;

/// <summary>The rows that differ from the signed data: exact counts, and up to <see cref="LabelOptions.MaxReportedRows"/> rows of each kind.</summary>
public sealed record RowChanges
{
    /// <summary>Rows changed in place.</summary>
    public required long ChangedCount { get; init; }

    /// <summary>Rows added.</summary>
    public required long AddedCount { get; init; }

    /// <summary>Signed rows removed.</summary>
    public required long RemovedCount { get; init; }

    /// <summary>Signed rows found at another position.</summary>
    public required long MovedCount { get; init; }

    /// <summary>False when the diff gave up after the edit limit and compared the remaining rows by position.</summary>
    public required bool Exact { get; init; }

    /// <summary>Whether some rows were left out of <see cref="Rows"/>.</summary>
    public required bool Truncated { get; init; }

    /// <summary>The reported rows: changed, removed, added, then moved, each in row order.</summary>
    public required ImmutableArray<RowChange> Rows { get; init; }
}
