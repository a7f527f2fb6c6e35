using System.Text;

namespace Rampart.ModelFiles.Archives;

/// <summary>One tar member: its header's facts after GNU long names and pax records are applied.</summary>
/// <param name="HeaderOffset">Where its (last) header block starts.</param>
/// <param name="Name">The member name.</param>
/// <param name="LinkName">The link target, for links.</param>
/// <param name="Type">The type flag byte.</param>
/// <param name="DataOffset">Where its data starts.</param>
/// <param name="Size">Its data size.</param>
/// <param name="Sparse">Whether it is a GNU sparse file (data layout Rampart does not rebuild).</param>
internal sealed record TarMember(long HeaderOffset, string Name, string LinkName, byte Type, long DataOffset, long Size, bool Sparse)
{
    /// <summary>Whether the member carries file data, as Python's tarfile decides (regular, contiguous and unknown types).</summary>
    public bool HasData => Type is not ((byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'6');
}

/// <summary>
/// Reads tar headers (POSIX ustar, GNU long names, pax extended headers) the way Python's tarfile does: a zero block
/// or an invalid header after the first ends the archive, link and folder members carry no data. Bounded by the
/// member limit and by a cap on the size of long-name and pax records.
/// </summary>
internal sealed class TarReader
{
    private const int Block = 512;
    private const int MaxRecordBytes = 1 << 20;

    private TarReader()
    {
    }

    /// <summary>The members, in archive order.</summary>
    public List<TarMember> Members { get; } = [];

    /// <summary>Problems that ended the read, with offsets.</summary>
    public List<(string Message, long Offset)> Problems { get; } = [];

    /// <summary>Offset of the end-of-archive zero block, or <c>null</c> when the archive ended otherwise.</summary>
    public long? EndMarker { get; private set; }

    /// <summary>Whether the member limit stopped the read.</summary>
    public bool MemberLimitReached { get; private set; }

    /// <summary>Reads the headers.</summary>
    /// <param name="stream">The archive, seekable.</param>
    /// <param name="maxMembers">Most members read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reader with its members.</returns>
    public static TarReader Read(Stream stream, int maxMembers, CancellationToken cancellationToken)
    {
        var reader = new TarReader();
        reader.ReadAll(stream, maxMembers, cancellationToken);
        return reader;
    }

    private void ReadAll(Stream stream, int maxMembers, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        var header = new byte[Block];
        long position = 0;
        string? longName = null, longLink = null;
        Dictionary<string, string>? pax = null;
        var global = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (position + Block > length)
            {
                if (position < length)
                {
                    Problems.Add(($"The archive ends inside a header block at offset {position:N0}.", position));
                }

                return;
            }

            stream.Position = position;
            stream.ReadExactly(header);
            if (header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                EndMarker = position;
                return;
            }

            if (!ChecksumMatches(header))
            {
                Problems.Add(($"The tar header at offset {position:N0} has a bad checksum; readers stop here and what follows is not listed.", position));
                return;
            }

            var size = ParseNumber(header.AsSpan(124, 12));
            if (size < 0)
            {
                Problems.Add(($"The tar header at offset {position:N0} has an invalid size field.", position));
                return;
            }

            var type = header[156];
            var dataOffset = position + Block;
            var next = dataOffset + RoundUp(size);
            if (type is (byte)'L' or (byte)'K' or (byte)'x' or (byte)'g')
            {
                if (size > MaxRecordBytes || dataOffset + size > length)
                {
                    Problems.Add(($"The extended header at offset {position:N0} is {size:N0} bytes long, more than the data or the {MaxRecordBytes:N0}-byte cap allows.", position));
                    return;
                }

                var record = new byte[size];
                stream.Position = dataOffset;
                stream.ReadExactly(record);
                switch (type)
                {
                    case (byte)'L':
                        longName = CString(record);
                        break;
                    case (byte)'K':
                        longLink = CString(record);
                        break;
                    case (byte)'x':
                        pax = ParsePax(record);
                        break;
                    default:
                        foreach (var (key, value) in ParsePax(record))
                        {
                            global[key] = value;
                        }

                        break;
                }

                position = next;
                continue;
            }

            if (Members.Count >= maxMembers)
            {
                MemberLimitReached = true;
                return;
            }

            var name = CString(header.AsSpan(0, 100));
            var linkName = CString(header.AsSpan(157, 100));
            if (header.AsSpan(257, 6).SequenceEqual("ustar\0"u8))
            {
                var prefix = CString(header.AsSpan(345, 155));
                if (prefix.Length > 0)
                {
                    name = prefix + "/" + name;
                }
            }

            var sparse = type == (byte)'S';
            foreach (var records in new[] { global, pax })
            {
                if (records is null)
                {
                    continue;
                }

                name = records.GetValueOrDefault("path", name);
                linkName = records.GetValueOrDefault("linkpath", linkName);
                if (records.TryGetValue("size", out var paxSize))
                {
                    size = long.TryParse(paxSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : size;
                    next = dataOffset + RoundUp(size);
                }

                sparse |= records.Keys.Any(key => key.StartsWith("GNU.sparse.", StringComparison.Ordinal));
            }

            name = longName ?? name;
            linkName = longLink ?? linkName;
            longName = longLink = null;
            pax = null;
            var member = new TarMember(position, name, linkName, type, dataOffset, size, sparse);
            Members.Add(member);
            if (!member.HasData)
            {
                position = dataOffset;
                continue;
            }

            if (size > length - dataOffset)
            {
                Problems.Add(($"The data of member '{MemberNames.Printable(name)}' ({size:N0} bytes from offset {dataOffset:N0}) runs past the end of the file.", dataOffset));
                return;
            }

            position = next;
        }
    }

    private static long RoundUp(long size) => size > long.MaxValue - Block ? long.MaxValue : (size + Block - 1) / Block * Block;

    private static bool ChecksumMatches(byte[] header)
    {
        var stored = ParseNumber(header.AsSpan(148, 8));
        long unsigned = 0, signed = 0;
        for (var i = 0; i < Block; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }

    /// <summary>A numeric field: octal text (NUL or space terminated) or GNU base-256; -1 when invalid.</summary>
    private static long ParseNumber(ReadOnlySpan<byte> field)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            if (field[0] == 0xFF)
            {
                return -1;
            }

            long value = field[0] & 0x7F;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8))
                {
                    return -1;
                }

                value = (value << 8) | b;
            }

            return value;
        }

        var text = field;
        var end = text.IndexOf((byte)0);
        if (end >= 0)
        {
            text = text[..end];
        }

        text = text.Trim((byte)' ');
        long result = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'7' || result > (long.MaxValue >> 3))
            {
                return -1;
            }

            result = (result << 3) + (b - '0');
        }

        return result;
    }

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? bytes[..end] : bytes);
    }

    private static Dictionary<string, string> ParsePax(byte[] record)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < record.Length)
        {
            var space = Array.IndexOf(record, (byte)' ', position);
            if (space < 0 || !int.TryParse(record.AsSpan(position, space - position), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                || length <= space - position || position + length > record.Length)
            {
                break;
            }

            var entry = Encoding.UTF8.GetString(record, space + 1, position + length - space - 1).TrimEnd('\n');
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[entry[..equals]] = entry[(equals + 1)..];
            }

            position += length;
        }

        return values;
    }
}
