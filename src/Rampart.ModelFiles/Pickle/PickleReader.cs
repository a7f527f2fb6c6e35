namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// Sequential reads from a seekable stream through a small buffer, tracking the absolute position. Long operands are
/// skipped by seeking, so a multi-gigabyte file is never read whole. The reader seeks before every refill, so other
/// code may use the stream in between (nested scans of regions).
/// </summary>
internal sealed class PickleReader
{
    private const int BufferSize = 1 << 16;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;
    private int _bufferLength;
    private long _position;

    /// <summary>Creates the reader at offset 0.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    public PickleReader(Stream stream)
    {
        _stream = stream;
        Length = stream.Length;
    }

    /// <summary>Stream length.</summary>
    public long Length { get; }

    /// <summary>Absolute position of the next byte.</summary>
    public long Position => _position;

    /// <summary>Bytes left.</summary>
    public long Remaining => Length - _position;

    /// <summary>Whether every byte has been read.</summary>
    public bool AtEnd => _position >= Length;

    /// <summary>The next byte without consuming it, or -1 at the end.</summary>
    /// <returns>The byte.</returns>
    public int Peek()
    {
        if (!Fill())
        {
            return -1;
        }

        return _buffer[_position - _bufferStart];
    }

    /// <summary>Reads a byte.</summary>
    /// <returns>The byte.</returns>
    /// <exception cref="EndOfStreamException">At the end.</exception>
    public byte ReadByte()
    {
        if (!Fill())
        {
            throw new EndOfStreamException();
        }

        return _buffer[_position++ - _bufferStart];
    }

    /// <summary>Reads exactly <paramref name="target"/>'s length.</summary>
    /// <param name="target">Where.</param>
    /// <exception cref="EndOfStreamException">Fewer bytes remain.</exception>
    public void ReadExactly(Span<byte> target)
    {
        if (target.Length > Remaining)
        {
            throw new EndOfStreamException();
        }

        while (!target.IsEmpty)
        {
            Fill();
            var available = (int)Math.Min(_bufferLength - (_position - _bufferStart), target.Length);
            _buffer.AsSpan((int)(_position - _bufferStart), available).CopyTo(target);
            target = target[available..];
            _position += available;
        }
    }

    /// <summary>Reads <paramref name="count"/> bytes into a new array; the caller has checked the count against its limits.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="EndOfStreamException">Fewer bytes remain.</exception>
    public byte[] ReadBytes(int count)
    {
        if (count > Remaining)
        {
            throw new EndOfStreamException();
        }

        var bytes = new byte[count];
        ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Skips bytes (seeking when they are not buffered).</summary>
    /// <param name="count">How many.</param>
    /// <exception cref="EndOfStreamException">Fewer bytes remain.</exception>
    public void Skip(long count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new EndOfStreamException();
        }

        _position += count;
    }

    /// <summary>Moves to an absolute position within the stream.</summary>
    /// <param name="position">The position.</param>
    public void Seek(long position) => _position = Math.Clamp(position, 0, Length);

    /// <summary>
    /// Reads a protocol 0 argument line up to and including <c>\n</c>, keeping at most <paramref name="keep"/> bytes of
    /// it (without the newline).
    /// </summary>
    /// <param name="keep">Most bytes kept.</param>
    /// <param name="complete">Whether the whole line was kept.</param>
    /// <returns>The kept bytes.</returns>
    /// <exception cref="EndOfStreamException">No newline before the end.</exception>
    public byte[] ReadLine(int keep, out bool complete)
    {
        var kept = new List<byte>(Math.Min(keep, 64));
        complete = true;
        while (true)
        {
            if (!Fill())
            {
                throw new EndOfStreamException();
            }

            var start = (int)(_position - _bufferStart);
            var span = _buffer.AsSpan(start, _bufferLength - start);
            var newline = span.IndexOf((byte)'\n');
            var chunk = newline >= 0 ? span[..newline] : span;
            var room = keep - kept.Count;
            if (chunk.Length > room)
            {
                complete = false;
            }

            foreach (var b in chunk[..Math.Min(room, chunk.Length)])
            {
                kept.Add(b);
            }

            _position += chunk.Length;
            if (newline >= 0)
            {
                _position++;
                return [.. kept];
            }
        }
    }

    /// <summary>Reads a region of the stream without moving the reader.</summary>
    /// <param name="offset">Where the region starts.</param>
    /// <param name="count">How many bytes (at most the bytes left after <paramref name="offset"/>).</param>
    /// <returns>The bytes.</returns>
    public byte[] ReadAt(long offset, int count)
    {
        count = (int)Math.Clamp(Length - offset, 0, count);
        var bytes = new byte[count];
        _stream.Position = offset;
        _stream.ReadExactly(bytes);
        _bufferLength = 0;
        return bytes;
    }

    private bool Fill()
    {
        if (_position >= _bufferStart && _position < _bufferStart + _bufferLength)
        {
            return true;
        }

        if (_position >= Length)
        {
            return false;
        }

        _stream.Position = _position;
        _bufferStart = _position;
        _bufferLength = 0;
        var wanted = (int)Math.Min(BufferSize, Length - _position);
        while (_bufferLength < wanted)
        {
            var read = _stream.Read(_buffer, _bufferLength, wanted - _bufferLength);
            if (read == 0)
            {
                break;
            }

            _bufferLength += read;
        }

        return _bufferLength > 0;
    }
}
