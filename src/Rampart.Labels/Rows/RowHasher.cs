using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Rampart.Labels.Rows;

/// <summary>Hashes records field by field in the <see cref="RowEncoding"/> form without building the encoding.</summary>
internal sealed class RowHasher : IDisposable
{
    private static readonly byte[] LeafPrefix = [0x00];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _length = new byte[4];

    /// <summary>Starts a record: the leaf prefix when <paramref name="leaf"/> is set, then the field count.</summary>
    public void Begin(int fieldCount, bool leaf)
    {
        if (leaf)
        {
            _hash.AppendData(LeafPrefix);
        }

        BinaryPrimitives.WriteUInt32BigEndian(_length, (uint)fieldCount);
        _hash.AppendData(_length);
    }

    /// <summary>Adds one field's length and bytes.</summary>
    public void Field(ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_length, (uint)value.Length);
        _hash.AppendData(_length);
        _hash.AppendData(value);
    }

    /// <summary>Finishes the record into <paramref name="destination"/> (32 bytes).</summary>
    public void End(Span<byte> destination) => _hash.GetHashAndReset(destination);

    public void Dispose() => _hash.Dispose();
}
