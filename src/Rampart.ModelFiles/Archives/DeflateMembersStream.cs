using System.Buffers.Binary;
using System.IO.Compression;
using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Unpacks a gzip file (one or more members, as Python's gzip reads them) or a zlib file (one or more streams, as
/// joblib's zlib reader reads them) with .NET's raw deflate decoder, checking each member's header and trailer
/// itself. Because the decoder reads ahead, a member's end is found by looking for its trailer (the CRC-32 and size,
/// or the Adler-32, of what it unpacked) in the last input window the decoder read. What follows the last member is
/// recorded: zero padding is accepted as Python does; anything else is trailing data.
/// </summary>
internal sealed class DeflateMembersStream : ForwardReadStream
{
    private const int WindowBytes = 64 << 10;
    private const int MaxHeaderFieldBytes = 64 << 10;

    private readonly Stream _source;
    private readonly bool _gzip;
    private readonly int _maxMembers;
    private long _next;
    private WindowReader? _window;
    private DeflateStream? _inflater;
    private uint _check;
    private long _memberOutput;
    private long _memberStart;
    private bool _ended;

    /// <summary>Creates the reader.</summary>
    /// <param name="source">The whole file, seekable.</param>
    /// <param name="gzip">Gzip members; otherwise zlib streams.</param>
    /// <param name="start">Where the first member starts.</param>
    /// <param name="maxMembers">Most members read (1 for joblib's ZF format).</param>
    public DeflateMembersStream(Stream source, bool gzip, long start = 0, int maxMembers = int.MaxValue)
    {
        _source = source;
        _gzip = gzip;
        _next = start;
        _maxMembers = maxMembers;
    }

    /// <summary>Anomalies found, with their rule and offset.</summary>
    public List<(ScanRule Rule, string Message, long Offset)> Anomalies { get; } = [];

    /// <summary>Members read completely.</summary>
    public int Members { get; private set; }

    /// <summary>The file name stored in the first gzip header, or <c>null</c>.</summary>
    public string? StoredName { get; private set; }

    private string Kind => _gzip ? "gzip member" : "zlib stream";

    /// <summary>Reads the first header only, so that the stored name is known before unpacking.</summary>
    public void Prepare()
    {
        if (_inflater is null && !_ended && !StartMember())
        {
            _ended = true;
        }
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        while (!_ended)
        {
            if (_inflater is null && !StartMember())
            {
                _ended = true;
                break;
            }

            int read;
            try
            {
                read = _inflater!.Read(buffer);
            }
            catch (InvalidDataException error)
            {
                Anomalies.Add((ArchiveRules.CorruptCompressedData, $"The {Kind} at offset {_memberStart:N0} is corrupt after {_memberOutput:N0} unpacked bytes ({error.Message}).", _memberStart));
                _ended = true;
                break;
            }

            if (read > 0)
            {
                _memberOutput += read;
                _check = _gzip ? Checksums.Crc32(_check, buffer[..read]) : Checksums.Adler32(_check, buffer[..read]);
                return read;
            }

            FinishMember();
        }

        return 0;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater?.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool StartMember()
    {
        var length = _source.Length;
        if (Members > 0)
        {
            if (_next >= length)
            {
                return false;
            }

            if (Members >= _maxMembers || !LooksLikeHeader(_next))
            {
                ReportTrailing(_next);
                return false;
            }
        }

        _memberStart = _next;
        var dataStart = _gzip ? ReadGzipHeader(_next) : ReadZlibHeader(_next);
        if (dataStart < 0)
        {
            return false;
        }

        _window = new WindowReader(_source, dataStart, length);
        _inflater = new DeflateStream(_window, CompressionMode.Decompress, leaveOpen: true);
        _check = _gzip ? 0u : 1u;
        _memberOutput = 0;
        return true;
    }

    private void FinishMember()
    {
        var window = _window!;
        _inflater!.Dispose();
        _inflater = null;
        _window = null;
        var trailerLength = _gzip ? 8 : 4;
        Span<byte> trailer = stackalloc byte[8];
        if (_gzip)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, _check);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)_memberOutput);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(trailer, _check);
        }

        trailer = trailer[..trailerLength];
        var from = window.SearchStart;
        var to = Math.Min(_source.Length, window.LastEnd + trailerLength);
        var bytes = new byte[Math.Max(0, to - from)];
        _source.Position = from;
        _source.ReadExactly(bytes);
        var at = bytes.AsSpan().IndexOf(trailer);
        if (at >= 0)
        {
            Members++;
            _next = from + at + trailerLength;
            return;
        }

        if (window.Exhausted && !ChecksumFails())
        {
            Anomalies.Add((ArchiveRules.CorruptCompressedData, $"The {Kind} at offset {_memberStart:N0} is truncated: the data ends after {_memberOutput:N0} unpacked bytes, before the end of the compressed stream.", _source.Length));
        }
        else
        {
            Anomalies.Add((
                ArchiveRules.ChecksumMismatch,
                _gzip
                    ? $"The gzip member at offset {_memberStart:N0} unpacks to {_memberOutput:N0} bytes with CRC-32 {_check:x8}, but its trailer records other values."
                    : $"The zlib stream at offset {_memberStart:N0} unpacks to {_memberOutput:N0} bytes with Adler-32 {_check:x8}, but its trailer records another value.",
                _memberStart));
        }

        _ended = true;
    }

    /// <summary>
    /// Whether the member fails its checksum rather than being truncated: both end with the raw decoder out of input
    /// and no trailer found, so the member is decoded again by zlib itself, which checks the trailer.
    /// </summary>
    private bool ChecksumFails()
    {
        using var member = new SubStream(_source, _memberStart, _source.Length - _memberStart);
        using Stream checkedDecoder = _gzip
            ? new GZipStream(member, CompressionMode.Decompress)
            : new ZLibStream(member, CompressionMode.Decompress);
        var buffer = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while ((read = checkedDecoder.Read(buffer)) > 0)
            {
                // Never more than the first pass produced: this pass only looks for the checksum error.
                total += read;
                if (total > _memberOutput)
                {
                    return false;
                }
            }
        }
        catch (InvalidDataException)
        {
            return true;
        }

        return false;
    }

    private bool LooksLikeHeader(long offset)
    {
        Span<byte> head = stackalloc byte[2];
        if (!ZipDirectory.TryReadAt(_source, offset, head))
        {
            return false;
        }

        return _gzip ? head[0] == 0x1F && head[1] == 0x8B : IsZlibHeader(head[0], head[1]);
    }

    private static bool IsZlibHeader(byte cmf, byte flg) => (cmf & 0x0F) == 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 == 0;

    private void ReportTrailing(long offset)
    {
        var buffer = new byte[81920];
        _source.Position = offset;
        var position = offset;
        int read;
        while ((read = _source.Read(buffer)) > 0)
        {
            var nonZero = buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0);
            if (nonZero >= 0)
            {
                Anomalies.Add((
                    ArchiveRules.TrailingData,
                    $"{_source.Length - offset:N0} bytes at offset {offset:N0} follow the end of the last {Kind}.",
                    offset));
                return;
            }

            position += read;
        }
    }

    private long ReadZlibHeader(long offset)
    {
        Span<byte> head = stackalloc byte[2];
        if (!ZipDirectory.TryReadAt(_source, offset, head) || !IsZlibHeader(head[0], head[1]))
        {
            Anomalies.Add((ArchiveRules.StructureCorrupt, $"The zlib header at offset {offset:N0} is invalid.", offset));
            return -1;
        }

        if ((head[1] & 0x20) != 0)
        {
            Anomalies.Add((ArchiveRules.UnsupportedMember, $"The zlib stream at offset {offset:N0} needs a preset dictionary, which is not in the file; it was not unpacked.", offset));
            return -1;
        }

        return offset + 2;
    }

    private long ReadGzipHeader(long offset)
    {
        Span<byte> head = stackalloc byte[10];
        if (!ZipDirectory.TryReadAt(_source, offset, head) || head[0] != 0x1F || head[1] != 0x8B)
        {
            Anomalies.Add((ArchiveRules.CorruptCompressedData, $"The gzip header at offset {offset:N0} is truncated or invalid.", offset));
            return -1;
        }

        if (head[2] != 8)
        {
            Anomalies.Add((ArchiveRules.UnsupportedMember, $"The gzip member at offset {offset:N0} uses compression method {head[2]}, not deflate; it was not unpacked.", offset));
            return -1;
        }

        var flags = head[3];
        var position = offset + 10;
        if ((flags & 0x04) != 0)
        {
            Span<byte> extraLength = stackalloc byte[2];
            if (!ZipDirectory.TryReadAt(_source, position, extraLength))
            {
                return TruncatedHeader(offset);
            }

            position += 2 + BinaryPrimitives.ReadUInt16LittleEndian(extraLength);
        }

        foreach (var field in new[] { 0x08, 0x10 })
        {
            if ((flags & field) == 0)
            {
                continue;
            }

            var text = ReadZeroTerminated(position);
            if (text is null)
            {
                return TruncatedHeader(offset);
            }

            if (field == 0x08 && Members == 0)
            {
                StoredName = System.Text.Encoding.Latin1.GetString(text);
            }

            position += text.Length + 1;
        }

        if ((flags & 0x02) != 0)
        {
            position += 2;
        }

        return position > _source.Length ? TruncatedHeader(offset) : position;
    }

    private long TruncatedHeader(long offset)
    {
        Anomalies.Add((ArchiveRules.CorruptCompressedData, $"The gzip header at offset {offset:N0} is truncated or its text fields are unterminated.", offset));
        return -1;
    }

    private byte[]? ReadZeroTerminated(long offset)
    {
        var available = (int)Math.Min(MaxHeaderFieldBytes, Math.Max(0, _source.Length - offset));
        var bytes = new byte[available];
        if (!ZipDirectory.TryReadAt(_source, offset, bytes))
        {
            return null;
        }

        var end = Array.IndexOf(bytes, (byte)0);
        return end < 0 ? null : bytes[..end];
    }

    /// <summary>Feeds the decoder in bounded windows and remembers where the last two reads were.</summary>
    private sealed class WindowReader(Stream source, long start, long end) : ForwardReadStream
    {
        private long _position = start;
        private long _previousStart = start;
        private long _lastStart = start;

        /// <summary>Where a trailer search starts: the previous window (the decoder may end at its boundary).</summary>
        public long SearchStart => _previousStart;

        /// <summary>End of the last window read.</summary>
        public long LastEnd => _position;

        /// <summary>Whether the input ran out.</summary>
        public bool Exhausted => _position >= end;

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(Math.Min(buffer.Length, WindowBytes), end - _position);
            if (count <= 0)
            {
                return 0;
            }

            source.Position = _position;
            var read = source.Read(buffer[..count]);
            if (read > 0)
            {
                _previousStart = _lastStart;
                _lastStart = _position;
                _position += read;
            }

            return read;
        }
    }
}
