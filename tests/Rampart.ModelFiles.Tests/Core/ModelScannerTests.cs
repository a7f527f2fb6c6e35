using Rampart.Tests;

namespace Rampart.ModelFiles.Tests.Core;

public sealed class ModelScannerTests
{
    [Fact]
    public async Task ScanAsync_FolderWithTextEmptyAndUnknown_GivesVerdictPerFileWithoutExtensionFilter()
    {
        using var folder = new TempFolder();
        folder.Write("README.md", "# A model\n");
        folder.Write("empty.bin", string.Empty);
        File.WriteAllBytes(Path.Combine(folder.Path, "weights.xyz"), [0xF3, 0x01, 0x02, 0x00, 0xFF]);

        var report = await new ModelScanner().ScanAsync([folder.Path]);

        Assert.Equal(3, report.Files.Length);
        var byName = report.Files.ToDictionary(file => Path.GetFileName(file.Path));
        Assert.Equal(FileVerdict.Clean, byName["README.md"].Verdict);
        Assert.Equal(FileVerdict.Info, byName["empty.bin"].Verdict);
        Assert.Equal(FileVerdict.Unscannable, byName["weights.xyz"].Verdict);
        Assert.Equal(CoreScanRules.UnknownFormat.Id, Assert.Single(byName["weights.xyz"].Findings).RuleId);
    }

    [Fact]
    public async Task ScanAsync_LinkLeavingFolder_IsUnscannableAndNotFollowed()
    {
        using var outside = new TempFolder();
        using var folder = new TempFolder();
        var target = outside.Write("secret.pkl", "x");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "model.pkl"), target);

        var report = await new ModelScanner().ScanAsync([folder.Path]);

        var file = Assert.Single(report.Files);
        Assert.Equal(FileVerdict.Unscannable, file.Verdict);
        Assert.Equal(CoreScanRules.LinkOutside.Id, Assert.Single(file.Findings).RuleId);
    }

    [Fact]
    public async Task ScanAsync_IncludeAndExclude_SelectFiles()
    {
        using var folder = new TempFolder();
        folder.Write("a/keep.txt", "keep");
        folder.Write("a/skip.txt", "skip");
        folder.Write(".git/config", "x");

        var report = await new ModelScanner(new ScanOptions { Include = ["*.txt"], Exclude = ["skip.txt", ".git"] }).ScanAsync([folder.Path]);

        Assert.Equal("keep.txt", Path.GetFileName(Assert.Single(report.Files).Path));
    }

    [Fact]
    public async Task ScanAsync_MissingPath_IsUnreadable()
    {
        var report = await new ModelScanner().ScanAsync(["/nonexistent/rampart/model.pkl"]);
        var file = Assert.Single(report.Files);
        Assert.Equal(CoreScanRules.UnreadableFile.Id, Assert.Single(file.Findings).RuleId);
        Assert.Equal(FileVerdict.Unscannable, file.Verdict);
    }

    [Fact]
    public void ScanStream_MisleadingExtension_IsReported()
    {
        var report = new ModelScanner().ScanStream(new MemoryStream("plain text"u8.ToArray()), "weights.safetensors");
        Assert.Contains(report.Findings, finding => finding.RuleId == CoreScanRules.MisleadingExtension.Id);
        Assert.Equal(FileVerdict.Suspicious, report.Verdict);
    }

    [Fact]
    public void ScanStream_TimeLimitPassed_IsUnscannableOnceAndKeepsNothingClean()
    {
        // A protocol 2 list of 300,000 small ints appended 1,000 at a time (the stack stays small): long enough that
        // the scanner checks the clock mid-way, and no other limit is near.
        var data = new List<byte> { 0x80, 0x02, (byte)']' };
        for (var batch = 0; batch < 300; batch++)
        {
            data.Add((byte)'(');
            for (var i = 0; i < 1_000; i++)
            {
                data.Add((byte)'K');
                data.Add(1);
            }

            data.Add((byte)'e');
        }

        data.Add((byte)'.');
        var options = new ScanOptions { Limits = new ScanLimits { MaxTimePerFile = TimeSpan.Zero } };

        var report = new ModelScanner(options).ScanStream(new MemoryStream([.. data]), "big.pkl");

        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.RuleId == CoreScanRules.LimitReached.Id);
        Assert.Contains("longer than 0 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScanStream_NestingBeyondDepthLimit_IsUnscannable()
    {
        // gzip inside gzip inside gzip ... around a tiny pickle, deeper than a limit of 2.
        byte[] data = [0x80, 0x02, (byte)'N', (byte)'.'];
        for (var i = 0; i < 4; i++)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(data);
            }

            data = buffer.ToArray();
        }

        var report = new ModelScanner(new ScanOptions { Limits = new ScanLimits { MaxDepth = 2 } }).ScanStream(new MemoryStream(data), "nested.gz");

        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
        Assert.Contains(report.Findings, f => f.RuleId == CoreScanRules.LimitReached.Id && f.Message.Contains("Nesting deeper than 2", StringComparison.Ordinal));
    }
}
