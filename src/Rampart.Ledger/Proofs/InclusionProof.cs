using System.Collections.Immutable;
using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Proofs;

/// <summary>An RFC 9162 inclusion proof of one entry in the tree of a given size.</summary>
/// <param name="Index">The entry's 0-based index.</param>
/// <param name="Size">The tree size.</param>
/// <param name="LeafHash">The entry's leaf hash.</param>
/// <param name="Hashes">The audit path, leaf sibling first, root child last.</param>
/// <param name="Root">The root of the tree of <paramref name="Size"/> entries.</param>
public sealed record InclusionProof(long Index, long Size, ImmutableArray<byte> LeafHash, ImmutableArray<ImmutableArray<byte>> Hashes, ImmutableArray<byte> Root)
{
    /// <summary>Checks the proof with <see cref="MerkleProof.VerifyInclusion"/>.</summary>
    public ProofVerification Verify() =>
        MerkleProof.VerifyInclusion((ulong)Index, (ulong)Size, LeafHash.AsSpan(), [.. Hashes.Select(h => h.ToArray())], Root.AsSpan());
}
