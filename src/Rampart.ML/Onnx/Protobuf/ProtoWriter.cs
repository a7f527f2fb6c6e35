using System.Buffers.Binary;
using System.Text;

namespace Rampart.ML.Onnx.Protobuf;

/// <summary>Writes protobuf wire format into a growable buffer. Nested messages are written through a child writer.</summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void WriteTag(int field, WireType wire) => WriteVarint(((ulong)(uint)field << 3) | (uint)wire);

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteInt64IfNonZero(int field, long value)
    {
        if (value != 0)
        {
            WriteInt64(field, value);
        }
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> bytes)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)bytes.Length);
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteString(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            WriteBytes(field, Encoding.UTF8.GetBytes(value));
        }
    }

    public void WriteMessage(int field, ProtoWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WriteBytes(field, message._buffer.AsSpan(0, message._length));
    }

    public void WritePackedInt64(int field, IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner.WriteVarint(unchecked((ulong)v));
        }

        WriteMessage(field, inner);
    }

    public void WritePackedFloat(int field, IReadOnlyList<float> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var inner = new ProtoWriter();
        inner.Ensure(values.Count * 4);
        foreach (var v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(inner._buffer.AsSpan(inner._length), v);
            inner._length += 4;
        }

        WriteMessage(field, inner);
    }

    public void WritePackedDouble(int field, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var inner = new ProtoWriter();
        inner.Ensure(values.Count * 8);
        foreach (var v in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(inner._buffer.AsSpan(inner._length), v);
            inner._length += 8;
        }

        WriteMessage(field, inner);
    }

    private void Ensure(int extra)
    {
        var needed = checked(_length + extra);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, checked(_buffer.Length * 2)));
        }
    }
}
