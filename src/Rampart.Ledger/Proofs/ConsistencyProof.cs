using System.Collections.Immutable;
using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Proofs;

/// <summary>An RFC 9162 consistency proof between two tree sizes.</summary>
/// <param name="Size1">The older size.</param>
/// <param name="Size2">The newer size.</param>
/// <param name="Hashes">The proof hashes.</param>
/// <param name="Root1">The root at <paramref name="Size1"/>.</param>
/// <param name="Root2">The root at <paramref name="Size2"/>.</param>
public sealed record ConsistencyProof(long Size1, long Size2, ImmutableArray<ImmutableArray<byte>> Hashes, ImmutableArray<byte> Root1, ImmutableArray<byte> Root2)
{
    /// <summary>Checks the proof with <see cref="MerkleProof.VerifyConsistency"/>.</summary>
    public ProofVerification Verify() =>
        MerkleProof.VerifyConsistency((ulong)Size1, (ulong)Size2, [.. Hashes.Select(h => h.ToArray())], Root1.AsSpan(), Root2.AsSpan());
}
