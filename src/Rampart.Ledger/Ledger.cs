using System.Collections.Immutable;
using System.Security.Cryptography;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Events;
using Rampart.Ledger.Proofs;
using Rampart.Ledger.Storage;
using Rampart.Ledger.Verification;

namespace Rampart.Ledger;

/// <summary>
/// Rampart's tamper-evident ledger: an append-only log of <see cref="LedgerEvent"/> entries, each a leaf of an
/// RFC 9162 Merkle tree, with signed C2SP checkpoints. Open one with <see cref="Open(string)"/> or create one with
/// <see cref="Init(string, string, string)"/>; dispose it to close the store. Methods are synchronous because SQLite
/// is; an instance is not thread-safe, but any number of instances (in any number of processes) may append to the
/// same file at once.
/// </summary>
public sealed class Ledger : IDisposable
{
    private readonly ILedgerStore _store;
    private readonly StoredTree _tree;

    private Ledger(ILedgerStore store)
    {
        _store = store;
        _tree = new StoredTree(store);
        try
        {
            Verifier = NoteVerifier.Parse(store.Metadata.VerifierKey);
        }
        catch (FormatException ex)
        {
            throw new LedgerException($"The ledger's verifier key '{store.Metadata.VerifierKey}' is unreadable: {ex.Message}", ex);
        }
    }

    /// <summary>The log's origin (the first line of its checkpoints).</summary>
    public string Origin => _store.Metadata.Origin;

    /// <summary>The key that verifies this ledger's checkpoints.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>The number of entries.</summary>
    public long Count => _store.Size;

    /// <summary>The underlying store.</summary>
    public ILedgerStore Store => _store;

    /// <summary>
    /// Creates a SQLite ledger at <paramref name="path"/> with a new Ed25519 checkpoint key named
    /// <paramref name="origin"/>, written to <paramref name="keyPath"/> (mode 0600) before the ledger is created.
    /// </summary>
    /// <param name="path">The ledger file; it must not exist.</param>
    /// <param name="origin">The log origin, for example <c>example.com/credit-scoring/ledger</c>: no spaces, no '+'.</param>
    /// <param name="keyPath">Where to write the signing key; it must not exist.</param>
    /// <exception cref="LedgerException">A file exists, cannot be written, or the origin is invalid.</exception>
    public static Ledger Init(string path, string origin, string keyPath)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        var signer = NewSigner(origin);
        if (File.Exists(path))
        {
            throw new LedgerException($"'{path}' already exists; a new ledger needs a new file.");
        }

        NoteKeyFile.Write(keyPath, signer);
        try
        {
            return Init(path, signer.Verifier);
        }
        catch (LedgerException)
        {
            // No ledger was made with this key: do not leave an orphan key behind.
            File.Delete(keyPath);
            throw;
        }
    }

    /// <summary>Creates a SQLite ledger at <paramref name="path"/> whose checkpoints <paramref name="verifier"/> verifies; its name is the origin.</summary>
    /// <param name="path">The ledger file; it must not exist.</param>
    /// <param name="verifier">The checkpoint key.</param>
    /// <exception cref="LedgerException">The file exists or cannot be created.</exception>
    public static Ledger Init(string path, NoteVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(verifier);
        return new Ledger(SqliteLedgerStore.Create(path, new LedgerMetadata(verifier.Name, verifier.ToString())));
    }

    /// <summary>Returns a new random Ed25519 signer named <paramref name="origin"/>.</summary>
    /// <param name="origin">The log origin.</param>
    /// <exception cref="LedgerException">The origin is not a valid key name.</exception>
    public static NoteSigner NewSigner(string origin)
    {
        if (string.IsNullOrEmpty(origin) || !NoteKeyId.IsValidName(origin) || origin.Any(char.IsWhiteSpace))
        {
            throw new LedgerException($"The origin '{origin}' is not valid: it must be non-empty, without spaces or '+' (for example example.com/system/ledger).");
        }

        return new NoteSigner(origin, RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>Opens the SQLite ledger at <paramref name="path"/>.</summary>
    /// <param name="path">The ledger file.</param>
    /// <exception cref="LedgerException">The file does not exist (the message suggests <c>rampart ledger init</c>) or is not a ledger.</exception>
    public static Ledger Open(string path) => new(SqliteLedgerStore.Open(path));

    /// <summary>Wraps an already open store (for example another database).</summary>
    /// <param name="store">The store; the ledger disposes it.</param>
    public static Ledger Open(ILedgerStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new Ledger(store);
    }

    /// <summary>Appends one event; returns its index.</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="ArgumentException">The event is invalid.</exception>
    /// <exception cref="LedgerException">The store could not be written.</exception>
    public long Append(LedgerEvent e) => AppendBatch([e])[0];

    /// <summary>Appends events atomically, in order, as consecutive entries; returns their indexes.</summary>
    /// <param name="events">The events; at least one.</param>
    /// <exception cref="ArgumentException">An event is invalid (nothing is appended).</exception>
    /// <exception cref="LedgerException">The store could not be written (nothing is appended).</exception>
    public IReadOnlyList<long> AppendBatch(IReadOnlyList<LedgerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("Nothing to append.", nameof(events));
        }

        var records = new List<LedgerRecord>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var problems = events[i]?.Validate() ?? ["event: null"];
            if (!problems.IsEmpty)
            {
                throw new ArgumentException($"Event {i} is invalid: {string.Join("; ", problems)}", nameof(events));
            }

            records.Add(LedgerRecord.For(events[i].WriteCanonicalJson()));
        }

        var first = _store.Append(records);
        return [.. Enumerable.Range(0, records.Count).Select(i => first + i)];
    }

    /// <summary>Reads entry <paramref name="index"/>.</summary>
    /// <param name="index">The entry index.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such entry.</exception>
    public LedgerEntry Get(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var entries = Read(index, 1);
        return entries.Count > 0 ? entries[0] : throw new ArgumentOutOfRangeException(nameof(index), index, $"The ledger has no entry {index} (it has {Count}).");
    }

    /// <summary>Reads up to <paramref name="count"/> entries from <paramref name="from"/>, in order.</summary>
    /// <param name="from">The first index.</param>
    /// <param name="count">The most entries.</param>
    public IReadOnlyList<LedgerEntry> Read(long from, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. _store.ReadEntries(from, count).Select(e => new LedgerEntry(e.Index, [.. e.Data], [.. e.LeafHash], LedgerEvent.Parse(e.Data)))];
    }

    /// <summary>Returns the root hash of the tree of the first <paramref name="size"/> entries, in O(log n) reads.</summary>
    /// <param name="size">The tree size; at most <see cref="Count"/>.</param>
    public byte[] Root(long size)
    {
        CheckSize(size);
        return _tree.Batched(tree => tree.Root(size));
    }

    /// <summary>Returns the inclusion proof of entry <paramref name="index"/> in the tree of <paramref name="size"/> entries (default: all).</summary>
    /// <param name="index">The entry index.</param>
    /// <param name="size">The tree size; null for the current size.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index or size is out of range.</exception>
    public InclusionProof ProveInclusion(long index, long? size = null)
    {
        var treeSize = size ?? Count;
        CheckSize(treeSize);
        if (index < 0 || index >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Entry {index} is not in the tree of size {treeSize}.");
        }

        var (leaf, path, root) = _tree.Batched(tree => (tree.Leaf(index), tree.InclusionProof(index, treeSize), tree.Root(treeSize)));
        return new InclusionProof(index, treeSize, [.. leaf], [.. path.Select(h => h.ToImmutableArray())], [.. root]);
    }

    /// <summary>Returns the consistency proof from size <paramref name="size1"/> to <paramref name="size2"/>.</summary>
    /// <param name="size1">The older size; 0 &lt; size1 ≤ size2.</param>
    /// <param name="size2">The newer size; at most <see cref="Count"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public ConsistencyProof ProveConsistency(long size1, long size2)
    {
        CheckSize(size2);
        if (size1 <= 0 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"A consistency proof needs 0 < size1 ≤ size2 ({size2}).");
        }

        var (path, root1, root2) = _tree.Batched(tree => (tree.ConsistencyProof(size1, size2), tree.Root(size1), tree.Root(size2)));
        return new ConsistencyProof(size1, size2, [.. path.Select(h => h.ToImmutableArray())], [.. root1], [.. root2]);
    }

    /// <summary>Signs and stores a checkpoint of the current tree; returns the signed note.</summary>
    /// <param name="signer">The ledger's signing key.</param>
    /// <exception cref="LedgerException">The key is not this ledger's key.</exception>
    public StoredCheckpoint Checkpoint(NoteSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (signer.Verifier.ToString() != Verifier.ToString())
        {
            throw new LedgerException($"The key {signer.Name}+{signer.KeyId:x8} is not this ledger's checkpoint key ({Verifier.Name}+{Verifier.KeyId:x8}).");
        }

        var size = Count;
        var root = _tree.Batched(tree => tree.Root(size));
        var note = new Checkpoint { Origin = Origin, Size = (ulong)size, RootHash = [.. root] }.Sign(signer).ToString();
        _store.AddCheckpoint(size, root, note);
        return _store.ReadCheckpoints()[^1];
    }

    /// <summary>Every stored checkpoint, oldest first.</summary>
    public IReadOnlyList<StoredCheckpoint> Checkpoints() => _store.ReadCheckpoints();

    /// <summary>Returns a tlog-proof receipt for entry <paramref name="index"/> against the latest checkpoint that covers it.</summary>
    /// <param name="index">The entry index.</param>
    /// <exception cref="LedgerException">No checkpoint covers the entry yet.</exception>
    public LedgerReceipt Receipt(long index)
    {
        var checkpoint = _store.ReadCheckpoints().LastOrDefault(c => c.Size > index)
            ?? throw new LedgerException($"No checkpoint covers entry {index} yet; run 'rampart ledger checkpoint' first.");
        var proof = ProveInclusion(index, checkpoint.Size);
        return new LedgerReceipt { Index = index, Entry = Get(index).Data, Hashes = proof.Hashes, Checkpoint = checkpoint.Note };
    }

    /// <summary>Verifies the whole ledger: every leaf hash from its bytes, every stored node, every checkpoint's signature, root and consistency with the one before.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    public LedgerVerification Verify(VerifyOptions? options = null) => LedgerVerifier.Verify(_store, options ?? new VerifyOptions());

    /// <inheritdoc/>
    public void Dispose() => _store.Dispose();

    private void CheckSize(long size)
    {
        var count = Count;
        if (size < 0 || size > count)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The ledger has {count} entries; size {size} is out of range.");
        }
    }
}
