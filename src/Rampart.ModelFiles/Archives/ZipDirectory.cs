using System.Buffers.Binary;
using System.Text;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// A relaxed reader of a zip archive's end records and central directory, as lax as PyTorch's and Python's readers
/// (prepended data, ZIP64, any flags) and recording every inconsistency instead of failing on it. Reads are bounded:
/// the end-record search by the 64 KiB comment limit, the directory by its recorded size and by the member limit.
/// </summary>
internal sealed class ZipDirectory
{
    private const int EndRecordSize = 22;
    private const int Zip64LocatorSize = 20;
    private const int Zip64RecordSize = 56;
    private const int CentralHeaderSize = 46;

    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);
    private static readonly Encoding CodePage437 = CodePagesEncodingProvider.Instance.GetEncoding(437) ?? Encoding.Latin1;

    private ZipDirectory()
    {
    }

    /// <summary>The central directory entries, in directory order.</summary>
    public List<ZipEntry> Entries { get; } = [];

    /// <summary>Start of the central directory.</summary>
    public long CentralStart { get; private set; }

    /// <summary>End of the central directory (as recorded).</summary>
    public long CentralEnd { get; private set; }

    /// <summary>Start of the end records (the ZIP64 end record when there is one).</summary>
    public long EndRecordsStart { get; private set; }

    /// <summary>End of the end-of-central-directory record and its comment.</summary>
    public long EndRecordsEnd { get; private set; }

    /// <summary>Bytes every recorded offset is shifted by (data prepended to the archive), as Python's zipfile computes it.</summary>
    public long Shift { get; private set; }

    /// <summary>Inconsistencies in the end records or directory, with their offsets.</summary>
    public List<(string Message, long Offset)> Problems { get; } = [];

    /// <summary>Whether the member limit stopped the directory read.</summary>
    public bool MemberLimitReached { get; private set; }

    /// <summary>Reads the end records and the central directory.</summary>
    /// <param name="stream">The archive, seekable.</param>
    /// <param name="maxMembers">Most entries read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="MalformedFileException">There is no usable end record or the directory lies outside the data.</exception>
    public static ZipDirectory Read(Stream stream, int maxMembers, CancellationToken cancellationToken)
    {
        var directory = new ZipDirectory();
        var length = stream.Length;
        if (length < EndRecordSize)
        {
            throw new MalformedFileException(ArchiveRules.StructureCorrupt.Id, "The data is too short to hold a zip end-of-central-directory record.", 0);
        }

        var tailLength = (int)Math.Min(length, 65_535 + EndRecordSize);
        var tail = new byte[tailLength];
        stream.Position = length - tailLength;
        stream.ReadExactly(tail);
        var at = -1;
        for (var i = tailLength - EndRecordSize; i >= 0; i--)
        {
            if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6)
            {
                at = i;
                break;
            }
        }

        if (at < 0)
        {
            throw new MalformedFileException(ArchiveRules.StructureCorrupt.Id, "No zip end-of-central-directory record was found in the last 64 KiB.", length);
        }

        var end = tail.AsSpan(at, EndRecordSize);
        var endOffset = length - tailLength + at;
        long declaredEntries = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
        long centralSize = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
        long centralOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
        var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(end[20..]);
        directory.EndRecordsStart = endOffset;
        directory.EndRecordsEnd = Math.Min(length, endOffset + EndRecordSize + commentLength);
        if (endOffset + EndRecordSize + commentLength > length)
        {
            directory.Problems.Add(($"The end record's comment length ({commentLength}) runs past the end of the file.", endOffset + 20));
        }

        if (endOffset >= Zip64LocatorSize && ReadZip64(stream, directory, endOffset) is { } zip64)
        {
            (declaredEntries, centralSize, centralOffset) = zip64;
        }

        // Python's zipfile: the directory ends where the end records start; any difference from the recorded
        // offset is data prepended to the archive, and every recorded offset moves by it.
        directory.Shift = directory.EndRecordsStart - centralSize - centralOffset;
        var centralStart = centralOffset + directory.Shift;
        if (centralSize < 0 || centralOffset < 0 || centralStart < 0 || centralStart + centralSize > length)
        {
            throw new MalformedFileException(
                ArchiveRules.StructureCorrupt.Id,
                $"The central directory (offset {centralOffset:N0}, size {centralSize:N0}) lies outside the file.",
                endOffset);
        }

        if (directory.Shift < 0)
        {
            directory.Problems.Add(("The central directory's recorded size and offset overlap the end records.", endOffset));
        }

        directory.CentralStart = centralStart;
        directory.CentralEnd = centralStart + centralSize;
        directory.ReadEntries(stream, maxMembers, cancellationToken);
        if (!directory.MemberLimitReached && directory.Entries.Count != declaredEntries)
        {
            directory.Problems.Add((
                $"The end record declares {declaredEntries:N0} members but the central directory holds {directory.Entries.Count:N0}; readers that trust the count see other members.",
                endOffset));
        }

        return directory;
    }

    /// <summary>Reads a local header; <c>null</c> when the bytes there are not one.</summary>
    /// <param name="stream">The archive.</param>
    /// <param name="offset">The header's offset.</param>
    /// <returns>The header, or <c>null</c>.</returns>
    public static ZipLocalHeader? ReadLocalHeader(Stream stream, long offset)
    {
        Span<byte> header = stackalloc byte[30];
        if (offset < 0 || !TryReadAt(stream, offset, header) || !header.StartsWith("PK\x03\x04"u8))
        {
            return null;
        }

        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        var name = new byte[nameLength];
        var extra = new byte[extraLength];
        if (!TryReadAt(stream, offset + 30, name) || !TryReadAt(stream, offset + 30 + nameLength, extra))
        {
            return null;
        }

        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
        var zip64 = FindExtraSpan(extra, 0x0001);
        if (!zip64.IsEmpty)
        {
            var position = 0;
            if (uncompressed == uint.MaxValue && position + 8 <= zip64.Length)
            {
                uncompressed = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(zip64[position..]), long.MaxValue);
                position += 8;
            }

            if (compressed == uint.MaxValue && position + 8 <= zip64.Length)
            {
                compressed = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(zip64[position..]), long.MaxValue);
            }
        }

        return new ZipLocalHeader(
            offset,
            name,
            BinaryPrimitives.ReadUInt16LittleEndian(header[6..]),
            BinaryPrimitives.ReadUInt16LittleEndian(header[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[14..]),
            compressed,
            uncompressed,
            offset + 30 + nameLength + extraLength);
    }

    /// <summary>Reads exactly <c>buffer.Length</c> bytes at an offset; <c>false</c> when the data ends first.</summary>
    /// <param name="stream">The data.</param>
    /// <param name="offset">Where.</param>
    /// <param name="buffer">Receives the bytes.</param>
    /// <returns>Whether all bytes were there.</returns>
    public static bool TryReadAt(Stream stream, long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset + buffer.Length > stream.Length)
        {
            return false;
        }

        stream.Position = offset;
        stream.ReadExactly(buffer);
        return true;
    }

    private static ReadOnlySpan<byte> FindExtraSpan(ReadOnlySpan<byte> extra, ushort id)
    {
        var position = 0;
        while (position + 4 <= extra.Length)
        {
            var fieldId = BinaryPrimitives.ReadUInt16LittleEndian(extra[position..]);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[(position + 2)..]);
            if (position + 4 + size > extra.Length)
            {
                break;
            }

            if (fieldId == id)
            {
                return extra.Slice(position + 4, size);
            }

            position += 4 + size;
        }

        return default;
    }

    private static (long Entries, long Size, long Offset)? ReadZip64(Stream stream, ZipDirectory directory, long endOffset)
    {
        Span<byte> locator = stackalloc byte[Zip64LocatorSize];
        if (!TryReadAt(stream, endOffset - Zip64LocatorSize, locator) || !locator.StartsWith("PK\x06\x07"u8))
        {
            return null;
        }

        // Python reads the ZIP64 record right before the locator; the locator's own offset is used as a fallback.
        Span<byte> record = stackalloc byte[Zip64RecordSize];
        var recordOffset = endOffset - Zip64LocatorSize - Zip64RecordSize;
        if (!TryReadAt(stream, recordOffset, record) || !record.StartsWith("PK\x06\x06"u8))
        {
            var recorded = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
            recordOffset = recorded > long.MaxValue ? -1 : (long)recorded;
            if (!TryReadAt(stream, recordOffset, record) || !record.StartsWith("PK\x06\x06"u8))
            {
                directory.Problems.Add(("A ZIP64 locator points to no ZIP64 end record; the 32-bit end record was used.", endOffset - Zip64LocatorSize));
                return null;
            }

            directory.Problems.Add(("The ZIP64 end record is not right before its locator.", recordOffset));
        }

        directory.EndRecordsStart = recordOffset;
        static long Clamp(ulong value) => value > long.MaxValue ? -1 : (long)value;
        return (Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record[32..])),
            Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record[40..])),
            Clamp(BinaryPrimitives.ReadUInt64LittleEndian(record[48..])));
    }

    private void ReadEntries(Stream stream, int maxMembers, CancellationToken cancellationToken)
    {
        var position = CentralStart;
        var header = new byte[CentralHeaderSize];
        while (position < CentralEnd)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (position + CentralHeaderSize > CentralEnd || !TryReadAt(stream, position, header) || !header.AsSpan().StartsWith("PK\x01\x02"u8))
            {
                Problems.Add(($"The central directory is broken at offset {position:N0} (no entry signature); the members after it cannot be listed.", position));
                return;
            }

            if (Entries.Count >= maxMembers)
            {
                MemberLimitReached = true;
                return;
            }

            var span = header.AsSpan();
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(span[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[32..]);
            var next = position + CentralHeaderSize + nameLength + extraLength + commentLength;
            if (next > CentralEnd)
            {
                Problems.Add(($"The central directory entry at offset {position:N0} runs past the end of the directory.", position));
                return;
            }

            var variable = new byte[nameLength + extraLength];
            TryReadAt(stream, position + CentralHeaderSize, variable);
            var rawName = variable[..nameLength];
            var extra = variable.AsSpan(nameLength, extraLength);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(span[20..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(span[24..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(span[42..]);
            var zip64 = false;
            var zip64Extra = FindExtraSpan(extra, 0x0001);
            if (!zip64Extra.IsEmpty)
            {
                var field = 0;
                if (uncompressed == uint.MaxValue && field + 8 <= zip64Extra.Length)
                {
                    uncompressed = ClampToLong(BinaryPrimitives.ReadUInt64LittleEndian(zip64Extra[field..]));
                    field += 8;
                    zip64 = true;
                }

                if (compressed == uint.MaxValue && field + 8 <= zip64Extra.Length)
                {
                    compressed = ClampToLong(BinaryPrimitives.ReadUInt64LittleEndian(zip64Extra[field..]));
                    field += 8;
                    zip64 = true;
                }

                if (localOffset == uint.MaxValue && field + 8 <= zip64Extra.Length)
                {
                    localOffset = ClampToLong(BinaryPrimitives.ReadUInt64LittleEndian(zip64Extra[field..]));
                    zip64 = true;
                }
            }

            Entries.Add(new ZipEntry
            {
                Index = Entries.Count,
                CentralOffset = position,
                RawName = rawName,
                Name = ((flags & 0x800) != 0 ? Utf8 : CodePage437).GetString(rawName),
                Flags = flags,
                Method = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]),
                Crc = BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
                CompressedSize = compressed,
                UncompressedSize = uncompressed,
                LocalHeaderOffset = localOffset < 0 ? -1 : localOffset + Shift,
                Zip64 = zip64,
                UnixMode = BinaryPrimitives.ReadUInt32LittleEndian(span[38..]) >> 16,
            });
            position = next;
        }
    }

    private static long ClampToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
