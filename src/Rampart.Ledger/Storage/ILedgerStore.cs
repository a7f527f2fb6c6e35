namespace Rampart.Ledger.Storage;

/// <summary>
/// Where a ledger keeps its entries, its stored subtree hashes and its checkpoints. <see cref="SqliteLedgerStore"/> is
/// the default; a server database can implement the same contract. Implementations must make <see cref="Append"/>
/// atomic (entries, nodes and size together or not at all) and serialise concurrent appenders, across processes.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>The ledger's origin and checkpoint verifier key, as written at initialisation.</summary>
    LedgerMetadata Metadata { get; }

    /// <summary>The recorded number of entries (the tree size), read from the store each time.</summary>
    long Size { get; }

    /// <summary>
    /// Appends entries in one transaction: their bytes and leaf hashes, every subtree hash they complete
    /// (<see cref="StoredTree"/> defines which), and the new size. Returns the index of the first entry appended.
    /// </summary>
    /// <param name="entries">The entries, in order; at least one.</param>
    long Append(IReadOnlyList<LedgerRecord> entries);

    /// <summary>Reads the entries with indexes in [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>) as stored, in index order (missing rows are simply absent).</summary>
    /// <param name="from">The first index.</param>
    /// <param name="count">The most entries to read.</param>
    IEnumerable<StoredEntry> ReadEntries(long from, long count);

    /// <summary>Reads one stored hash: a leaf hash at level 0, otherwise the hash of the perfect subtree of 2^level leaves starting at leaf index × 2^level. Null when absent.</summary>
    /// <param name="level">The level; 0 for leaves.</param>
    /// <param name="index">The subtree's index within its level.</param>
    byte[]? ReadHash(int level, long index);

    /// <summary>Reads many stored hashes at once (see <see cref="ReadHash"/>); absent ones are left out of the result.</summary>
    /// <param name="keys">The (level, index) pairs to read.</param>
    IReadOnlyDictionary<(int Level, long Index), byte[]> ReadHashes(IReadOnlyCollection<(int Level, long Index)> keys);

    /// <summary>Reads every stored interior node (level ≥ 1) of <paramref name="level"/>, in index order.</summary>
    /// <param name="level">The level, from 1.</param>
    IEnumerable<StoredNode> ReadNodes(int level);

    /// <summary>The highest level holding a stored interior node; 0 when there are none.</summary>
    int HighestNodeLevel();

    /// <summary>Stores a signed checkpoint of the tree at <paramref name="size"/>.</summary>
    /// <param name="size">The tree size; not less than the last checkpoint's.</param>
    /// <param name="root">The root hash at that size.</param>
    /// <param name="note">The signed note text.</param>
    /// <exception cref="LedgerException">A checkpoint of a larger size was stored in the meantime.</exception>
    void AddCheckpoint(long size, byte[] root, string note);

    /// <summary>Reads every stored checkpoint, oldest first.</summary>
    IReadOnlyList<StoredCheckpoint> ReadCheckpoints();

    /// <summary>Starts a read snapshot: reads until it is disposed see one state of the store, whatever appenders do.</summary>
    IDisposable BeginSnapshot();
}
