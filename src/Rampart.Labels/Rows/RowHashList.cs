using System.Collections;
using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Rows;

/// <summary>
/// A growable list of 32-byte hashes stored in 1 MiB chunks, so that millions of rows cost 32 bytes each and never one
/// large array. Indexing returns a span into the storage; the <see cref="IReadOnlyList{T}"/> view copies.
/// </summary>
internal sealed class RowHashList : IReadOnlyList<byte[]>
{
    private const int ChunkShift = 15;
    private const int ChunkHashes = 1 << ChunkShift;
    private readonly List<byte[]> _chunks = [];

    /// <summary>The number of hashes.</summary>
    public int Count { get; private set; }

    public byte[] this[int index] => Get(index).ToArray();

    /// <summary>The hash at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Get(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _chunks[(int)(index >> ChunkShift)].AsSpan((int)(index & (ChunkHashes - 1)) * MerkleHash.Size, MerkleHash.Size);
    }

    /// <summary>Appends a hash.</summary>
    public void Add(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A row hash is {MerkleHash.Size} bytes, not {hash.Length}.", nameof(hash));
        }

        var slot = Count & (ChunkHashes - 1);
        if (slot == 0)
        {
            _chunks.Add(new byte[Math.Min(ChunkHashes, Math.Max(64, Count)) * MerkleHash.Size]);
        }

        var chunk = _chunks[^1];
        if ((slot + 1) * MerkleHash.Size > chunk.Length)
        {
            var grown = new byte[Math.Min(ChunkHashes, chunk.Length / MerkleHash.Size * 2) * MerkleHash.Size];
            chunk.CopyTo(grown, 0);
            _chunks[^1] = chunk = grown;
        }

        hash.CopyTo(chunk.AsSpan(slot * MerkleHash.Size));
        Count++;
    }

    /// <summary>Whether hash <paramref name="index"/> equals <paramref name="other"/>'s hash <paramref name="otherIndex"/>.</summary>
    public bool SameAs(long index, RowHashList other, long otherIndex) => Get(index).SequenceEqual(other.Get(otherIndex));

    public IEnumerator<byte[]> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
