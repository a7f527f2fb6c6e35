using System.Text;
using Rampart.ModelFiles.Archives;
using static Rampart.ModelFiles.Tests.Archives.ArchiveTestSupport;

namespace Rampart.ModelFiles.Tests.Archives;

public sealed class CompressedStreamScannerTests
{
    [Theory]
    [InlineData("model_zlib.joblib", ModelFormat.Zlib, "(zlib)")]
    [InlineData("model_gzip.joblib", ModelFormat.Gzip, "(gzip)")]
    [InlineData("model_bz2.joblib", ModelFormat.Bzip2, "(bzip2)")]
    [InlineData("model_xz.joblib", ModelFormat.Xz, "(xz)")]
    [InlineData("model_lzma.joblib", ModelFormat.Lzma, "(lzma)")]
    [InlineData("model_lz4.joblib", ModelFormat.Lz4, "(lz4)")]
    public void Scan_CompressedJoblib_UnpacksAndScansTheInnerPickle(string fixture, ModelFormat format, string member)
    {
        var report = ScanFixture(fixture);

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(format, Assert.Single(report.Formats));
        var inner = Part(report, $"{fixture}!{member}");
        Assert.Equal(ModelFormat.Pickle, inner.Format);
        Assert.Equal(313, inner.Length);
        AssertNoScannerFailure(report);
    }

    [Fact]
    public void Scan_GzipWithTrailingGarbage_ReportsItsOffset()
    {
        var gzip = Gzip(Text("weights\n"));

        var report = Scan(Concat(gzip, Text("hidden payload")), "model.gz");

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.TrailingData.Id, finding.RuleId);
        Assert.Equal($"model.gz@{gzip.Length}", finding.Location.ToString());
        Assert.Equal(ModelFormat.Text, Part(report, "model.gz!model").Format);
    }

    [Fact]
    public void Scan_GzipWithZeroPadding_IsAccepted()
    {
        var report = Scan(Concat(Gzip(Text("weights\n")), new byte[64]), "model.gz");

        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Scan_MultiMemberGzip_UnpacksEveryMember()
    {
        var report = Scan(Concat(Gzip(Text("hello ")), Gzip(Text("world\n"))), "greeting.txt.gz");

        Assert.Empty(report.Findings);
        var inner = Part(report, "greeting.txt.gz!greeting.txt");
        Assert.Equal(ModelFormat.Text, inner.Format);
        Assert.Equal(12, inner.Length);
    }

    [Fact]
    public void Scan_GzipWithWrongCrc_IsMalformed()
    {
        var gzip = Gzip(Text("weights\n"));
        gzip[^8] ^= 0xFF;

        var finding = SingleFinding(Scan(gzip, "model.gz").Findings);

        Assert.Equal(ArchiveRules.ChecksumMismatch.Id, finding.RuleId);
        Assert.Equal("model.gz@0", finding.Location.ToString());
    }

    [Fact]
    public void Scan_TruncatedGzip_ScansWhatUnpackedAndReportsTheTruncation()
    {
        var data = new byte[50_000];
        new Random(3).NextBytes(data);
        var gzip = Gzip(Concat(TinyPickle, data));

        var report = Scan(gzip[..(gzip.Length / 2)], "model.gz");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.CorruptCompressedData.Id, finding.RuleId);
        Assert.Contains("truncated", finding.Message, StringComparison.Ordinal);
        Assert.Equal(ModelFormat.Pickle, Part(report, "model.gz!model").Format);
    }

    [Fact]
    public void Scan_GzipStoredName_NamesTheInnerPart()
    {
        var gzip = Gzip(Text("weights\n"));
        var named = Concat(gzip[..3], [0x08], gzip[4..10], Encoding.Latin1.GetBytes("weights.txt\0"), gzip[10..]);

        var report = Scan(named, "download.bin");

        Assert.Equal(ModelFormat.Text, Part(report, "download.bin!weights.txt").Format);
    }

    [Fact]
    public void Scan_ZlibWithTrailingGarbage_IsReported()
    {
        var zlib = Zlib(TinyPickle);

        var finding = SingleFinding(ArchiveFindings(Scan(Concat(zlib, Text("junk")), "model.joblib")));

        Assert.Equal(ArchiveRules.TrailingData.Id, finding.RuleId);
        Assert.Equal(zlib.Length, finding.Location.Offset);
    }

    [Fact]
    public void Scan_ZlibWithWrongAdler_IsMalformed()
    {
        var zlib = Zlib(Text("some text\n"));
        zlib[^1] ^= 0xFF;

        var finding = SingleFinding(ArchiveFindings(Scan(zlib, "model.joblib")));

        Assert.Equal(ArchiveRules.ChecksumMismatch.Id, finding.RuleId);
    }

    [Fact]
    public void Scan_JoblibZfFile_UnpacksTheZlibStreamAfterTheHeader()
    {
        var report = Scan(ZFile(TinyPickle, TinyPickle.Length), "old.pkl");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.Zlib, Assert.Single(report.Formats));
        var inner = Part(report, "old.pkl!(zlib)");
        Assert.Equal(ModelFormat.Pickle, inner.Format);
        Assert.Equal(TinyPickle.Length, inner.Length);
    }

    [Fact]
    public void Scan_JoblibZfFileWithWrongLength_IsMalformed()
    {
        var finding = SingleFinding(ArchiveFindings(Scan(ZFile(TinyPickle, 99), "old.pkl")));

        Assert.Equal(ArchiveRules.ChecksumMismatch.Id, finding.RuleId);
        Assert.Equal("old.pkl@2", finding.Location.ToString());
        Assert.Contains("declares 99 unpacked bytes", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_GzipBomb_IsStoppedAtTheRatioLimit()
    {
        var gzip = Gzip(new byte[8 << 20]);
        Assert.True(gzip.Length < 16 << 10);

        var report = Scan(gzip, "bomb.gz", new ScanOptions { Limits = ScanLimits.Default with { MaxCompressionRatio = 50 } });

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.CompressionBomb.Id, finding.RuleId);
        Assert.Equal("bomb.gz", finding.Location.ToString());
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_UnpackedSizeBeyondLimit_IsLimitReached()
    {
        var data = new byte[300_000];
        new Random(5).NextBytes(data);

        var report = Scan(Gzip(data), "big.gz", new ScanOptions { Limits = ScanLimits.Default with { MaxDecompressedBytes = 100_000 } });

        Assert.Equal(CoreScanRules.LimitReached.Id, SingleFinding(report.Findings).RuleId);
    }

    [Fact]
    public void Scan_GzipNestedBeyondMaxDepth_StopsAtTheLimit()
    {
        var data = Text("deep\n");
        for (var level = 0; level < 6; level++)
        {
            data = Gzip(data);
        }

        var report = Scan(data, "x.gz", new ScanOptions { Limits = ScanLimits.Default with { MaxDepth = 3 } });

        var finding = SingleFinding(report.Findings);
        Assert.Equal(CoreScanRules.LimitReached.Id, finding.RuleId);
        Assert.Equal("x.gz!x!(gzip)!(gzip)", finding.Location.ToString());
    }

    [Theory]
    [InlineData("model_bz2.joblib", "bzip2")]
    [InlineData("model_xz.joblib", "xz")]
    [InlineData("model_lz4.joblib", "LZ4")]
    public void Scan_TrailingGarbageAfterOtherFormats_IsReported(string fixture, string kind)
    {
        var data = Concat(File.ReadAllBytes(Fixture(fixture)), Text("hidden payload"));

        var report = Scan(data, fixture);

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.TrailingData.Id, finding.RuleId);
        Assert.Contains(kind, finding.Message, StringComparison.Ordinal);
        Assert.Contains(report.Parts, part => part.Format == ModelFormat.Pickle && part.Location.Members.Length == 1);
    }

    [Fact]
    public void Scan_ConcatenatedXzStreams_UnpacksBoth()
    {
        var xz = File.ReadAllBytes(Fixture("model_xz.joblib"));

        var report = Scan(Concat(xz, xz), "two.joblib");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(626, Part(report, "two.joblib!(xz)").Length);
    }

    [Fact]
    public void Scan_ConcatenatedLz4Frames_UnpacksBoth()
    {
        var lz4 = File.ReadAllBytes(Fixture("model_lz4.joblib"));

        var report = Scan(Concat(lz4, lz4), "two.joblib");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(626, Part(report, "two.joblib!(lz4)").Length);
    }

    [Fact]
    public void Scan_CorruptBzip2_IsMalformed()
    {
        var bz2 = File.ReadAllBytes(Fixture("model_bz2.joblib"));
        Array.Fill(bz2, (byte)0x55, 40, 60);

        var report = Scan(bz2, "model.joblib");

        Assert.Contains(report.Findings, finding => finding.RuleId == ArchiveRules.CorruptCompressedData.Id);
        AssertNoScannerFailure(report);
    }

    private static byte[] ZFile(byte[] content, int declared)
    {
        // joblib/numpy_pickle_compat.py write_zfile: "ZF" + hex length padded to 19 characters + zlib data.
        var header = Encoding.ASCII.GetBytes("ZF" + $"0x{declared:x}".PadRight(19));
        return Concat(header, Zlib(content));
    }
}
