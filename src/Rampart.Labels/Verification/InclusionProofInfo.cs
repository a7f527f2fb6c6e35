using System.Collections.Immutable;

namespace Rampart.Labels.Verification;

/// <summary>An RFC 9162 inclusion proof of one signed row in the signed row tree, checked before it is reported.</summary>
public sealed record InclusionProofInfo
{
    /// <summary>The 0-based leaf index (signed row number − 1).</summary>
    public required long LeafIndex { get; init; }

    /// <summary>The signed tree size (row count).</summary>
    public required long TreeSize { get; init; }

    /// <summary>The signed row's leaf hash, hex.</summary>
    public required string LeafHash { get; init; }

    /// <summary>The audit path, leaf to root, hex.</summary>
    public required ImmutableArray<string> Hashes { get; init; }

    /// <summary>Whether the proof verified against the signed root.</summary>
    public required bool Verified { get; init; }
}
