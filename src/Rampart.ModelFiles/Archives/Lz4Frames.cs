using System.Buffers.Binary;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Finds the LZ4 frames of a file by walking their block structure (sizes are explicit, so no decoding is needed),
/// as Python's lz4.frame reads concatenated frames. Skippable frames are passed over; bytes after the last frame are
/// trailing data.
/// </summary>
internal sealed class Lz4Frames
{
    private Lz4Frames()
    {
    }

    /// <summary>The data frames: start and length.</summary>
    public List<(long Start, long Length)> Frames { get; } = [];

    /// <summary>Anomalies, with their rule and offset.</summary>
    public List<(ScanRule Rule, string Message, long Offset)> Anomalies { get; } = [];

    /// <summary>Walks the frames.</summary>
    /// <param name="stream">The data, seekable.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The frames and anomalies.</returns>
    public static Lz4Frames Walk(Stream stream, CancellationToken cancellationToken)
    {
        var result = new Lz4Frames();
        var length = stream.Length;
        long position = 0;
        Span<byte> word = stackalloc byte[4];
        while (position < length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!ZipDirectory.TryReadAt(stream, position, word))
            {
                result.Trailing(stream, position);
                return result;
            }

            var magic = BinaryPrimitives.ReadUInt32LittleEndian(word);
            if ((magic & 0xFFFFFFF0) == 0x184D2A50)
            {
                if (!ZipDirectory.TryReadAt(stream, position + 4, word))
                {
                    result.Anomalies.Add((ArchiveRules.CorruptCompressedData, $"The skippable LZ4 frame at offset {position:N0} is truncated.", position));
                    return result;
                }

                position += 8 + BinaryPrimitives.ReadUInt32LittleEndian(word);
                continue;
            }

            if (magic != 0x184D2204)
            {
                if (result.Frames.Count == 0)
                {
                    result.Anomalies.Add((ArchiveRules.StructureCorrupt, $"No LZ4 frame starts at offset {position:N0}.", position));
                }
                else
                {
                    result.Trailing(stream, position);
                }

                return result;
            }

            var end = result.FrameEnd(stream, position);
            if (end < 0)
            {
                return result;
            }

            result.Frames.Add((position, end - position));
            position = end;
        }

        return result;
    }

    private long FrameEnd(Stream stream, long start)
    {
        Span<byte> descriptor = stackalloc byte[2];
        if (!ZipDirectory.TryReadAt(stream, start + 4, descriptor))
        {
            return Truncated(stream, start);
        }

        var flags = descriptor[0];
        if (flags >> 6 != 1)
        {
            Anomalies.Add((ArchiveRules.UnsupportedMember, $"The LZ4 frame at offset {start:N0} has version {flags >> 6}, which no decoder reads.", start));
            return -1;
        }

        if ((flags & 0x01) != 0)
        {
            Anomalies.Add((ArchiveRules.UnsupportedMember, $"The LZ4 frame at offset {start:N0} needs a dictionary that is not in the file; it was not unpacked.", start));
            return -1;
        }

        var blockChecksum = (flags & 0x10) != 0;
        var contentChecksum = (flags & 0x04) != 0;
        var position = start + 6 + ((flags & 0x08) != 0 ? 8 : 0) + 1;
        Span<byte> word = stackalloc byte[4];
        while (true)
        {
            if (!ZipDirectory.TryReadAt(stream, position, word))
            {
                return Truncated(stream, start);
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(word) & 0x7FFFFFFF;
            position += 4;
            if (size == 0)
            {
                break;
            }

            position += size + (blockChecksum ? 4 : 0);
        }

        position += contentChecksum ? 4 : 0;
        return position > stream.Length ? Truncated(stream, start) : position;
    }

    private long Truncated(Stream stream, long start)
    {
        // The decoder still unpacks what is there, so the frame is kept up to the end of the data.
        Anomalies.Add((ArchiveRules.CorruptCompressedData, $"The LZ4 frame at offset {start:N0} is truncated: the data ends before its end mark.", stream.Length));
        Frames.Add((start, stream.Length - start));
        return -1;
    }

    private void Trailing(Stream stream, long offset)
    {
        var buffer = new byte[81920];
        stream.Position = offset;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0) >= 0)
            {
                Anomalies.Add((ArchiveRules.TrailingData, $"{stream.Length - offset:N0} bytes at offset {offset:N0} follow the end of the last LZ4 frame.", offset));
                return;
            }
        }
    }
}
