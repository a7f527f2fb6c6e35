using System.Numerics;

namespace Rampart.Ledger.Merkle;

/// <summary>
/// Verifies RFC 9162 inclusion (section 2.1.3.2) and consistency (section 2.1.4.2) proofs, step for step as the RFC
/// writes them, after first checking the exact proof length the sizes require (as transparency-dev/merkle does),
/// so that a proof with extra or missing hashes is rejected before any hashing.
/// </summary>
public static class MerkleProof
{
    /// <summary>Verifies that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of size <paramref name="size"/> with root <paramref name="root"/>.</summary>
    /// <param name="index">The 0-based leaf index.</param>
    /// <param name="size">The tree size.</param>
    /// <param name="leafHash">The leaf hash, <see cref="MerkleHash.Leaf"/> of the entry.</param>
    /// <param name="proof">The audit path, leaf to root.</param>
    /// <param name="root">The expected root of the tree of size <paramref name="size"/>.</param>
    /// <returns>Valid, or what failed.</returns>
    public static ProofVerification VerifyInclusion(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index >= size)
        {
            return ProofVerification.Fail(ProofFailure.IndexOutOfRange, $"Leaf index {index} is not less than tree size {size}.");
        }

        if (HashLengthProblem(leafHash, root, proof) is { } lengthProblem)
        {
            return lengthProblem;
        }

        var (inner, border) = DecomposeInclusionProof(index, size);
        if (proof.Count != inner + border)
        {
            return ProofVerification.Fail(ProofFailure.WrongProofLength, $"An inclusion proof for index {index} in size {size} has {inner + border} hashes, not {proof.Count}.");
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return ProofVerification.Fail(ProofFailure.MalformedProof, "The inclusion proof continues past the root.");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofVerification.Fail(ProofFailure.MalformedProof, "The inclusion proof ends below the root.");
        }

        return r.AsSpan().SequenceEqual(root)
            ? ProofVerification.Valid
            : ProofVerification.Fail(ProofFailure.RootMismatch, $"The root computed from the inclusion proof for index {index} differs from the expected root of size {size}.");
    }

    /// <summary>Verifies that the tree of size <paramref name="size1"/> with root <paramref name="root1"/> is a prefix of the tree of size <paramref name="size2"/> with root <paramref name="root2"/>.</summary>
    /// <param name="size1">The older tree size; 0 is rejected (a proof from the empty tree is meaningless).</param>
    /// <param name="size2">The newer tree size.</param>
    /// <param name="proof">The consistency proof; must be empty when the sizes are equal.</param>
    /// <param name="root1">The older root.</param>
    /// <param name="root2">The newer root.</param>
    /// <returns>Valid, or what failed.</returns>
    public static ProofVerification VerifyConsistency(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size1 > size2)
        {
            return ProofVerification.Fail(ProofFailure.SizesOutOfOrder, $"The older size {size1} is larger than the newer size {size2}.");
        }

        if (HashLengthProblem(root1, root2, proof) is { } lengthProblem)
        {
            return lengthProblem;
        }

        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                return ProofVerification.Fail(ProofFailure.WrongProofLength, $"Equal sizes ({size1}) need an empty proof, not {proof.Count} hashes.");
            }

            return root1.SequenceEqual(root2)
                ? ProofVerification.Valid
                : ProofVerification.Fail(ProofFailure.RootMismatch, $"The two roots of size {size1} differ.");
        }

        if (size1 == 0)
        {
            return ProofVerification.Fail(ProofFailure.EmptyTreeConsistency, "A consistency proof from the empty tree is meaningless.");
        }

        var (inner, border) = DecomposeInclusionProof(size1 - 1, size2);
        var shift = BitOperations.TrailingZeroCount(size1);
        var start = BitOperations.IsPow2(size1) ? 0 : 1;
        var expected = start + inner - shift + border;
        if (proof.Count != expected)
        {
            return ProofVerification.Fail(ProofFailure.WrongProofLength, $"A consistency proof from size {size1} to {size2} has {expected} hashes, not {proof.Count}.");
        }

        // RFC 9162 section 2.1.4.2, steps 2 to 7.
        var path = new List<byte[]>(proof.Count + 1);
        if (start == 0)
        {
            path.Add(root1.ToArray());
        }

        path.AddRange(proof);
        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return ProofVerification.Fail(ProofFailure.MalformedProof, "The consistency proof continues past the root.");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofVerification.Fail(ProofFailure.MalformedProof, "The consistency proof ends below the root.");
        }

        if (!fr.AsSpan().SequenceEqual(root1))
        {
            return ProofVerification.Fail(ProofFailure.FirstRootMismatch, $"The root of size {size1} computed from the consistency proof differs from the expected one.");
        }

        return sr.AsSpan().SequenceEqual(root2)
            ? ProofVerification.Valid
            : ProofVerification.Fail(ProofFailure.RootMismatch, $"The root of size {size2} computed from the consistency proof differs from the expected one.");
    }

    /// <summary>
    /// The number of proof hashes below the point where the leaf's path meets the right edge (inner) and on that edge
    /// (border), as transparency-dev/merkle computes them.
    /// </summary>
    internal static (int Inner, int Border) DecomposeInclusionProof(ulong index, ulong size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount(index ^ (size - 1));
        var border = BitOperations.PopCount(inner == 64 ? 0 : index >> inner);
        return (inner, border);
    }

    private static ProofVerification? HashLengthProblem(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, IReadOnlyList<byte[]> proof)
    {
        if (first.Length != MerkleHash.Size || second.Length != MerkleHash.Size)
        {
            return ProofVerification.Fail(ProofFailure.WrongHashLength, $"Hashes must be {MerkleHash.Size} bytes; got {first.Length} and {second.Length}.");
        }

        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is null || proof[i].Length != MerkleHash.Size)
            {
                return ProofVerification.Fail(ProofFailure.WrongHashLength, $"Proof hash {i} is {proof[i]?.Length ?? 0} bytes, not {MerkleHash.Size}.");
            }
        }

        return null;
    }
}
