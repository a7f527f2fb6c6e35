using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Rampart.Labels.Rows;

/// <summary>
/// Hashes records in the <see cref="RowEncoding"/> form: the encoding is built in one reused buffer and hashed with a
/// single SHA-256 call per row (many small incremental appends per field cost several times more).
/// </summary>
internal sealed class RowHasher : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;

    /// <summary>Starts a record: the leaf prefix when <paramref name="leaf"/> is set, then the field count.</summary>
    public void Begin(int fieldCount, bool leaf)
    {
        _length = 0;
        if (leaf)
        {
            _buffer[_length++] = 0x00;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), (uint)fieldCount);
        _length += 4;
    }

    /// <summary>Adds one field's length and bytes.</summary>
    public void Field(ReadOnlySpan<byte> value)
    {
        Ensure(4 + value.Length);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), (uint)value.Length);
        value.CopyTo(_buffer.AsSpan(_length + 4));
        _length += 4 + value.Length;
    }

    /// <summary>Finishes the record into <paramref name="destination"/> (32 bytes).</summary>
    public void End(Span<byte> destination) => SHA256.HashData(_buffer.AsSpan(0, _length), destination);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)_length + more)));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
