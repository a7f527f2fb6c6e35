using System.Collections.Immutable;

namespace Rampart.Labels.Verification;

/// <summary>An RFC 9162 consistency proof that the signed rows are a prefix of the current rows, checked before it is reported.</summary>
public sealed record ConsistencyProofInfo
{
    /// <summary>The signed row count.</summary>
    public required long OldSize { get; init; }

    /// <summary>The current row count.</summary>
    public required long NewSize { get; init; }

    /// <summary>The signed root, hex.</summary>
    public required string OldRoot { get; init; }

    /// <summary>The current root, hex.</summary>
    public required string NewRoot { get; init; }

    /// <summary>The proof hashes, hex.</summary>
    public required ImmutableArray<string> Hashes { get; init; }

    /// <summary>Whether the proof verified.</summary>
    public required bool Verified { get; init; }
}
