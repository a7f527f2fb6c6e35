using System.Text;

namespace Rampart.ModelFiles.IO;

/// <summary>
/// A protobuf wire-format reader over a seekable stream, shared by the ONNX, SavedModel and Keras metadata scanners.
/// Messages are read by position: a length-delimited field is entered by remembering where it ends (every read takes
/// the end of its enclosing message, and every length is checked against what is really left of it), and payloads
/// (tensor bytes, doc strings) are skipped by seeking, never read. Bytes read (as opposed to skipped) are counted
/// against a budget, so a huge graph cannot exhaust memory; broken data throws <see cref="MalformedFileException"/>
/// with the rule given at construction and the byte offset; skipped groups nest at most to a given depth.
/// </summary>
internal sealed class ProtobufReader
{
    private readonly Stream _stream;
    private readonly long _maxReadBytes;
    private readonly string _malformedRule;
    private readonly CancellationToken _cancellationToken;
    private long _readBytes;

    /// <summary>Creates a reader; the caller sets <see cref="Position"/> and passes the ends of the messages.</summary>
    /// <param name="stream">The data, seekable.</param>
    /// <param name="maxReadBytes">Most bytes read (not skipped) before a <see cref="ScanLimitException"/>.</param>
    /// <param name="malformedRule">Rule id of the <see cref="MalformedFileException"/>s thrown for broken data.</param>
    /// <param name="cancellationToken">Checked at every tag read.</param>
    public ProtobufReader(Stream stream, long maxReadBytes, string malformedRule, CancellationToken cancellationToken = default)
    {
        _stream = stream;
        _maxReadBytes = maxReadBytes;
        _malformedRule = malformedRule;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Wire type 0: varint.</summary>
    public const int Varint = 0;

    /// <summary>Wire type 1: 8 bytes.</summary>
    public const int Fixed64 = 1;

    /// <summary>Wire type 2: length-delimited.</summary>
    public const int LengthDelimited = 2;

    /// <summary>Wire type 3: start of a (deprecated) group.</summary>
    public const int StartGroup = 3;

    /// <summary>Wire type 4: end of a group.</summary>
    public const int EndGroup = 4;

    /// <summary>Wire type 5: 4 bytes.</summary>
    public const int Fixed32 = 5;

    /// <summary>The read position.</summary>
    public long Position
    {
        get => _stream.Position;
        set => _stream.Position = value;
    }

    /// <summary>Reads the next tag before <paramref name="end"/>.</summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <param name="field">The field number.</param>
    /// <param name="wire">The wire type.</param>
    /// <returns><c>false</c> at the end of the message.</returns>
    public bool TryReadTag(long end, out int field, out int wire)
    {
        field = 0;
        wire = 0;
        if (Position >= end)
        {
            return false;
        }

        var at = Position;
        var tag = ReadVarint(end);
        field = (int)Math.Min(tag >> 3, int.MaxValue);
        wire = (int)(tag & 7);
        if (field == 0 || tag >> 3 > 0x1FFF_FFFF)
        {
            throw Malformed($"The protobuf data has the invalid field number {tag >> 3}.", at);
        }

        if (wire is 6 or 7)
        {
            throw Malformed($"The protobuf data has the invalid wire type {wire}.", at);
        }

        _cancellationToken.ThrowIfCancellationRequested();
        return true;
    }

    /// <summary>Reads a varint that must end before <paramref name="end"/>.</summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <returns>The value.</returns>
    public ulong ReadVarint(long end)
    {
        var at = Position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (Position >= end)
            {
                throw Malformed("A protobuf varint runs past the end of its message.", at);
            }

            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException();
            }

            Count(1);
            if (shift == 63 && b > 1)
            {
                throw Malformed("A protobuf varint is longer than 64 bits.", at);
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Malformed("A protobuf varint is longer than 10 bytes.", at);
    }

    /// <summary>Reads the length of a length-delimited field and checks it fits its message.</summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <returns>The end position of the field's content.</returns>
    public long ReadLengthEnd(long end)
    {
        var at = Position;
        var length = ReadVarint(end);
        if (length > (ulong)(end - Position))
        {
            throw Malformed($"A protobuf field claims {length:N0} bytes but its message has only {end - Position:N0} left.", at);
        }

        return Position + (long)length;
    }

    /// <summary>
    /// Reads the length of a length-delimited field that is read as a nested message, like
    /// <see cref="ReadLengthEnd"/>, and refuses to nest it deeper than <paramref name="maxDepth"/> levels.
    /// </summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <param name="depth">Nesting depth of the enclosing message (0 at the top level).</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    /// <returns>The end position of the nested message.</returns>
    public long ReadMessageEnd(long end, int depth, int maxDepth)
    {
        var stop = ReadLengthEnd(end);
        if (depth >= maxDepth)
        {
            throw new ScanLimitException($"Protobuf messages are nested deeper than {maxDepth} levels (limit).") { Offset = Position };
        }

        return stop;
    }

    /// <summary>Reads a length-delimited string field.</summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <returns>The string (invalid UTF-8 replaced, as protobuf's C++ runtime tolerates it in proto2).</returns>
    public string ReadString(long end) => ReadContentString(ReadLengthEnd(end));

    /// <summary>Reads a length-delimited string field, keeping at most <paramref name="maxBytes"/> of its bytes.</summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <param name="maxBytes">Most bytes kept; the rest is skipped.</param>
    /// <returns>The (possibly cut) string, invalid UTF-8 replaced.</returns>
    public string ReadString(long end, int maxBytes) => Encoding.UTF8.GetString(ReadContentBytes(ReadLengthEnd(end), maxBytes));

    /// <summary>
    /// Reads the bytes from the position to <paramref name="stop"/>, keeping at most <paramref name="maxBytes"/> of
    /// them (counted before anything is allocated) and skipping the rest.
    /// </summary>
    /// <param name="stop">End of the content, from <see cref="ReadLengthEnd"/>.</param>
    /// <param name="maxBytes">Most bytes kept.</param>
    /// <returns>The bytes kept.</returns>
    public byte[] ReadContentBytes(long stop, int maxBytes)
    {
        var keep = (int)Math.Min(stop - Position, maxBytes);
        Count(keep);
        var bytes = new byte[keep];
        _stream.ReadExactly(bytes);
        Position = stop;
        return bytes;
    }

    /// <summary>Reads the bytes from the position to <paramref name="stop"/> as a string.</summary>
    /// <param name="stop">End of the string's content.</param>
    /// <returns>The string.</returns>
    public string ReadContentString(long stop)
    {
        var length = (int)(stop - Position);
        Count(length);
        var bytes = new byte[length];
        _stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads 4 bytes.</summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <returns>The bytes as a little-endian value.</returns>
    public uint ReadFixed32(long end)
    {
        Span<byte> bytes = stackalloc byte[4];
        Require(4, end);
        _stream.ReadExactly(bytes);
        Count(4);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>Reads 8 bytes.</summary>
    /// <param name="end">End of the enclosing message.</param>
    /// <returns>The bytes as a little-endian value.</returns>
    public ulong ReadFixed64(long end)
    {
        Span<byte> bytes = stackalloc byte[8];
        Require(8, end);
        _stream.ReadExactly(bytes);
        Count(8);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>Skips a field's value without reading a length-delimited payload.</summary>
    /// <param name="wire">The wire type.</param>
    /// <param name="end">End of the enclosing message.</param>
    /// <param name="field">The field number (to match a group's end).</param>
    /// <param name="depth">Nesting depth, for groups.</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    public void Skip(int wire, long end, int field, int depth, int maxDepth)
    {
        switch (wire)
        {
            case Varint:
                ReadVarint(end);
                break;
            case Fixed64:
                Require(8, end);
                Position += 8;
                break;
            case LengthDelimited:
                Position = ReadLengthEnd(end);
                break;
            case Fixed32:
                Require(4, end);
                Position += 4;
                break;
            case StartGroup:
                if (depth >= maxDepth)
                {
                    throw new ScanLimitException($"Protobuf groups nest deeper than {maxDepth} levels (limit).") { Offset = Position };
                }

                while (true)
                {
                    var at = Position;
                    if (!TryReadTag(end, out var inner, out var innerWire))
                    {
                        throw Malformed("A protobuf group is not closed.", at);
                    }

                    if (innerWire == EndGroup)
                    {
                        if (inner != field)
                        {
                            throw Malformed("A protobuf group ends with the wrong field number.", at);
                        }

                        return;
                    }

                    Skip(innerWire, end, inner, depth + 1, maxDepth);
                }

            default:
                throw Malformed("A protobuf group ends where none was open.", Position);
        }
    }

    /// <summary>Creates the exception for broken wire data.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">Where.</param>
    /// <returns>The exception.</returns>
    public MalformedFileException Malformed(string message, long offset) => new(_malformedRule, message, offset);

    /// <summary>Counts bytes read for the limit.</summary>
    /// <param name="bytes">Bytes.</param>
    public void Count(long bytes)
    {
        _readBytes += bytes;
        if (_readBytes > _maxReadBytes)
        {
            throw new ScanLimitException($"The model's graph structure (without tensor data) is larger than {_maxReadBytes:N0} bytes (limit).") { Offset = Position };
        }
    }

    private void Require(int bytes, long end)
    {
        if (end - Position < bytes)
        {
            throw Malformed("A fixed-size protobuf value runs past the end of its message.", Position);
        }
    }
}
