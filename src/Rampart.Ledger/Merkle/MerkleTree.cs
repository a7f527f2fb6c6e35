namespace Rampart.Ledger.Merkle;

/// <summary>
/// Computes RFC 9162 tree heads and proofs from a list of leaf hashes. Every computation is iterative (a stack of
/// complete subtrees), so no call recurses over the tree size; proofs cost time linear in the leaves they cover.
/// </summary>
public static class MerkleTree
{
    /// <summary>Returns MTH(D[0:n]), the root of the tree over all of <paramref name="leafHashes"/>.</summary>
    /// <param name="leafHashes">The leaf hashes in log order; each <see cref="MerkleHash.Size"/> bytes.</param>
    /// <returns>The root; the empty-tree hash when there are no leaves.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="leafHashes"/> is null.</exception>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return SubtreeRoot(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>Returns the inclusion proof (audit path, leaf to root) of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    /// <param name="leafHashes">The leaf hashes in log order; at least <paramref name="size"/> of them.</param>
    /// <param name="index">The 0-based leaf index; less than <paramref name="size"/>.</param>
    /// <param name="size">The tree size the proof is for.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index or size is out of range.</exception>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index, long size)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, leafHashes.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        return InclusionProof(index, size, (low, high) => SubtreeRoot(leafHashes, low, high));
    }

    /// <summary>
    /// The inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves, with subtree
    /// hashes MTH(D[low:high]) supplied by <paramref name="subtreeRoot"/> (a store of cached subtrees makes it O(log n)).
    /// Every range asked for starts on a multiple of the largest power of two below its length. Arguments are checked by
    /// the caller.
    /// </summary>
    /// <param name="index">The leaf, 0 ≤ index &lt; size.</param>
    /// <param name="size">The tree size.</param>
    /// <param name="subtreeRoot">Returns MTH(D[low:high]).</param>
    /// <returns>The audit path, leaf to root.</returns>
    public static IReadOnlyList<byte[]> InclusionProof(long index, long size, Func<long, long, byte[]> subtreeRoot)
    {
        // Walk down from the root, remembering the sibling subtree at each split; the path is leaf to root.
        var path = new List<byte[]>();
        long low = 0, high = size, m = index;
        while (high - low > 1)
        {
            var k = LargestPowerOfTwoBelow(high - low);
            if (m < k)
            {
                path.Add(subtreeRoot(low + k, high));
                high = low + k;
            }
            else
            {
                path.Add(subtreeRoot(low, low + k));
                low += k;
                m -= k;
            }
        }

        path.Reverse();
        return path;
    }

    /// <summary>Returns the RFC 9162 consistency proof PROOF(size1, D[size2]) between two tree sizes.</summary>
    /// <param name="leafHashes">The leaf hashes in log order; at least <paramref name="size2"/> of them.</param>
    /// <param name="size1">The older tree size; 0 &lt; size1 ≤ size2.</param>
    /// <param name="size2">The newer tree size.</param>
    /// <returns>The proof; empty when the sizes are equal.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long size1, long size2)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size2, leafHashes.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        return ConsistencyProof(size1, size2, (low, high) => SubtreeRoot(leafHashes, low, high));
    }

    /// <summary>
    /// The consistency proof from <paramref name="size1"/> to <paramref name="size2"/> (0 &lt; size1 ≤ size2), with
    /// subtree hashes MTH(D[low:high]) supplied by <paramref name="subtreeRoot"/>. Arguments are checked by the caller.
    /// </summary>
    /// <param name="size1">The older tree size.</param>
    /// <param name="size2">The newer tree size.</param>
    /// <param name="subtreeRoot">Returns MTH(D[low:high]).</param>
    /// <returns>The proof, in RFC 9162 order.</returns>
    public static IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2, Func<long, long, byte[]> subtreeRoot)
    {
        // SUBPROOF(m, D[low:high], b) unrolled: each step adds one sibling and descends into one half.
        var proof = new List<byte[]>();
        long low = 0, high = size2, m = size1;
        var complete = true;
        while (true)
        {
            var n = high - low;
            if (m == n)
            {
                if (!complete)
                {
                    proof.Add(subtreeRoot(low, high));
                }

                break;
            }

            var k = LargestPowerOfTwoBelow(n);
            if (m <= k)
            {
                proof.Add(subtreeRoot(low + k, high));
                high = low + k;
            }
            else
            {
                proof.Add(subtreeRoot(low, low + k));
                low += k;
                m -= k;
                complete = false;
            }
        }

        proof.Reverse();
        return proof;
    }

    /// <summary>Returns MTH(D[low:high]) with a stack of complete subtrees, merging equal sizes as leaves arrive.</summary>
    internal static byte[] SubtreeRoot(IReadOnlyList<byte[]> leafHashes, long low, long high)
    {
        if (high == low)
        {
            return MerkleHash.EmptyTree;
        }

        var stack = new Stack<(byte[] Hash, long Size)>();
        for (var i = low; i < high; i++)
        {
            var hash = leafHashes[checked((int)i)];
            if (hash.Length != MerkleHash.Size)
            {
                throw new ArgumentException($"Leaf hash {i} is {hash.Length} bytes, not {MerkleHash.Size}.", nameof(leafHashes));
            }

            var size = 1L;
            while (stack.Count > 0 && stack.Peek().Size == size)
            {
                var left = stack.Pop();
                hash = MerkleHash.Node(left.Hash, hash);
                size *= 2;
            }

            stack.Push((hash, size));
        }

        // The right edge is unbalanced: fold the remaining (decreasing) subtrees from the right, unpadded.
        var root = stack.Pop().Hash;
        while (stack.Count > 0)
        {
            root = MerkleHash.Node(stack.Pop().Hash, root);
        }

        return root;
    }

    /// <summary>The largest power of two strictly less than <paramref name="n"/> (n &gt; 1).</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << (63 - (int)long.LeadingZeroCount(n - 1));
}
