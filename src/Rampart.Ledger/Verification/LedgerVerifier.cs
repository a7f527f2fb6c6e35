using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Events;
using Rampart.Ledger.Merkle;
using Rampart.Ledger.Storage;

namespace Rampart.Ledger.Verification;

/// <summary>
/// Verifies a whole ledger in one pass over its entries: each leaf hash is recomputed from the stored bytes, the
/// tree is rebuilt bottom-up with a stack of perfect subtrees, and each subtree hash is compared with the stored node
/// as it completes; then each checkpoint's signature, its root against the rebuilt tree, and its consistency with
/// the previous checkpoint. Memory stays O(log n) plus the checkpoints.
/// </summary>
internal sealed class LedgerVerifier
{
    private readonly ILedgerStore _store;
    private readonly VerifyOptions _options;
    private readonly List<LedgerProblem> _problems = [];
    private readonly List<Subtree> _stack = [];
    private readonly Dictionary<int, NodeCursor> _cursors = [];
    private long _nodesChecked;

    private LedgerVerifier(ILedgerStore store, VerifyOptions options)
    {
        _store = store;
        _options = options;
    }

    public static LedgerVerification Verify(ILedgerStore store, VerifyOptions options)
    {
        using var snapshot = store.BeginSnapshot();
        var verifier = new LedgerVerifier(store, options);
        try
        {
            return verifier.Run();
        }
        finally
        {
            foreach (var cursor in verifier._cursors.Values)
            {
                cursor.Dispose();
            }
        }
    }

    private LedgerVerification Run()
    {
        NoteVerifier? verifier = null;
        try
        {
            verifier = NoteVerifier.Parse(_store.Metadata.VerifierKey);
        }
        catch (FormatException ex)
        {
            Report(LedgerProblemKind.Metadata, null, null, $"The ledger's verifier key is unreadable: {ex.Message}");
        }

        if (_options.TrustedKey is { } trusted)
        {
            if (verifier is not null && verifier.ToString() != trusted.ToString())
            {
                Report(LedgerProblemKind.Metadata, null, null, $"The ledger's stored checkpoint key {verifier} is not the trusted key {trusted}.");
            }

            verifier = trusted;
        }

        long size;
        try
        {
            size = _store.Size;
        }
        catch (LedgerException ex)
        {
            Report(LedgerProblemKind.Metadata, null, null, ex.Message);
            return new LedgerVerification(0, 0, 0, 0, [], [.. _problems]);
        }

        var checkpoints = _store.ReadCheckpoints();
        var external = _options.ExternalCheckpoints.Select(note => Checkpoint.Parse(note)).ToList();
        var wanted = checkpoints.Select(c => c.Size)
            .Concat(external.Where(c => c.IsValid).Select(c => (long)Math.Min(c.Checkpoint!.Size, long.MaxValue)))
            .Where(s => s >= 0 && s <= size).Append(size).ToHashSet();
        var roots = new Dictionary<long, byte[]>();
        if (wanted.Contains(0))
        {
            roots[0] = MerkleHash.EmptyTree;
        }

        long expected = 0, entriesChecked = 0;
        var broken = false;
        foreach (var entry in _store.ReadEntries(0, long.MaxValue))
        {
            entriesChecked++;
            if (entry.Index >= size)
            {
                Report(LedgerProblemKind.ExtraEntry, entry.Index, null, $"Entry {entry.Index} exists beyond the recorded size {size}.");
                continue;
            }

            if (broken)
            {
                continue;
            }

            if (entry.Index != expected)
            {
                Report(LedgerProblemKind.MissingEntry, expected, null, $"Entr{(entry.Index - expected == 1 ? $"y {expected} is" : $"ies {expected}..{entry.Index - 1} are")} missing.");
                broken = true;
                continue;
            }

            var leaf = MerkleHash.Leaf(entry.Data);
            var tainted = false;
            if (!leaf.AsSpan().SequenceEqual(entry.LeafHash))
            {
                Report(LedgerProblemKind.LeafHashMismatch, entry.Index, null, $"Entry {entry.Index}: its stored leaf hash is not SHA-256(0x00 ‖ its bytes); the record or its hash was altered.");
                tainted = true;
            }

            if (_options.CheckEvents && LedgerEvent.Parse(entry.Data) is { IsValid: false } parsed)
            {
                Report(LedgerProblemKind.InvalidEvent, entry.Index, null, $"Entry {entry.Index} is not a valid event: {string.Join("; ", parsed.Problems)}.");
            }

            Push(new Subtree(leaf, 0, entry.Index, tainted));
            expected++;
            if (wanted.Contains(expected))
            {
                roots[expected] = Fold();
            }
        }

        if (!broken && expected < size)
        {
            Report(LedgerProblemKind.MissingEntry, expected, null, $"Entr{(size - expected == 1 ? $"y {expected} is" : $"ies {expected}..{size - 1} are")} missing (the recorded size is {size}).");
            broken = true;
        }

        if (!broken)
        {
            ReportExtraNodes(size);
        }

        var root = broken ? [] : roots[size];
        var checkpointsChecked = CheckCheckpoints(checkpoints, verifier, size, roots, broken);
        CheckExternalCheckpoints(external, verifier, size, roots);
        return new LedgerVerification(size, entriesChecked, _nodesChecked, checkpointsChecked, [.. root], [.. _problems]);
    }

    private void Push(Subtree leaf)
    {
        _stack.Add(leaf);
        while (_stack.Count >= 2 && _stack[^1].Level == _stack[^2].Level)
        {
            var right = _stack[^1];
            var left = _stack[^2];
            _stack.RemoveRange(_stack.Count - 2, 2);
            var node = new Subtree(MerkleHash.Node(left.Hash, right.Hash), left.Level + 1, left.Index >> 1, left.Tainted || right.Tainted);
            node = CheckStoredNode(node);
            _stack.Add(node);
        }
    }

    private Subtree CheckStoredNode(Subtree node)
    {
        var first = node.Index << node.Level;
        var last = ((node.Index + 1) << node.Level) - 1;
        var cursor = Cursor(node.Level);
        var stored = cursor.AdvanceTo(node.Index);
        if (stored is null)
        {
            Report(LedgerProblemKind.MissingNode, first, null, $"The stored node at level {node.Level}, index {node.Index} (entries {first}..{last}) is missing.");
            return node;
        }

        _nodesChecked++;
        if (stored.Hash.AsSpan().SequenceEqual(node.Hash))
        {
            return node;
        }

        // Above a leaf or node already reported, every stored ancestor differs too: report only the lowest.
        if (!node.Tainted)
        {
            Report(LedgerProblemKind.NodeMismatch, first, null, $"The stored node at level {node.Level}, index {node.Index} differs from the hash recomputed from entries {first}..{last}: the node, or entries in that range together with their leaf hashes, were altered.");
        }

        return node with { Tainted = true };
    }

    private void ReportExtraNodes(long size)
    {
        var highestLevel = _store.HighestNodeLevel();
        for (var level = 1; level <= highestLevel; level++)
        {
            foreach (var node in Cursor(level).Rest())
            {
                Report(LedgerProblemKind.ExtraNode, node.Index << level, null, $"A stored node at level {level}, index {node.Index} (entries {node.Index << level}..{((node.Index + 1) << level) - 1}) lies beyond the tree of {size} entries.");
            }
        }
    }

    private int CheckCheckpoints(IReadOnlyList<StoredCheckpoint> checkpoints, NoteVerifier? verifier, long size, Dictionary<long, byte[]> roots, bool broken)
    {
        // The proof between two checkpoints is built from stored hashes, as a client would receive it; when stored
        // hashes are already known to be wrong it is skipped (both roots are still compared with the rebuilt tree).
        var tree = new StoredTree(_store);
        (long Size, byte[] Root, long Id)? previous = null;
        long lastGoodSize = 0;
        foreach (var stored in checkpoints)
        {
            var id = stored.Id;
            var parse = Checkpoint.Parse(stored.Note);
            if (!parse.IsValid)
            {
                Report(LedgerProblemKind.CheckpointMalformed, null, id, $"Checkpoint {id} is not a well-formed signed checkpoint: {string.Join("; ", parse.Problems)}.");
                continue;
            }

            var checkpoint = parse.Checkpoint!;
            var cpSize = (long)checkpoint.Size;
            var cpRoot = checkpoint.RootHash.ToArray();
            var good = true;
            if (verifier is not null && parse.Note!.Verify([verifier]) is { IsValid: false } signature)
            {
                Report(LedgerProblemKind.CheckpointSignature, null, id, $"Checkpoint {id} (size {cpSize}): the signature does not verify with the ledger's key {verifier.Name}+{verifier.KeyId:x8}: {signature.Message}");
                good = false;
            }

            if (checkpoint.Origin != _store.Metadata.Origin)
            {
                Report(LedgerProblemKind.CheckpointMalformed, null, id, $"Checkpoint {id}: origin '{checkpoint.Origin}' is not the ledger's origin '{_store.Metadata.Origin}'.");
                good = false;
            }

            if (stored.Size != cpSize || !stored.Root.AsSpan().SequenceEqual(cpRoot))
            {
                Report(LedgerProblemKind.CheckpointRecordMismatch, null, id, $"Checkpoint {id}: the size or root stored beside the note ({stored.Size}) differs from the signed note (size {cpSize}).");
                good = false;
            }

            if (cpSize > size)
            {
                Report(LedgerProblemKind.CheckpointBeyondLog, size, id, $"Checkpoint {id} signs a tree of {cpSize} entries, but the ledger records {size}: {Removed(size, cpSize - 1)}.");
                good = false;
            }
            else if (roots.TryGetValue(cpSize, out var recomputed) && !recomputed.AsSpan().SequenceEqual(cpRoot))
            {
                Report(LedgerProblemKind.CheckpointRootMismatch, lastGoodSize, id, $"Checkpoint {id} (size {cpSize}): its root differs from the root recomputed from the entries; an entry in {lastGoodSize}..{cpSize - 1} differs from what was signed.");
                good = false;
            }

            if (previous is { } prev && good)
            {
                if (cpSize < prev.Size)
                {
                    Report(LedgerProblemKind.CheckpointInconsistent, null, id, $"Checkpoint {id} (size {cpSize}) is smaller than checkpoint {prev.Id} (size {prev.Size}) before it.");
                    good = false;
                }
                else if (prev.Size > 0 && !broken && !_problems.Any(p => p.Kind is LedgerProblemKind.MissingNode or LedgerProblemKind.NodeMismatch or LedgerProblemKind.LeafHashMismatch))
                {
                    var result = ConsistencyCheck(tree, prev.Size, prev.Root, cpSize, cpRoot);
                    if (!result.IsValid)
                    {
                        Report(LedgerProblemKind.CheckpointInconsistent, null, id, $"Checkpoint {id} (size {cpSize}) is not consistent with checkpoint {prev.Id} (size {prev.Size}): {result.Message}");
                        good = false;
                    }
                }
            }

            if (good)
            {
                previous = (cpSize, cpRoot, id);
                lastGoodSize = cpSize;
            }
        }

        return checkpoints.Count;
    }

    private void CheckExternalCheckpoints(List<CheckpointParseResult> external, NoteVerifier? verifier, long size, Dictionary<long, byte[]> roots)
    {
        for (var i = 0; i < external.Count; i++)
        {
            var name = $"External checkpoint {i + 1}";
            var parse = external[i];
            if (!parse.IsValid)
            {
                Report(LedgerProblemKind.CheckpointMalformed, null, null, $"{name} is not a well-formed signed checkpoint: {string.Join("; ", parse.Problems)}.");
                continue;
            }

            var checkpoint = parse.Checkpoint!;
            if (checkpoint.Origin != _store.Metadata.Origin)
            {
                Report(LedgerProblemKind.CheckpointMalformed, null, null, $"{name}: origin '{checkpoint.Origin}' is not the ledger's origin '{_store.Metadata.Origin}'.");
                continue;
            }

            if (verifier is not null && parse.Note!.Verify([verifier]) is { IsValid: false } signature)
            {
                Report(LedgerProblemKind.CheckpointSignature, null, null, $"{name} (size {checkpoint.Size}): the signature does not verify with the key {verifier.Name}+{verifier.KeyId:x8}: {signature.Message}");
                continue;
            }

            if (checkpoint.Size > (ulong)size)
            {
                Report(LedgerProblemKind.CheckpointBeyondLog, size, null, $"{name} signs a tree of {checkpoint.Size} entries, but the ledger records {size}: {Removed(size, (long)checkpoint.Size - 1)}.");
            }
            else if (roots.TryGetValue((long)checkpoint.Size, out var recomputed) && !recomputed.AsSpan().SequenceEqual(checkpoint.RootHash.AsSpan()))
            {
                Report(LedgerProblemKind.CheckpointRootMismatch, 0, null, $"{name} (size {checkpoint.Size}): its root differs from the root recomputed from the entries; an entry below {checkpoint.Size} differs from what was signed.");
            }
        }
    }

    private static string Removed(long first, long last) => first == last ? $"entry {first} was removed" : $"entries {first}..{last} were removed";

    private static ProofVerification ConsistencyCheck(StoredTree tree, long size1, byte[] root1, long size2, byte[] root2)
    {
        try
        {
            var proof = tree.ConsistencyProof(size1, size2);
            return MerkleProof.VerifyConsistency((ulong)size1, (ulong)size2, proof, root1, root2);
        }
        catch (LedgerException ex)
        {
            return new ProofVerification(ProofFailure.MalformedProof, ex.Message);
        }
    }

    private byte[] Fold()
    {
        var root = _stack[^1].Hash;
        for (var i = _stack.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.Node(_stack[i].Hash, root);
        }

        return root;
    }

    private NodeCursor Cursor(int level)
    {
        if (!_cursors.TryGetValue(level, out var cursor))
        {
            cursor = new NodeCursor(_store.ReadNodes(level).GetEnumerator());
            _cursors[level] = cursor;
        }

        return cursor;
    }

    private void Report(LedgerProblemKind kind, long? entry, long? checkpoint, string message)
    {
        if (_problems.Count < _options.MaxProblems)
        {
            _problems.Add(new LedgerProblem(kind, entry, checkpoint, message));
        }
    }

    private sealed record Subtree(byte[] Hash, int Level, long Index, bool Tainted);

    /// <summary>Walks one level's stored nodes in index order alongside the rebuild.</summary>
    private sealed class NodeCursor(IEnumerator<StoredNode> nodes) : IDisposable
    {
        private StoredNode? _current;
        private bool _loaded;

        public StoredNode? AdvanceTo(long index)
        {
            while (Peek() is { } node && node.Index < index)
            {
                _loaded = false;
            }

            if (Peek() is { } match && match.Index == index)
            {
                _loaded = false;
                return match;
            }

            return null;
        }

        public IEnumerable<StoredNode> Rest()
        {
            while (Peek() is { } node)
            {
                _loaded = false;
                yield return node;
            }
        }

        public void Dispose() => nodes.Dispose();

        private StoredNode? Peek()
        {
            if (!_loaded)
            {
                _current = nodes.MoveNext() ? nodes.Current : null;
                _loaded = true;
            }

            return _current;
        }
    }
}
