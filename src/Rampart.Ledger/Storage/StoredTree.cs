using System.Numerics;
using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Storage;

/// <summary>
/// The Merkle tree over a store's hashes. The store keeps every perfect subtree hash: node (level L, index i) is
/// MTH of leaves [i·2^L, (i+1)·2^L), level 0 being the leaf hashes, like the hashes of c2sp.org/tlog-tiles tiles.
/// Any MTH(D[a:b]) is then the fold of at most 2·log2(n) stored hashes, so roots and proofs at any size cost
/// O(log n) reads.
/// </summary>
public sealed class StoredTree
{
    private static readonly byte[] Placeholder = new byte[MerkleHash.Size];

    private readonly Func<int, long, byte[]?> _read;
    private readonly Func<IReadOnlyCollection<(int Level, long Index)>, IReadOnlyDictionary<(int Level, long Index), byte[]>>? _readMany;

    // In the planning pass only the reads matter: subtree roots are not folded.
    private bool _planning;

    /// <summary>Creates a tree reading stored hashes through <paramref name="read"/> (level, index → hash or null).</summary>
    /// <param name="read">Reads a stored hash; see <see cref="ILedgerStore.ReadHash"/>.</param>
    public StoredTree(Func<int, long, byte[]?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _read = read;
    }

    /// <summary>Creates a tree over <paramref name="store"/>; <see cref="Batched"/> then reads through <see cref="ILedgerStore.ReadHashes"/>.</summary>
    /// <param name="store">The store.</param>
    public StoredTree(ILedgerStore store)
        : this((store ?? throw new ArgumentNullException(nameof(store))).ReadHash)
    {
        _readMany = store.ReadHashes;
    }

    /// <summary>
    /// Runs <paramref name="compute"/> over this tree with every stored hash it needs fetched in one batched read:
    /// a first pass over placeholder hashes records which (level, index) pairs it reads (which depends only on the
    /// sizes and indexes, never on hash values), then the second pass runs over the fetched hashes.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="compute">Computes roots and proofs from the tree it is given.</param>
    public T Batched<T>(Func<StoredTree, T> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (_readMany is null)
        {
            return compute(this);
        }

        var keys = new HashSet<(int Level, long Index)>();
        compute(new StoredTree(
            (level, index) =>
            {
                keys.Add((level, index));
                return Placeholder;
            })
        { _planning = true });
        var fetched = _readMany(keys);
        return compute(new StoredTree((level, index) => fetched.TryGetValue((level, index), out var hash) ? hash : _read(level, index)));
    }

    /// <summary>Returns the stored leaf hash of entry <paramref name="index"/>.</summary>
    /// <param name="index">The entry index.</param>
    /// <exception cref="LedgerException">It is missing.</exception>
    public byte[] Leaf(long index) => Read(0, index);

    /// <summary>Returns MTH(D[0:size]); the empty-tree hash for size 0.</summary>
    /// <param name="size">The tree size.</param>
    /// <exception cref="LedgerException">A stored hash the computation needs is missing.</exception>
    public byte[] Root(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return SubtreeRoot(0, size);
    }

    /// <summary>Returns the RFC 9162 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    /// <param name="index">The leaf index; less than <paramref name="size"/>.</param>
    /// <param name="size">The tree size.</param>
    /// <exception cref="LedgerException">A stored hash the proof needs is missing.</exception>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        return MerkleTree.InclusionProof(index, size, SubtreeRoot);
    }

    /// <summary>Returns the RFC 9162 consistency proof between sizes <paramref name="size1"/> and <paramref name="size2"/>.</summary>
    /// <param name="size1">The older size; 0 &lt; size1 ≤ size2.</param>
    /// <param name="size2">The newer size.</param>
    /// <exception cref="LedgerException">A stored hash the proof needs is missing.</exception>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        return MerkleTree.ConsistencyProof(size1, size2, SubtreeRoot);
    }

    /// <summary>Returns MTH(D[low:high]) from the stored perfect subtrees covering the range.</summary>
    internal byte[] SubtreeRoot(long low, long high)
    {
        if (high == low)
        {
            return MerkleHash.EmptyTree;
        }

        // Split [low, high) greedily into aligned perfect subtrees, largest first; they decrease in size to the
        // right, so folding them from the right gives the RFC 9162 hash of the (unpadded) range.
        var parts = new List<byte[]>();
        var position = low;
        while (position < high)
        {
            var level = Math.Min(position == 0 ? 62 : BitOperations.TrailingZeroCount(position), 63 - BitOperations.LeadingZeroCount((ulong)(high - position)));
            parts.Add(Read(level, position >> level));
            position += 1L << level;
        }

        if (_planning)
        {
            return Placeholder;
        }

        var root = parts[^1];
        for (var i = parts.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.Node(parts[i], root);
        }

        return root;
    }

    /// <summary>
    /// The interior nodes that appending <paramref name="newLeafHashes"/> to a tree of <paramref name="oldSize"/>
    /// leaves completes, each once, in completion order. <paramref name="read"/> supplies older stored hashes.
    /// </summary>
    /// <param name="oldSize">The tree size before the append.</param>
    /// <param name="newLeafHashes">The appended leaves' hashes.</param>
    /// <param name="read">Reads an older stored hash (level, index).</param>
    /// <exception cref="LedgerException">An older stored hash the new nodes need is missing.</exception>
    public static IReadOnlyList<StoredNode> NewNodes(long oldSize, IReadOnlyList<byte[]> newLeafHashes, Func<int, long, byte[]?> read)
    {
        ArgumentNullException.ThrowIfNull(newLeafHashes);
        ArgumentNullException.ThrowIfNull(read);
        var nodes = new List<StoredNode>();
        var fresh = new Dictionary<(int, long), byte[]>();
        for (var j = 0; j < newLeafHashes.Count; j++)
        {
            var index = oldSize + j;
            var hash = newLeafHashes[j];
            fresh[(0, index)] = hash;
            var level = 0;
            while ((index & 1) == 1)
            {
                var left = fresh.TryGetValue((level, index - 1), out var cached) ? cached : read(level, index - 1) ?? throw Missing(level, index - 1);
                hash = MerkleHash.Node(left, hash);
                level++;
                index >>= 1;
                fresh[(level, index)] = hash;
                nodes.Add(new StoredNode(level, index, hash));
            }
        }

        return nodes;
    }

    private byte[] Read(int level, long index) => _read(level, index) ?? throw Missing(level, index);

    private static LedgerException Missing(int level, long index) =>
        new(level == 0
            ? $"The leaf hash of entry {index} is missing from the store; run 'rampart ledger verify'."
            : $"The stored hash of level {level}, index {index} (entries {index << level}..{((index + 1) << level) - 1}) is missing; run 'rampart ledger verify'.");
}
