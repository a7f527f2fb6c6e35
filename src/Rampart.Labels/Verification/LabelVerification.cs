using System.Collections.Immutable;
using Rampart.Labels.Model;

namespace Rampart.Labels.Verification;

/// <summary>The result of verifying a dataset against its security label.</summary>
public sealed record LabelVerification
{
    /// <summary>The overall answer.</summary>
    public required LabelStatus Status { get; init; }

    /// <summary>Whether the label's signature verified with the given key.</summary>
    public required bool SignatureValid { get; init; }

    /// <summary>Whether the data is intact (<see cref="LabelStatus.Intact"/> or <see cref="LabelStatus.ContentIntact"/>).</summary>
    public bool IsIntact => Status is LabelStatus.Intact or LabelStatus.ContentIntact;

    /// <summary>The signed label, when it could be read and its signature verified.</summary>
    public DatasetLabel? Label { get; init; }

    /// <summary>Everything found, in the order checked.</summary>
    public required ImmutableArray<LabelIssue> Issues { get; init; }

    /// <summary>The dataset's current SHA-256, hex, when it was read.</summary>
    public string? CurrentSha256 { get; init; }

    /// <summary>The dataset's current data row count, when it was read.</summary>
    public long? CurrentRowCount { get; init; }

    /// <summary>The dataset's current row Merkle root, hex, when it was read.</summary>
    public string? CurrentRowRoot { get; init; }

    /// <summary>The rows that differ, when the row-hash file was available and the rows changed.</summary>
    public RowChanges? Rows { get; init; }

    /// <summary>The consistency proof, when rows were only appended.</summary>
    public ConsistencyProofInfo? Appended { get; init; }
}
