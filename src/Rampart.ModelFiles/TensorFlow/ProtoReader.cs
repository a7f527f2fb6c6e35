using System.Text;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>
/// A streaming protobuf wire-format reader over a seekable stream. Every length is checked against the enclosing
/// message before anything is read or allocated; nesting is bounded; a broken stream throws
/// <see cref="MalformedFileException"/> with the rule given at construction and the byte offset.
/// </summary>
internal sealed class ProtoReader
{
    /// <summary>Wire type of varints.</summary>
    public const int Varint = 0;

    /// <summary>Wire type of 64-bit fixed values.</summary>
    public const int Fixed64 = 1;

    /// <summary>Wire type of length-delimited values (strings, bytes, messages, packed repeated).</summary>
    public const int LengthDelimited = 2;

    /// <summary>Wire type of 32-bit fixed values.</summary>
    public const int Fixed32 = 5;

    private const int StartGroup = 3;
    private const int EndGroup = 4;

    private readonly Stream _stream;
    private readonly string _ruleId;
    private readonly int _maxDepth;
    private readonly CancellationToken _cancellationToken;
    private readonly Stack<long> _outerEnds = new();
    private long _end;
    private long _position;
    private int _reads;

    public ProtoReader(Stream stream, string ruleId, int maxDepth, CancellationToken cancellationToken)
    {
        _stream = stream;
        _ruleId = ruleId;
        _maxDepth = maxDepth;
        _cancellationToken = cancellationToken;
        _end = stream.Length;
        _stream.Position = 0;
    }

    /// <summary>Absolute offset of the next byte.</summary>
    public long Position => _position;

    /// <summary>Whether the current message has no bytes left.</summary>
    public bool AtEnd => _position >= _end;

    /// <summary>Nesting depth of the current message (0 at top level).</summary>
    public int Depth => _outerEnds.Count;

    /// <summary>Reads a field tag.</summary>
    /// <returns>The field number and wire type.</returns>
    public (int Field, int Wire) ReadTag()
    {
        var at = _position;
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field == 0 || field > 536_870_911)
        {
            throw Malformed($"Field number {field} is invalid.", at);
        }

        return ((int)field, (int)(tag & 7));
    }

    /// <summary>Reads a varint of at most 10 bytes.</summary>
    /// <returns>The value.</returns>
    public ulong ReadVarint()
    {
        var at = _position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte(at);
            if (shift == 63 && b > 1)
            {
                throw Malformed("A varint overflows 64 bits.", at);
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Malformed("A varint is longer than 10 bytes.", at);
    }

    /// <summary>Reads the length of a length-delimited field and checks it against the enclosing message.</summary>
    /// <returns>The length.</returns>
    public long ReadLength()
    {
        var at = _position;
        var length = ReadVarint();
        var remaining = _end - _position;
        if (length > (ulong)remaining)
        {
            throw Malformed($"A field declares {length:N0} bytes but its message has {remaining:N0} left.", at);
        }

        return (long)length;
    }

    /// <summary>Enters a length-delimited field as a nested message.</summary>
    /// <param name="length">Its length, from <see cref="ReadLength"/>.</param>
    public void Enter(long length)
    {
        if (_outerEnds.Count >= _maxDepth)
        {
            throw new ScanLimitException($"Protobuf messages are nested deeper than {_maxDepth} levels (limit).") { Offset = _position };
        }

        _outerEnds.Push(_end);
        _end = _position + length;
    }

    /// <summary>Skips what is left of the current nested message and returns to the enclosing one.</summary>
    public void Leave()
    {
        Seek(_end);
        _end = _outerEnds.Pop();
    }

    /// <summary>
    /// Reads a nested message at an earlier position of the current message (a map value seen before its key),
    /// then returns to where the reader was.
    /// </summary>
    /// <typeparam name="T">What the reading returns.</typeparam>
    /// <param name="position">Where the message starts.</param>
    /// <param name="length">Its length.</param>
    /// <param name="read">Reads the message.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    public T ReadAt<T>(long position, long length, Func<T> read)
    {
        var saved = _position;
        _position = position;
        Enter(length);
        var result = read();
        Leave();
        _position = saved;
        return result;
    }

    /// <summary>Reads a string of the given length, keeping at most <paramref name="maxBytes"/> bytes of it.</summary>
    /// <param name="length">Its length, from <see cref="ReadLength"/>.</param>
    /// <param name="maxBytes">Most bytes kept; the rest is skipped.</param>
    /// <returns>The (possibly cut) text, invalid UTF-8 replaced.</returns>
    public string ReadString(long length, int maxBytes)
    {
        var bytes = ReadBytes(length, maxBytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads bytes of the given length, keeping at most <paramref name="maxBytes"/> of them.</summary>
    /// <param name="length">Its length, from <see cref="ReadLength"/>.</param>
    /// <param name="maxBytes">Most bytes kept; the rest is skipped.</param>
    /// <returns>The bytes kept.</returns>
    public byte[] ReadBytes(long length, int maxBytes)
    {
        var keep = (int)Math.Min(length, maxBytes);
        var bytes = new byte[keep];
        _stream.Position = _position;
        _stream.ReadExactly(bytes);
        _position += keep;
        Seek(_position + (length - keep));
        return bytes;
    }

    /// <summary>Skips a field's value.</summary>
    /// <param name="field">The field number (to match an end-group tag).</param>
    /// <param name="wire">Its wire type.</param>
    public void Skip(int field, int wire)
    {
        switch (wire)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Advance(8);
                break;
            case LengthDelimited:
                Advance(ReadLength());
                break;
            case Fixed32:
                Advance(4);
                break;
            case StartGroup:
                SkipGroup(field);
                break;
            default:
                throw Malformed($"Field {field} has the invalid wire type {wire}.", _position);
        }
    }

    /// <summary>Skips bytes of a length-delimited value whose length was read.</summary>
    /// <param name="length">The length, from <see cref="ReadLength"/>.</param>
    public void SkipBytes(long length) => Advance(length);

    /// <summary>An exception for broken data at an offset.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">Where.</param>
    /// <returns>The exception.</returns>
    public MalformedFileException Malformed(string message, long offset) => new(_ruleId, message, offset);

    private void SkipGroup(int field)
    {
        // Deprecated groups: skipped like the C++ parser does, each nested group counting towards the depth limit.
        var groups = 1;
        while (groups > 0)
        {
            if (AtEnd)
            {
                throw Malformed($"Group {field} has no end tag before its message ends.", _position);
            }

            var (inner, wire) = ReadTag();
            if (wire == EndGroup)
            {
                groups--;
                continue;
            }

            if (wire == StartGroup)
            {
                groups++;
                if (groups + _outerEnds.Count > _maxDepth)
                {
                    throw new ScanLimitException($"Protobuf groups are nested deeper than {_maxDepth} levels (limit).") { Offset = _position };
                }

                continue;
            }

            Skip(inner, wire);
        }
    }

    private void Advance(long count)
    {
        if (count > _end - _position)
        {
            throw Malformed($"A field needs {count:N0} bytes but its message has {_end - _position:N0} left.", _position);
        }

        Seek(_position + count);
    }

    private void Seek(long position)
    {
        _position = position;
        if ((++_reads & 0x3FF) == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private byte ReadByte(long start)
    {
        if (_position >= _end)
        {
            throw Malformed(_end == _stream.Length && _outerEnds.Count == 0 ? "The data ends inside a field." : "A field runs past the end of its message.", start);
        }

        if (_stream.Position != _position)
        {
            _stream.Position = _position;
        }

        var b = _stream.ReadByte();
        if (b < 0)
        {
            throw Malformed("The data ends inside a field.", start);
        }

        _position++;
        if ((++_reads & 0x3FF) == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }

        return (byte)b;
    }
}
