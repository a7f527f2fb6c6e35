using System.Globalization;
using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Scans zip archives (PyTorch and TorchScript checkpoints, NumPy <c>.npz</c>, Keras 3 <c>.keras</c>, plain zips)
/// with a relaxed reader of its own: every member listed in the central directory is read the way PyTorch reads it
/// (central name, central sizes, whatever the flags and CRC say), every disagreement is reported as its own finding,
/// and every member is sniffed and scanned, whatever its name.
/// </summary>
internal sealed class ZipScanner : IFormatScanner
{
    private const long CrcCheckLimit = 64L << 20;
    private const long RatioFloorBytes = 1 << 20;
    private const int MaxLayoutFindings = 16;

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.Zip];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => ArchiveRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var stream = input.Stream;
        var directory = ZipDirectory.Read(stream, session.Limits.MaxMembers, session.CancellationToken);
        foreach (var (message, offset) in directory.Problems)
        {
            session.Report(ArchiveRules.StructureCorrupt, message, input.Location.At(offset));
        }

        if (directory.MemberLimitReached)
        {
            session.Report(
                CoreScanRules.LimitReached,
                $"The archive lists more than {session.Limits.MaxMembers:N0} members (limit); only the first {session.Limits.MaxMembers:N0} were checked.",
                input.Location);
        }

        var scanMembers = input.Depth + 1 <= session.Limits.MaxDepth;
        if (!scanMembers && directory.Entries.Count > 0)
        {
            session.Report(
                CoreScanRules.LimitReached,
                $"Nesting deeper than {session.Limits.MaxDepth} levels (limit); the archive's members were not scanned.",
                input.Location);
        }

        var layout = ZipLayout.Detect(directory.Entries);
        var ranges = new List<(long Start, long End, string Name)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var code = new List<string>();
        foreach (var entry in directory.Entries)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var location = input.Location.Enter(entry.Name);
            MemberNames.Check(session, entry.Name, location, "member name", entry.Name);
            if (!seen.Add(entry.Name))
            {
                session.Report(
                    ArchiveRules.DuplicateMemberName,
                    $"The member name '{MemberNames.Printable(entry.Name)}' appears more than once in the central directory; loaders disagree on which copy they read (each was scanned).",
                    location,
                    evidence: [Offset(entry.LocalHeaderOffset)]);
            }

            var local = ZipDirectory.ReadLocalHeader(stream, entry.LocalHeaderOffset);
            if (local is null)
            {
                session.Report(
                    ArchiveRules.StructureCorrupt,
                    $"The member '{MemberNames.Printable(entry.Name)}' has no local header at offset {entry.LocalHeaderOffset:N0}; its data cannot be found.",
                    location,
                    evidence: [Offset(entry.LocalHeaderOffset)]);
                continue;
            }

            CompareHeaders(session, entry, local, location);
            var dataEnd = entry.CompressedSize > stream.Length - local.DataStart ? long.MaxValue : local.DataStart + entry.CompressedSize;
            if (dataEnd > stream.Length)
            {
                session.Report(
                    ArchiveRules.StructureCorrupt,
                    $"The data of member '{MemberNames.Printable(entry.Name)}' ({entry.CompressedSize:N0} bytes from offset {local.DataStart:N0}) runs past the end of the file.",
                    location,
                    evidence: [Offset(local.DataStart)]);
            }

            ranges.Add((entry.LocalHeaderOffset, Math.Min(stream.Length, dataEnd == long.MaxValue ? dataEnd : dataEnd + DescriptorLength(stream, entry, local, dataEnd)), entry.Name));
            if (!scanMembers || (entry.IsDirectory && entry.CompressedSize == 0))
            {
                continue;
            }

            switch (layout.RoleOf(entry.Name))
            {
                case MemberRole.TensorData:
                    session.RecordPart(new ScannedPart(location, ModelFormat.Unknown, entry.UncompressedSize) { Role = "tensor data" });
                    break;
                case MemberRole.TorchScriptCode:
                    code.Add(entry.Name);
                    session.RecordPart(new ScannedPart(location, ModelFormat.Code, entry.UncompressedSize) { Role = "TorchScript code" });
                    break;
                case MemberRole.KerasConfig:
                    ScanMember(input, session, entry, local, location, layout, ModelFormat.KerasConfig);
                    break;
                default:
                    ScanMember(input, session, entry, local, location, layout, null);
                    break;
            }
        }

        ReportLayout(input, session, directory, ranges);
        if (code.Count > 0)
        {
            session.Report(
                ArchiveRules.TorchScriptCode,
                $"The archive contains TorchScript code that torch.jit.load compiles and runs: {string.Join(", ", code.Take(10))}{(code.Count > 10 ? $" and {code.Count - 10} more" : string.Empty)}.",
                input.Location,
                evidence: [new("files", code.Count.ToString(CultureInfo.InvariantCulture))]);
        }
    }

    private static void ScanMember(
        ScanInput input, ScanSession session, ZipEntry entry, ZipLocalHeader local, ScanLocation location, ZipLayout layout, ModelFormat? format)
    {
        var flags = (ushort)(entry.Flags | local.Flags);
        var protectedData = (flags & 0x61) != 0;
        if (entry.Method == 99)
        {
            session.Report(ArchiveRules.EncryptedMember, $"The member '{MemberNames.Printable(entry.Name)}' is AES-encrypted; it cannot be scanned.", location);
            return;
        }

        using var packed = new SubStream(input.Stream, local.DataStart, entry.CompressedSize);
        Stream? unpacked = null;
        try
        {
            Stream data;
            if (entry.Method == 0)
            {
                if (!CheckStored(session, entry, flags, packed, location))
                {
                    return;
                }

                data = packed;
            }
            else
            {
                unpacked = Unpack(session, entry, flags, packed, location);
                if (unpacked is null)
                {
                    return;
                }

                data = unpacked;
            }

            var nested = Unpacking.Nested(input, data, entry.Name);
            var partsBefore = session.Parts.Count;
            if (format is { } known)
            {
                session.ScanAs(nested, known);
            }
            else
            {
                session.Scan(nested);
            }

            if (layout.IsPyTorch && !layout.IsExpectedPickle(entry.Name) && session.Parts.Skip(partsBefore).Any(part =>
                    part.Format == ModelFormat.Pickle && part.Location.Members.SequenceEqual(nested.Location.Members)))
            {
                session.Report(
                    ArchiveRules.PyTorchExtraPickle,
                    $"The PyTorch archive holds the pickle '{MemberNames.Printable(entry.Name)}', which is not one torch.load reads (data.pkl); other tools may load it.",
                    location);
            }
        }
        finally
        {
            unpacked?.Dispose();
        }
    }

    /// <summary>Checks a stored member's flags, sizes and CRC; <c>false</c> when it cannot be read.</summary>
    private static bool CheckStored(ScanSession session, ZipEntry entry, ushort flags, SubStream packed, ScanLocation location)
    {
        if (protectedDataFlags(flags))
        {
            // Traditional encryption adds a 12-byte header; equal sizes mean the bytes are the plain data.
            if (entry.CompressedSize != entry.UncompressedSize)
            {
                session.Report(
                    ArchiveRules.EncryptedMember,
                    $"The member '{MemberNames.Printable(entry.Name)}' is encrypted ({FlagText(flags)}); it cannot be scanned.",
                    location,
                    evidence: [Flags(flags)]);
                return false;
            }

            ReportMisleadingFlags(session, entry, flags, location);
        }
        else if (entry.CompressedSize != entry.UncompressedSize)
        {
            session.Report(
                ArchiveRules.ZipHeaderMismatch,
                $"The stored member '{MemberNames.Printable(entry.Name)}' records {entry.CompressedSize:N0} packed and {entry.UncompressedSize:N0} unpacked bytes; stored data has one size.",
                location);
        }

        if (packed.Length <= CrcCheckLimit || session.Options.Deep)
        {
            packed.Position = 0;
            var (crc, _) = Checksums.Crc32Of(packed, session.CancellationToken);
            ReportCrc(session, entry, crc, location);
        }

        return true;

        static bool protectedDataFlags(ushort value) => (value & 0x61) != 0;
    }

    /// <summary>Unpacks a compressed member within the limits; <c>null</c> when it cannot be scanned (reported).</summary>
    private static Stream? Unpack(ScanSession session, ZipEntry entry, ushort flags, SubStream packed, ScanLocation location)
    {
        var limits = session.Limits;
        if (entry.UncompressedSize > limits.MaxDecompressedBytes)
        {
            session.Report(
                CoreScanRules.LimitReached,
                $"The member '{MemberNames.Printable(entry.Name)}' unpacks to {entry.UncompressedSize:N0} bytes, more than {limits.MaxDecompressedBytes:N0} (limit); it was not scanned.",
                location);
            return null;
        }

        if (entry.UncompressedSize > RatioFloorBytes && entry.UncompressedSize > Math.Max(1, entry.CompressedSize) * limits.MaxCompressionRatio)
        {
            session.Report(
                ArchiveRules.CompressionBomb,
                $"The member '{MemberNames.Printable(entry.Name)}' records {entry.CompressedSize:N0} packed bytes unpacking to {entry.UncompressedSize:N0}, a ratio above {limits.MaxCompressionRatio:N0} (limit): a decompression bomb.",
                location,
                evidence: [new("packedBytes", entry.CompressedSize.ToString(CultureInfo.InvariantCulture)), new("unpackedBytes", entry.UncompressedSize.ToString(CultureInfo.InvariantCulture))]);
            return null;
        }

        Stream? decoder;
        try
        {
            decoder = ZipDecoders.Open(entry.Method, flags, entry.UncompressedSize, new SubStream(packed, 0, packed.Length));
        }
        catch (Exception error) when (UnpackGuard.IsDecoderFailure(error))
        {
            session.Report(ArchiveRules.CorruptCompressedData, $"The {ZipDecoders.MethodName(entry.Method)} data of member '{MemberNames.Printable(entry.Name)}' cannot be decoded: {error.Message}", location);
            return null;
        }

        if (decoder is null)
        {
            session.Report(
                ArchiveRules.UnsupportedMember,
                $"The member '{MemberNames.Printable(entry.Name)}' is compressed with {ZipDecoders.MethodName(entry.Method)}, which Rampart cannot unpack; it was not scanned.",
                location,
                evidence: [new("method", entry.Method.ToString(CultureInfo.InvariantCulture))]);
            return null;
        }

        var unpacked = Unpacking.ToBuffer(session, decoder, entry.CompressedSize, location, out var guard);
        if (unpacked is null)
        {
            return null;
        }

        var intact = guard.Error is null && guard.Produced == entry.UncompressedSize;
        if ((flags & 0x61) != 0)
        {
            if (!intact || guard.Crc != entry.Crc)
            {
                unpacked.Dispose();
                session.Report(
                    ArchiveRules.EncryptedMember,
                    $"The member '{MemberNames.Printable(entry.Name)}' is encrypted ({FlagText(flags)}); it cannot be scanned.",
                    location,
                    evidence: [Flags(flags)]);
                return null;
            }

            ReportMisleadingFlags(session, entry, flags, location);
            return unpacked;
        }

        if (guard.Error is not null)
        {
            session.Report(
                ArchiveRules.CorruptCompressedData,
                $"The {ZipDecoders.MethodName(entry.Method)} data of member '{MemberNames.Printable(entry.Name)}' is corrupt after {guard.Produced:N0} unpacked bytes ({guard.Error}); what unpacked before was scanned.",
                location);
        }
        else
        {
            if (guard.Produced != entry.UncompressedSize)
            {
                session.Report(
                    ArchiveRules.ZipHeaderMismatch,
                    $"The member '{MemberNames.Printable(entry.Name)}' unpacks to {guard.Produced:N0} bytes but records {entry.UncompressedSize:N0}.",
                    location);
            }

            ReportCrc(session, entry, guard.Crc, location);
        }

        return unpacked;
    }

    private static void ReportMisleadingFlags(ScanSession session, ZipEntry entry, ushort flags, ScanLocation location) =>
        session.Report(
            ArchiveRules.ZipMisleadingFlags,
            $"The member '{MemberNames.Printable(entry.Name)}' is flagged as {FlagText(flags)} but holds plain {ZipDecoders.MethodName(entry.Method)} data that PyTorch reads; it was scanned (CVE-2025-1945).",
            location,
            evidence: [Flags(flags)]);

    private static void ReportCrc(ScanSession session, ZipEntry entry, uint actual, ScanLocation location)
    {
        if (actual == entry.Crc)
        {
            return;
        }

        session.Report(
            ArchiveRules.ZipCrcMismatch,
            $"The data of member '{MemberNames.Printable(entry.Name)}' has CRC-32 {actual:x8} but the archive records {entry.Crc:x8}; Python's zipfile refuses it, PyTorch reads it (CVE-2025-10156).",
            location,
            evidence: [new("expected", entry.Crc.ToString("x8", CultureInfo.InvariantCulture)), new("actual", actual.ToString("x8", CultureInfo.InvariantCulture))]);
    }

    private static void CompareHeaders(ScanSession session, ZipEntry entry, ZipLocalHeader local, ScanLocation location)
    {
        if (!local.RawName.AsSpan().SequenceEqual(entry.RawName))
        {
            var localName = ((entry.Flags & 0x800) != 0 ? System.Text.Encoding.UTF8 : System.Text.Encoding.Latin1).GetString(local.RawName);
            session.Report(
                ArchiveRules.ZipNameMismatch,
                $"The central directory names the member '{MemberNames.Printable(entry.Name)}' but its local header says '{MemberNames.Printable(localName)}'; Python's zipfile refuses it, PyTorch reads it by the central name (CVE-2025-1944).",
                location,
                evidence: [new("centralName", MemberNames.Printable(entry.Name)), new("localName", MemberNames.Printable(localName))]);
        }

        var differences = new List<string>();
        if (local.Method != entry.Method)
        {
            differences.Add($"method {ZipDecoders.MethodName(local.Method)} instead of {ZipDecoders.MethodName(entry.Method)}");
        }

        if ((local.Flags & 8) == 0)
        {
            if (local.Crc != entry.Crc)
            {
                differences.Add($"CRC-32 {local.Crc:x8} instead of {entry.Crc:x8}");
            }

            if (local.CompressedSize != entry.CompressedSize && local.CompressedSize != uint.MaxValue)
            {
                differences.Add($"{local.CompressedSize:N0} packed bytes instead of {entry.CompressedSize:N0}");
            }

            if (local.UncompressedSize != entry.UncompressedSize && local.UncompressedSize != uint.MaxValue)
            {
                differences.Add($"{local.UncompressedSize:N0} unpacked bytes instead of {entry.UncompressedSize:N0}");
            }
        }

        if ((local.Flags & 0x61) != (entry.Flags & 0x61))
        {
            differences.Add($"flags {local.Flags:x4} instead of {entry.Flags:x4}");
        }

        if (differences.Count > 0)
        {
            session.Report(
                ArchiveRules.ZipHeaderMismatch,
                $"The local header of member '{MemberNames.Printable(entry.Name)}' disagrees with the central directory: {string.Join("; ", differences)}. The central directory's values were used, as PyTorch does.",
                location,
                evidence: [Offset(local.Offset)]);
        }
    }

    private static int DescriptorLength(Stream stream, ZipEntry entry, ZipLocalHeader local, long dataEnd)
    {
        if (((local.Flags | entry.Flags) & 8) == 0)
        {
            return 0;
        }

        Span<byte> probe = stackalloc byte[4];
        var signed = ZipDirectory.TryReadAt(stream, dataEnd, probe) && probe.SequenceEqual("PK\x07\x08"u8);
        int[] candidates = (signed, entry.Zip64) switch
        {
            (true, false) => [16, 24],
            (true, true) => [24, 16],
            (false, false) => [12, 20],
            (false, true) => [20, 12],
        };
        foreach (var candidate in candidates)
        {
            if (ZipDirectory.TryReadAt(stream, dataEnd + candidate, probe[..2]) && probe[0] == 'P' && probe[1] == 'K')
            {
                return candidate;
            }
        }

        return candidates[0];
    }

    private static void ReportLayout(ScanInput input, ScanSession session, ZipDirectory directory, List<(long Start, long End, string Name)> ranges)
    {
        var length = input.Stream.Length;
        var reported = 0;
        void Gap(long start, long end, string where)
        {
            if (end <= start || reported++ >= MaxLayoutFindings)
            {
                return;
            }

            Span<byte> head = stackalloc byte[4];
            var hidden = ZipDirectory.TryReadAt(input.Stream, start, head) && head.SequenceEqual("PK\x03\x04"u8)
                ? "; it starts with a local file header, a member missing from the central directory"
                : string.Empty;
            session.Report(
                ArchiveRules.UnlistedData,
                $"{end - start:N0} bytes at offset {start:N0} {where} belong to no listed member{hidden}.",
                input.Location.At(start),
                evidence: [new("length", (end - start).ToString(CultureInfo.InvariantCulture))]);
        }

        var cursor = 0L;
        var previous = string.Empty;
        var first = true;
        foreach (var (start, end, name) in ranges.OrderBy(range => range.Start).ThenBy(range => range.End))
        {
            if (start < cursor)
            {
                if (reported++ < MaxLayoutFindings)
                {
                    session.Report(
                        ArchiveRules.OverlappingMembers,
                        $"The members '{MemberNames.Printable(previous)}' and '{MemberNames.Printable(name)}' share bytes from offset {start:N0}; overlapping members build zip bombs and parser tricks.",
                        input.Location.At(start),
                        evidence: [new("members", $"{MemberNames.Printable(previous)},{MemberNames.Printable(name)}")]);
                }
            }
            else
            {
                Gap(cursor, start, first ? "before the first member" : $"after member '{MemberNames.Printable(previous)}'");
            }

            first = false;
            if (end > cursor)
            {
                cursor = end;
                previous = name;
            }
        }

        if (cursor > directory.CentralStart && ranges.Count > 0)
        {
            session.Report(
                ArchiveRules.OverlappingMembers,
                $"The data of member '{MemberNames.Printable(previous)}' runs into the central directory at offset {directory.CentralStart:N0}.",
                input.Location.At(directory.CentralStart));
        }
        else
        {
            Gap(cursor, directory.CentralStart, ranges.Count == 0 ? "before the central directory" : "between the last member and the central directory");
        }

        Gap(directory.CentralEnd, directory.EndRecordsStart, "between the central directory and the end record");
        Gap(directory.EndRecordsEnd, length, "after the end of the archive");
    }

    private static KeyValuePair<string, string> Offset(long offset) => new("offset", offset.ToString(CultureInfo.InvariantCulture));

    private static KeyValuePair<string, string> Flags(ushort flags) => new("flags", "0x" + flags.ToString("x4", CultureInfo.InvariantCulture));

    private static string FlagText(ushort flags)
    {
        var parts = new List<string>();
        if ((flags & 0x01) != 0)
        {
            parts.Add("encrypted (bit 0)");
        }

        if ((flags & 0x20) != 0)
        {
            parts.Add("compressed patched data (bit 5)");
        }

        if ((flags & 0x40) != 0)
        {
            parts.Add("strongly encrypted (bit 6)");
        }

        return string.Join(" and ", parts);
    }
}
