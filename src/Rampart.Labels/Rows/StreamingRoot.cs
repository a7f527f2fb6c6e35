using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Rows;

/// <summary>
/// The RFC 9162 tree head over leaves that arrive one at a time, in memory logarithmic in the count: a stack of
/// complete subtrees, merged as equal sizes meet and folded from the right at the end.
/// </summary>
internal sealed class StreamingRoot
{
    private readonly Stack<(byte[] Hash, long Size)> _stack = new();

    /// <summary>The number of leaves added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds the next leaf hash.</summary>
    public void Add(ReadOnlySpan<byte> leafHash)
    {
        var hash = leafHash.ToArray();
        var size = 1L;
        while (_stack.Count > 0 && _stack.Peek().Size == size)
        {
            hash = MerkleHash.Node(_stack.Pop().Hash, hash);
            size *= 2;
        }

        _stack.Push((hash, size));
        Count++;
    }

    /// <summary>The root of the leaves added so far (the empty-tree hash for none).</summary>
    public byte[] Root()
    {
        if (_stack.Count == 0)
        {
            return MerkleHash.EmptyTree;
        }

        byte[]? root = null;
        foreach (var (hash, _) in _stack)
        {
            // The stack enumerates from the top (smallest, rightmost) subtree down.
            root = root is null ? hash : MerkleHash.Node(hash, root);
        }

        return root!;
    }
}
