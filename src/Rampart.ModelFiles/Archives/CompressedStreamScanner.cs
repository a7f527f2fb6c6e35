using System.Buffers.Binary;
using System.Globalization;
using K4os.Compression.LZ4.Streams;
using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.IO;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.LZMA;
using SharpCompress.Compressors.Xz;
using SharpMode = SharpCompress.Compressors.CompressionMode;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Scans a single compressed stream (gzip, zlib and joblib's older <c>ZF</c> files, bzip2, xz, raw LZMA, LZ4 frames):
/// unpacks it within the size, ratio and total limits into a seekable buffer and scans what it holds, one level
/// deeper. Concatenated members and streams are read as Python reads them; bytes after the last one are reported.
/// </summary>
internal sealed class CompressedStreamScanner : IFormatScanner
{
    private const int LzmaHeaderBytes = 13;

    private readonly ModelFormat _format;

    /// <summary>Creates the scanner for one compression format.</summary>
    /// <param name="format">Gzip, Zlib, Bzip2, Xz, Lzma or Lz4.</param>
    public CompressedStreamScanner(ModelFormat format)
    {
        _format = format;
        Formats = [format];
    }

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; }

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => ArchiveRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        if (input.Depth + 1 > session.Limits.MaxDepth)
        {
            session.Report(
                CoreScanRules.LimitReached,
                $"Nesting deeper than {session.Limits.MaxDepth} levels (limit); the {FormatNames.Display(_format)} content was not unpacked.",
                input.Location);
            return;
        }

        switch (_format)
        {
            case ModelFormat.Gzip:
                ScanDeflate(input, session, gzip: true, start: 0, declaredLength: null);
                break;
            case ModelFormat.Zlib:
                ScanZlib(input, session);
                break;
            case ModelFormat.Bzip2:
                ScanBzip2(input, session);
                break;
            case ModelFormat.Xz:
                ScanXz(input, session);
                break;
            case ModelFormat.Lzma:
                ScanLzma(input, session);
                break;
            case ModelFormat.Lz4:
                ScanLz4(input, session);
                break;
            default:
                throw new InvalidOperationException($"No compressed-stream handling for {_format}.");
        }
    }

    private static void ScanZlib(ScanInput input, ScanSession session)
    {
        // joblib < 0.10: "ZF", the unpacked length in hexadecimal padded to 19 characters (an older writer added one
        // more space), then one zlib stream (joblib/numpy_pickle_compat.py read_zfile).
        Span<byte> head = stackalloc byte[22];
        var headLength = (int)Math.Min(head.Length, input.Length);
        input.Stream.Position = 0;
        input.Stream.ReadExactly(head[..headLength]);
        if (headLength < 2 || !head.StartsWith("ZF"u8))
        {
            ScanDeflate(input, session, gzip: false, start: 0, declaredLength: null);
            return;
        }

        var field = System.Text.Encoding.Latin1.GetString(head[2..Math.Min(21, headLength)]).Trim();
        if (field.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            field = field[2..];
        }

        if (headLength < 22 || !long.TryParse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var declared) || declared < 0)
        {
            throw new MalformedFileException(ArchiveRules.StructureCorrupt.Id, "The joblib ZF header's length field is not a hexadecimal number.", 2);
        }

        ScanDeflate(input, session, gzip: false, start: head[21] == ' ' ? 22 : 21, declaredLength: declared);
    }

    private static void ScanDeflate(ScanInput input, ScanSession session, bool gzip, long start, long? declaredLength)
    {
        var members = new DeflateMembersStream(input.Stream, gzip, start, declaredLength is null ? int.MaxValue : 1);
        members.Prepare();
        var format = gzip ? ModelFormat.Gzip : ModelFormat.Zlib;
        var label = members.StoredName is { Length: > 0 } stored && MemberNames.Problem(stored, out _) is null
            ? Unpacking.LastComponent(stored)
            : null;
        var unpacked = Unpacking.ToBuffer(session, members, input.Length, input.Location, out var guard);
        foreach (var (rule, message, offset) in members.Anomalies)
        {
            session.Report(rule, message, input.Location.At(offset));
        }

        if (declaredLength is { } declared && unpacked is not null && guard.Produced != declared && members.Anomalies.Count == 0)
        {
            session.Report(
                ArchiveRules.ChecksumMismatch,
                $"The joblib ZF header declares {declared:N0} unpacked bytes but the stream unpacks to {guard.Produced:N0}; joblib refuses it.",
                input.Location.At(2));
        }

        ScanUnpacked(input, session, unpacked, guard, format, label);
    }

    private static void ScanBzip2(ScanInput input, ScanSession session)
    {
        // Python reads concatenated bzip2 streams and ignores what follows the last one. Each stream starts, byte
        // aligned, with "BZh", the block size digit and a block or end-of-stream magic.
        var starts = FindStarts(input.Stream, IsBzip2Start, session.CancellationToken);
        var streams = new List<Func<Stream>>();
        for (var i = 0; i < starts.Count; i++)
        {
            var start = starts[i];
            var end = i + 1 < starts.Count ? starts[i + 1] : input.Length;
            streams.Add(() => BZip2Stream.Create(new SubStream(input.Stream, start, end - start), SharpMode.Decompress, false, false, false));
        }

        var decoder = new ConcatenatedStream(streams);
        var unpacked = Unpacking.ToBuffer(session, decoder, input.Length, input.Location, out var guard);
        if (guard.Error is null && unpacked is not null && !EndsWithBzip2EndOfStream(input.Stream))
        {
            session.Report(ArchiveRules.TrailingData, "Bytes follow the end of the last bzip2 stream.", input.Location);
        }

        ScanUnpacked(input, session, unpacked, guard, ModelFormat.Bzip2, null);
    }

    private static void ScanXz(ScanInput input, ScanSession session)
    {
        // Python reads concatenated xz streams; each starts, 4-byte aligned, with the stream header magic.
        var starts = FindStarts(input.Stream, (window, offset) => offset % 4 == 0 && window.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), session.CancellationToken);
        var streams = new List<Func<Stream>>();
        for (var i = 0; i < starts.Count; i++)
        {
            var start = starts[i];
            var end = i + 1 < starts.Count ? starts[i + 1] : input.Length;
            streams.Add(() => new XZStream(new SubStream(input.Stream, start, end - start)));
        }

        var decoder = new ConcatenatedStream(streams);
        var unpacked = Unpacking.ToBuffer(session, decoder, input.Length, input.Location, out var guard);
        if (guard.Error is null && unpacked is not null && !EndsWithXzFooter(input.Stream))
        {
            session.Report(ArchiveRules.TrailingData, "Bytes follow the end of the last xz stream.", input.Location);
        }

        ScanUnpacked(input, session, unpacked, guard, ModelFormat.Xz, null);
    }

    private static void ScanLzma(ScanInput input, ScanSession session)
    {
        // lzma_alone: 5 property bytes, the unpacked size (all ones when unknown), then the LZMA data.
        var header = new byte[LzmaHeaderBytes];
        input.Stream.Position = 0;
        if (input.Length < LzmaHeaderBytes)
        {
            throw new EndOfStreamException();
        }

        input.Stream.ReadExactly(header);
        // All ones means "unknown, ended by a marker"; any other negative value is treated the same way.
        var size = Math.Max(-1, BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(5)));
        if (size > session.Limits.MaxDecompressedBytes)
        {
            session.Report(
                CoreScanRules.LimitReached,
                $"The LZMA header declares {size:N0} unpacked bytes, more than {session.Limits.MaxDecompressedBytes:N0} (limit); it was not unpacked.",
                input.Location.At(5));
            return;
        }

        using var packed = new SubStream(input.Stream, LzmaHeaderBytes, input.Length - LzmaHeaderBytes);
        var decoder = Open(session, input, () => LzmaStream.Create(header[..5], packed, packed.Length, size, true));
        if (decoder is null)
        {
            return;
        }

        var unpacked = Unpacking.ToBuffer(session, decoder, input.Length, input.Location, out var guard);
        if (guard.Error is null && unpacked is not null && size >= 0 && guard.Produced != size)
        {
            session.Report(
                ArchiveRules.CorruptCompressedData,
                $"The LZMA header declares {size:N0} unpacked bytes but the data unpacks to {guard.Produced:N0}; it is truncated.",
                input.Location.At(5));
        }

        ScanUnpacked(input, session, unpacked, guard, ModelFormat.Lzma, null);
    }

    private static void ScanLz4(ScanInput input, ScanSession session)
    {
        var frames = Lz4Frames.Walk(input.Stream, session.CancellationToken);
        foreach (var (rule, message, offset) in frames.Anomalies)
        {
            session.Report(rule, message, input.Location.At(offset));
        }

        if (frames.Frames.Count == 0)
        {
            return;
        }

        var decoder = new ConcatenatedStream(
            [.. frames.Frames.Select(frame => (Func<Stream>)(() => LZ4Stream.Decode(new SubStream(input.Stream, frame.Start, frame.Length), 0, false, false)))]);
        var unpacked = Unpacking.ToBuffer(session, decoder, input.Length, input.Location, out var guard);
        ScanUnpacked(input, session, unpacked, guard, ModelFormat.Lz4, null);
    }

    private static Stream? Open(ScanSession session, ScanInput input, Func<Stream> open)
    {
        try
        {
            return open();
        }
        catch (Exception error) when (UnpackGuard.IsDecoderFailure(error))
        {
            session.Report(ArchiveRules.CorruptCompressedData, $"The compressed data cannot be decoded: {error.Message}", input.Location);
            return null;
        }
    }

    private static void ScanUnpacked(ScanInput input, ScanSession session, Stream? unpacked, UnpackGuard guard, ModelFormat format, string? label)
    {
        if (unpacked is null)
        {
            return;
        }

        using (unpacked)
        {
            if (guard.Error is not null)
            {
                session.Report(
                    ArchiveRules.CorruptCompressedData,
                    $"The {FormatNames.Display(format)} data is corrupt after {guard.Produced:N0} unpacked bytes ({guard.Error}); what unpacked before was scanned.",
                    input.Location);
            }

            if (unpacked.Length == 0 && guard.Error is not null)
            {
                return;
            }

            var member = label ?? StripExtension(input.Name, format) ?? $"({FormatNames.Id(format)})";
            session.Scan(Unpacking.Nested(input, unpacked, member, member.StartsWith('(') ? input.Name : member));
        }
    }

    /// <summary>The name without its compression extension (<c>model.pkl.gz</c> gives <c>model.pkl</c>), or <c>null</c>.</summary>
    private static string? StripExtension(string name, ModelFormat format)
    {
        string[] extensions = format switch
        {
            ModelFormat.Gzip => [".gz", ".gzip"],
            ModelFormat.Zlib => [".z", ".zlib"],
            ModelFormat.Bzip2 => [".bz2"],
            ModelFormat.Xz => [".xz"],
            ModelFormat.Lzma => [".lzma"],
            ModelFormat.Lz4 => [".lz4"],
            _ => [],
        };
        if (format == ModelFormat.Gzip && name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
        {
            return name[..^4] + ".tar";
        }

        var extension = extensions.FirstOrDefault(candidate => name.Length > candidate.Length && name.EndsWith(candidate, StringComparison.OrdinalIgnoreCase));
        return extension is null ? null : name[..^extension.Length];
    }

    /// <summary>Offsets where a stream starts (the first always 0), found with a test over a 16-byte window.</summary>
    private static List<long> FindStarts(Stream stream, StartTest isStart, CancellationToken cancellationToken)
    {
        const int Window = 16;
        var starts = new List<long> { 0 };
        var buffer = new byte[1 << 16];
        var length = stream.Length;
        for (long position = 0; position < length; position += buffer.Length - Window)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = (int)Math.Min(buffer.Length, length - position);
            stream.Position = position;
            stream.ReadExactly(buffer.AsSpan(0, count));
            var last = count < buffer.Length ? count : count - Window;
            for (var i = 0; i < last; i++)
            {
                var offset = position + i;
                if (offset > starts[^1] && isStart(buffer.AsSpan(i, Math.Min(Window, count - i)), offset))
                {
                    starts.Add(offset);
                }
            }

            if (count < buffer.Length)
            {
                break;
            }
        }

        return starts;
    }

    private static bool IsBzip2Start(ReadOnlySpan<byte> window, long offset) =>
        window.Length >= 10 && window.StartsWith("BZh"u8) && window[3] is >= (byte)'1' and <= (byte)'9'
        && (window[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
            || window[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x17, 0x72, 0x45, 0x38, 0x50, 0x90]));

    private delegate bool StartTest(ReadOnlySpan<byte> window, long offset);

    /// <summary>Whether the data ends, after xz stream padding (zero bytes), with an xz stream footer ("YZ").</summary>
    private static bool EndsWithXzFooter(Stream stream)
    {
        var length = stream.Length;
        var tail = new byte[(int)Math.Min(length, 4096)];
        stream.Position = length - tail.Length;
        stream.ReadExactly(tail);
        var end = tail.Length;
        while (end >= 4 && tail.AsSpan(end - 4, 4).IndexOfAnyExcept((byte)0) < 0)
        {
            end -= 4;
        }

        return end >= 12 && tail[end - 2] == 'Y' && tail[end - 1] == 'Z';
    }

    /// <summary>
    /// Whether the data ends with a bzip2 end-of-stream marker (48-bit magic 0x177245385090, at any bit offset),
    /// its 32-bit combined CRC and fewer than 8 padding bits.
    /// </summary>
    private static bool EndsWithBzip2EndOfStream(Stream stream)
    {
        var length = stream.Length;
        if (length < 11)
        {
            return false;
        }

        var tail = new byte[11];
        stream.Position = length - tail.Length;
        stream.ReadExactly(tail);
        const ulong Magic = 0x177245385090;
        var totalBits = tail.Length * 8;
        for (var padding = 0; padding < 8; padding++)
        {
            var magicStart = totalBits - padding - 32 - 48;
            ulong value = 0;
            for (var bit = 0; bit < 48; bit++)
            {
                var index = magicStart + bit;
                value = (value << 1) | (uint)((tail[index >> 3] >> (7 - (index & 7))) & 1);
            }

            if (value == Magic)
            {
                return true;
            }
        }

        return false;
    }
}
