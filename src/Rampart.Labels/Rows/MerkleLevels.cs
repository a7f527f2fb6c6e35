using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Rows;

/// <summary>
/// Every complete aligned subtree of an RFC 9162 tree, kept level by level (about twice the leaves' memory), so that
/// any subtree root, inclusion proof or consistency proof costs O(log n) hashes instead of re-hashing the leaves.
/// Proofs are the ones <see cref="MerkleTree"/> computes; the tests compare them for every size and index up to 64.
/// </summary>
internal sealed class MerkleLevels
{
    private readonly List<RowHashList> _levels;

    public MerkleLevels(RowHashList leaves)
    {
        _levels = [leaves];
        var level = leaves;
        while (level.Count > 1)
        {
            var next = new RowHashList();
            for (var i = 0; i + 1 < level.Count; i += 2)
            {
                next.Add(MerkleHash.Node(level.Get(i), level.Get(i + 1)));
            }

            _levels.Add(next);
            level = next;
        }
    }

    /// <summary>The number of leaves.</summary>
    public long Size => _levels[0].Count;

    /// <summary>MTH(D[0:size]).</summary>
    public byte[] Root(long size) => SubtreeRoot(0, size);

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        return MerkleTree.InclusionProof(index, size, SubtreeRoot);
    }

    /// <summary>The RFC 9162 consistency proof from <paramref name="size1"/> to <paramref name="size2"/> (0 &lt; size1 ≤ size2).</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size2, Size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        return MerkleTree.ConsistencyProof(size1, size2, SubtreeRoot);
    }

    /// <summary>
    /// MTH(D[low:high]) for a range that starts on a multiple of the largest power of two not above its length, as
    /// every range in an RFC 9162 proof does: the complete aligned blocks of the range, folded from the right.
    /// </summary>
    internal byte[] SubtreeRoot(long low, long high)
    {
        if (high == low)
        {
            return MerkleHash.EmptyTree;
        }

        var blocks = new List<byte[]>();
        var position = low;
        while (position < high)
        {
            var level = 63 - (int)long.LeadingZeroCount(high - position);
            var size = 1L << level;
            if (position % size != 0)
            {
                throw new InvalidOperationException($"The range [{low}, {high}) is not aligned for a cached subtree.");
            }

            blocks.Add(_levels[level].Get(position >> level).ToArray());
            position += size;
        }

        var root = blocks[^1];
        for (var i = blocks.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.Node(blocks[i], root);
        }

        return root;
    }
}
