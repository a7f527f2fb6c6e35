namespace Rampart.ModelFiles.IO;

/// <summary>A read-only, seekable window <c>[start, start + length)</c> of a seekable stream. Does not own the base stream.</summary>
public sealed class SubStream : Stream
{
    private readonly Stream _base;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    /// <summary>Creates the window.</summary>
    /// <param name="baseStream">A seekable, readable stream.</param>
    /// <param name="start">First byte of the window.</param>
    /// <param name="length">Window length.</param>
    public SubStream(Stream baseStream, long start, long length)
    {
        ArgumentNullException.ThrowIfNull(baseStream);
        if (!baseStream.CanSeek || !baseStream.CanRead)
        {
            throw new ArgumentException("The base stream must be readable and seekable.", nameof(baseStream));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _base = baseStream;
        _start = start;
        _length = Math.Min(length, Math.Max(0, baseStream.Length - start));
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var remaining = _length - _position;
        if (remaining <= 0)
        {
            return 0;
        }

        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }

        _base.Position = _start + _position;
        var read = _base.Read(buffer);
        _position += read;
        return read;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
