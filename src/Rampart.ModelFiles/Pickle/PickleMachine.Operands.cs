using System.Buffers.Binary;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Operand decoding: integers, lines, strings, bytes; long operands are skipped by seeking.</summary>
internal sealed partial class PickleMachine
{
    private readonly byte[] _scratch = new byte[8];

    private ReadOnlySpan<byte> Bytes(int count)
    {
        _reader.ReadExactly(_scratch.AsSpan(0, count));
        return _scratch.AsSpan(0, count);
    }

    private long Length8()
    {
        var length = BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));
        if (length > (ulong)_reader.Remaining)
        {
            throw new EndOfStreamException();
        }

        return (long)length;
    }

    private long SignedLength(int size)
    {
        long length = BinaryPrimitives.ReadInt32LittleEndian(Bytes(size));
        if (length < 0)
        {
            throw new PickleStopException($"{Name(_lastOpcode)} at offset {_offset} has the negative length {length}; loading fails there.");
        }

        return length;
    }

    private byte[] Line(int keep) => _reader.ReadLine(keep, out _);

    private PickleValue IntLine(bool allowBool)
    {
        var text = PickleText.Latin1(Line(4400));
        if (allowBool && text == "00")
        {
            return PickleValue.False;
        }

        if (allowBool && text == "01")
        {
            return PickleValue.True;
        }

        if (PickleText.TryParseInteger(text, out var value))
        {
            return new PickleValue.Integer(value);
        }

        Fault($"{Name(_lastOpcode)} at offset {_offset} has an argument that is not an integer.");
        return new PickleValue.Opaque("bad integer");
    }

    private long MemoKeyLine()
    {
        var text = PickleText.Latin1(Line(64));
        if (PickleText.TryParseInteger(text, out var value) && value >= long.MinValue && value <= long.MaxValue)
        {
            return (long)value;
        }

        Fault($"{Name(_lastOpcode)} at offset {_offset} has a memo key that is not an integer.");
        return -1;
    }

    private PickleValue.Text TextLine(bool ascii)
    {
        var line = _reader.ReadLine(_scan.TextKeep(int.MaxValue), out var complete);
        if (ascii && !PickleText.IsAscii(line))
        {
            Fault($"{Name(_lastOpcode)} at offset {_offset} has an argument that is not ASCII.");
        }

        return new PickleValue.Text(PickleText.Latin1(line), complete);
    }

    private PickleValue QuotedString()
    {
        var line = _reader.ReadLine(_scan.TextKeep(int.MaxValue), out var complete);
        if (!complete)
        {
            return new PickleValue.Text(PickleText.Latin1(line.AsSpan(Math.Min(1, line.Length))), false);
        }

        if (PickleText.DecodeQuotedString(line) is { } text)
        {
            return new PickleValue.Text(text, true);
        }

        Fault($"STRING at offset {_offset} has an argument that is not quoted.");
        return new PickleValue.Opaque("bad string");
    }

    private PickleValue.Text UnicodeLine()
    {
        var line = _reader.ReadLine(_scan.TextKeep(int.MaxValue), out var complete);
        return new PickleValue.Text(PickleText.DecodeRawUnicodeEscape(line), complete);
    }

    private PickleValue.Text TextOperand(long length, bool utf8)
    {
        if (length > _reader.Remaining)
        {
            throw new EndOfStreamException();
        }

        var keep = (int)Math.Min(length, _scan.TextKeep(length));
        var bytes = _reader.ReadBytes(keep);
        _reader.Skip(length - keep);
        var complete = keep == length;
        if (!utf8)
        {
            return new PickleValue.Text(PickleText.Latin1(bytes), complete);
        }

        if (!PickleText.TryUtf8(bytes, out var text) && complete)
        {
            Fault($"{Name(_lastOpcode)} at offset {_offset} holds invalid UTF-8; loading fails there.");
        }

        return new PickleValue.Text(text, complete);
    }

    private PickleValue.Bytes BytesOperand(long length)
    {
        if (length > _reader.Remaining)
        {
            throw new EndOfStreamException();
        }

        var offset = _reader.Position;
        if (length <= PickleScan.InlineBytes)
        {
            var data = _reader.ReadBytes((int)length);
            return new PickleValue.Bytes { Data = data, Prefix = data, Offset = offset, Length = length };
        }

        var prefix = _reader.ReadBytes(PickleScan.InlineBytes);
        _reader.Skip(length - prefix.Length);
        return new PickleValue.Bytes { Prefix = prefix, Offset = offset, Length = length };
    }

    private PickleValue LongOperand(long length)
    {
        if (length > _reader.Remaining)
        {
            throw new EndOfStreamException();
        }

        if (length > 4096)
        {
            _reader.Skip(length);
            return new PickleValue.Opaque("large integer");
        }

        return new PickleValue.Integer(PickleText.LittleEndianSigned(_reader.ReadBytes((int)length)));
    }

    private void Fault(string message)
    {
        _faults++;
        _scan.Report(PickleRules.Malformed, message, _offset, _index);
        if (_faults >= MaxFaults)
        {
            throw new PickleStopException($"The pickle has {MaxFaults} or more errors; the rest of the file was not analysed.");
        }
    }
}
