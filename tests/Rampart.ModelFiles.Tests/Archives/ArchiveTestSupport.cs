using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Rampart.ModelFiles.Archives;

namespace Rampart.ModelFiles.Tests.Archives;

/// <summary>Scanning helpers and fixture paths for the archive tests.</summary>
internal static class ArchiveTestSupport
{
    /// <summary>A minimal protocol 2 pickle of the integer 1.</summary>
    public static readonly byte[] TinyPickle = [0x80, 0x02, (byte)'K', 0x01, (byte)'.'];

    /// <summary>A fixture path; <c>picklescan/NAME</c> names a file of the shared picklescan corpus copy.</summary>
    public static string Fixture(string relative)
    {
        const string Corpus = "picklescan/";
        if (!relative.StartsWith(Corpus, StringComparison.Ordinal))
        {
            return Path.Combine(AppContext.BaseDirectory, "TestData", "Archives", relative);
        }

        var name = relative[Corpus.Length..];
        var data = Path.Combine(AppContext.BaseDirectory, "TestData", "Picklescan", "data", name);
        return File.Exists(data) ? data : Path.Combine(AppContext.BaseDirectory, "TestData", "Picklescan", "data2", name);
    }

    public static FileScanReport ScanFixture(string relative, ScanOptions? options = null) =>
        new ModelScanner(options).ScanFile(Fixture(relative), Path.GetFileName(relative));

    public static FileScanReport Scan(byte[] data, string name, ScanOptions? options = null) =>
        new ModelScanner(options).ScanStream(new MemoryStream(data), name);

    /// <summary>Findings of the archive rules (RMP-MF-2xx) only.</summary>
    public static List<ScanFinding> ArchiveFindings(FileScanReport report) =>
        [.. report.Findings.Where(finding => ArchiveRules.All.Any(rule => rule.Id == finding.RuleId))];

    public static ScannedPart Part(FileScanReport report, string location) =>
        Assert.Single(report.Parts, part => part.Location.ToString() == location);

    /// <summary>The only finding, failing with every finding listed otherwise.</summary>
    public static ScanFinding SingleFinding(IReadOnlyCollection<ScanFinding> findings)
    {
        if (findings.Count != 1)
        {
            Assert.Fail($"Expected one finding, got {findings.Count}: " + string.Join(" | ", findings.Select(finding => $"{finding.RuleId} {finding.Location} {finding.Message}")));
        }

        return findings.First();
    }

    public static void AssertNoScannerFailure(FileScanReport report)
    {
        var failure = report.Findings.FirstOrDefault(finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);
        Assert.True(failure is null, failure?.Message);
    }

    public static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Zlib(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>
/// Writes zip archives byte by byte, with every field under the test's control: flags, CRC, local names, sizes,
/// duplicate directory entries, data before, between and after the members.
/// </summary>
internal sealed class ZipBuilder
{
    private readonly List<Member> _members = [];
    private readonly List<(int Member, string? Name)> _extraCentral = [];

    public byte[] Prefix { get; set; } = [];

    public byte[] Suffix { get; set; } = [];

    /// <summary>Whether to write a ZIP64 end record and locator, with the 32-bit end record fields saturated.</summary>
    public bool Zip64End { get; set; }

    public ZipBuilder Add(
        string name,
        byte[] content,
        ushort method = 0,
        ushort flags = 0,
        string? localName = null,
        uint? crc = null,
        long? uncompressedSize = null,
        byte[]? packed = null,
        byte[]? gapBefore = null)
    {
        _members.Add(new Member(name, content, method, flags, localName, crc, uncompressedSize, packed, gapBefore ?? []));
        return this;
    }

    /// <summary>Adds a second central directory entry for an existing member (same local header).</summary>
    public ZipBuilder DuplicateEntry(int member, string? name = null)
    {
        _extraCentral.Add((member, name));
        return this;
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        output.Write(Prefix);
        var offsets = new List<long>();
        var packedData = new List<byte[]>();
        foreach (var member in _members)
        {
            output.Write(member.GapBefore);
            var packed = member.Packed ?? (member.Method == 8 ? ArchiveTestSupport.Deflate(member.Content) : member.Content);
            packedData.Add(packed);
            offsets.Add(output.Position - Prefix.Length);
            WriteHeader(output, local: true, member, member.LocalName ?? member.Name, packed.Length, 0);
            output.Write(packed);
        }

        var centralStart = output.Position - Prefix.Length;
        var entries = 0;
        for (var i = 0; i < _members.Count; i++)
        {
            WriteHeader(output, local: false, _members[i], _members[i].Name, packedData[i].Length, offsets[i]);
            entries++;
        }

        foreach (var (index, name) in _extraCentral)
        {
            WriteHeader(output, local: false, _members[index], name ?? _members[index].Name, packedData[index].Length, offsets[index]);
            entries++;
        }

        var centralSize = output.Position - Prefix.Length - centralStart;
        if (Zip64End)
        {
            var recordOffset = output.Position - Prefix.Length;
            var record = new byte[56];
            "PK\x06\x06"u8.CopyTo(record);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(4), 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(12), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 45);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(24), (ulong)entries);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), (ulong)entries);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(40), (ulong)centralSize);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(48), (ulong)centralStart);
            output.Write(record);
            var locator = new byte[20];
            "PK\x06\x07"u8.CopyTo(locator);
            BinaryPrimitives.WriteUInt64LittleEndian(locator.AsSpan(8), (ulong)recordOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 1);
            output.Write(locator);
        }

        Span<byte> end = stackalloc byte[22];
        "PK\x05\x06"u8.CopyTo(end);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], Zip64End ? ushort.MaxValue : (ushort)entries);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], Zip64End ? ushort.MaxValue : (ushort)entries);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], Zip64End ? uint.MaxValue : (uint)centralSize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], Zip64End ? uint.MaxValue : (uint)centralStart);
        output.Write(end);
        output.Write(Suffix);
        return output.ToArray();
    }

    private static void WriteHeader(MemoryStream output, bool local, Member member, string name, int packedLength, long offset)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var header = new byte[local ? 30 : 46];
        var span = header.AsSpan();
        var crc = member.Crc ?? Crc(member.Content);
        var size = (uint)(member.UncompressedSize ?? member.Content.Length);
        if (local)
        {
            "PK\x03\x04"u8.CopyTo(span);
            BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], member.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(span[8..], member.Method);
            BinaryPrimitives.WriteUInt32LittleEndian(span[14..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(span[18..], (uint)packedLength);
            BinaryPrimitives.WriteUInt32LittleEndian(span[22..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(span[26..], (ushort)nameBytes.Length);
        }
        else
        {
            "PK\x01\x02"u8.CopyTo(span);
            BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 0x031E);
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(span[8..], member.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(span[10..], member.Method);
            BinaryPrimitives.WriteUInt32LittleEndian(span[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(span[20..], (uint)packedLength);
            BinaryPrimitives.WriteUInt32LittleEndian(span[24..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(span[28..], (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[42..], (uint)offset);
        }

        output.Write(header);
        output.Write(nameBytes);
    }

    public static uint Crc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private sealed record Member(
        string Name, byte[] Content, ushort Method, ushort Flags, string? LocalName, uint? Crc, long? UncompressedSize, byte[]? Packed, byte[] GapBefore);
}
