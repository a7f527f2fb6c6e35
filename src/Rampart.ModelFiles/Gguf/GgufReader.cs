using System.Buffers.Binary;

namespace Rampart.ModelFiles.Gguf;

/// <summary>Reads GGUF's little- or big-endian primitives from a stream, tracking the position.</summary>
internal sealed class GgufReader
{
    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[8];

    public GgufReader(Stream stream, long length)
    {
        _stream = stream;
        Length = length;
    }

    /// <summary>The data's length.</summary>
    public long Length { get; }

    /// <summary>Whether values are big-endian.</summary>
    public bool BigEndian { get; set; }

    /// <summary>The read position.</summary>
    public long Position
    {
        get => _stream.Position;
        set => _stream.Position = value;
    }

    /// <summary>Bytes left after the position.</summary>
    public long Remaining => Length - _stream.Position;

    public byte U8()
    {
        _stream.ReadExactly(_scratch, 0, 1);
        return _scratch[0];
    }

    public uint U32()
    {
        _stream.ReadExactly(_scratch, 0, 4);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_scratch) : BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
    }

    public ulong U64()
    {
        _stream.ReadExactly(_scratch, 0, 8);
        return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(_scratch) : BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
    }

    /// <summary>Reads bytes into a buffer.</summary>
    /// <param name="buffer">Where.</param>
    public void Read(Span<byte> buffer) => _stream.ReadExactly(buffer);

    /// <summary>Moves forward without reading.</summary>
    /// <param name="count">Bytes, at most <see cref="Remaining"/>.</param>
    public void Skip(long count)
    {
        if (count > Remaining)
        {
            throw new EndOfStreamException();
        }

        _stream.Position += count;
    }
}
