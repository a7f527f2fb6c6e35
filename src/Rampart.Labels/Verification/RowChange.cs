namespace Rampart.Labels.Verification;

/// <summary>One row that differs from the signed data. Row numbers are 1-based data rows (the header is not a row).</summary>
public sealed record RowChange
{
    /// <summary>How the row differs.</summary>
    public required RowChangeKind Kind { get; init; }

    /// <summary>The signed row number; null for an added row.</summary>
    public long? OriginalRow { get; init; }

    /// <summary>The current row number; null for a removed row.</summary>
    public long? CurrentRow { get; init; }

    /// <summary>The physical line (1-based) where the current row starts; null for a removed row.</summary>
    public long? CurrentLine { get; init; }

    /// <summary>The current row's leaf hash, hex; null for a removed row.</summary>
    public string? CurrentLeafHash { get; init; }

    /// <summary>The proof of what the signed row was; null for an added row.</summary>
    public InclusionProofInfo? Proof { get; init; }
}
