using System.Buffers.Binary;
using System.Text;

namespace Rampart.ML.Onnx.Protobuf;

/// <summary>
/// Reads protobuf wire format from a span. Every read is bounds-checked; errors become
/// <see cref="OnnxFormatException"/> naming the message being read.
/// </summary>
internal ref struct ProtoReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _context;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, string context)
    {
        _data = data;
        _context = context;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field tag.</summary>
    public (int Field, WireType Wire) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        var wire = (WireType)(tag & 7);
        if (field == 0 || field > 536_870_911)
        {
            throw Error($"invalid field number {field}");
        }

        if (wire is WireType.StartGroup or WireType.EndGroup || (int)wire > 5)
        {
            throw Error($"unsupported wire type {(int)wire} for field {field}");
        }

        return ((int)field, wire);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Error("truncated varint");
            }

            var b = _data[_position++];
            if (shift == 63 && b > 1)
            {
                throw Error("varint longer than 64 bits");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Error("varint longer than 10 bytes");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public int ReadInt32() => unchecked((int)(long)ReadVarint());

    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4)
        {
            throw Error("truncated fixed32");
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            throw Error("truncated fixed64");
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public float ReadFloat() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    /// <summary>Reads a length-delimited payload as a slice of the input (no copy).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Error($"length {length} runs past the end of the message ({_data.Length - _position} bytes left)");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Reads a string field after checking its wire type.</summary>
    public string ReadString(WireType wire, string field)
    {
        Expect(wire, WireType.LengthDelimited, field);
        return ReadString();
    }

    /// <summary>Reads an int64 varint field after checking its wire type.</summary>
    public long ReadInt64(WireType wire, string field)
    {
        Expect(wire, WireType.Varint, field);
        return ReadInt64();
    }

    /// <summary>Reads an int32 varint field after checking its wire type.</summary>
    public int ReadInt32(WireType wire, string field)
    {
        Expect(wire, WireType.Varint, field);
        return ReadInt32();
    }

    public string ReadString()
    {
        var bytes = ReadBytes();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("string is not valid UTF-8");
        }
    }

    /// <summary>Skips an unknown field.</summary>
    public void Skip(WireType wire)
    {
        switch (wire)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            default:
                throw Error($"unsupported wire type {(int)wire}");
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="expected"/>.</summary>
    public readonly void Expect(WireType actual, WireType expected, string field)
    {
        if (actual != expected)
        {
            throw Error($"field '{field}' has wire type {actual}, expected {expected}");
        }
    }

    public readonly OnnxFormatException Error(string what) =>
        new(OnnxErrorKind.Malformed, $"Malformed ONNX protobuf in {_context} at byte {_position}: {what}.");

    /// <summary>Reads one or more varints: a packed run (length-delimited) or a single unpacked value.</summary>
    public void ReadRepeatedVarint(WireType wire, List<long> target, long maxCount, string field)
    {
        if (wire == WireType.Varint)
        {
            CheckCount(target.Count + 1, maxCount, field);
            target.Add(ReadInt64());
            return;
        }

        Expect(wire, WireType.LengthDelimited, field);
        var packed = ReadBytes();
        var count = 0;
        foreach (var b in packed)
        {
            if ((b & 0x80) == 0)
            {
                count++;
            }
        }

        CheckCount(target.Count + (long)count, maxCount, field);
        target.EnsureCapacity(target.Count + count);
        var inner = new ProtoReader(packed, _context + "." + field);
        while (!inner.AtEnd)
        {
            target.Add(inner.ReadInt64());
        }
    }

    public void ReadRepeatedFloat(WireType wire, List<float> target, long maxCount, string field)
    {
        if (wire == WireType.Fixed32)
        {
            CheckCount(target.Count + 1, maxCount, field);
            target.Add(ReadFloat());
            return;
        }

        Expect(wire, WireType.LengthDelimited, field);
        var packed = ReadBytes();
        if (packed.Length % 4 != 0)
        {
            throw Error($"packed field '{field}' has {packed.Length} bytes, not a multiple of 4");
        }

        CheckCount(target.Count + (packed.Length / 4L), maxCount, field);
        target.EnsureCapacity(target.Count + (packed.Length / 4));
        for (var i = 0; i < packed.Length; i += 4)
        {
            target.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[i..]));
        }
    }

    public void ReadRepeatedDouble(WireType wire, List<double> target, long maxCount, string field)
    {
        if (wire == WireType.Fixed64)
        {
            CheckCount(target.Count + 1, maxCount, field);
            target.Add(ReadDouble());
            return;
        }

        Expect(wire, WireType.LengthDelimited, field);
        var packed = ReadBytes();
        if (packed.Length % 8 != 0)
        {
            throw Error($"packed field '{field}' has {packed.Length} bytes, not a multiple of 8");
        }

        CheckCount(target.Count + (packed.Length / 8L), maxCount, field);
        target.EnsureCapacity(target.Count + (packed.Length / 8));
        for (var i = 0; i < packed.Length; i += 8)
        {
            target.Add(BinaryPrimitives.ReadDoubleLittleEndian(packed[i..]));
        }
    }

    private readonly void CheckCount(long count, long maxCount, string field)
    {
        if (count > maxCount)
        {
            throw new OnnxFormatException(
                OnnxErrorKind.LimitExceeded,
                $"ONNX field '{field}' in {_context} holds more than {maxCount} values (the tensor element limit).");
        }
    }
}
