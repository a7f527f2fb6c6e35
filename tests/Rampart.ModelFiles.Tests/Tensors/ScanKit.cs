using System.Diagnostics;

namespace Rampart.ModelFiles.Tests.Tensors;

/// <summary>Helpers shared by the NumPy, ONNX, SafeTensors and GGUF scanner tests.</summary>
internal static class ScanKit
{
    public static string TestData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>Scans bytes through the normal entry point (content sniffing).</summary>
    public static FileScanReport Scan(byte[] bytes, string name, ScanOptions? options = null) =>
        new ModelScanner(options).ScanStream(new MemoryStream(bytes, writable: false), name);

    /// <summary>Scans bytes as one format, without sniffing, and returns the findings.</summary>
    public static IReadOnlyList<ScanFinding> ScanAs(byte[] bytes, ModelFormat format, ScanOptions? options = null, string? diskPath = null)
    {
        var session = new ScanSession(options ?? ScanOptions.Default, CancellationToken.None, CancellationToken.None);
        using var stream = new MemoryStream(bytes, writable: false);
        session.ScanAs(
            new ScanInput { Stream = stream, Location = new ScanLocation { Path = "file" }, Name = "file", DiskPath = diskPath },
            format);
        return session.Findings;
    }

    public static FileVerdict VerdictOf(IEnumerable<ScanFinding> findings) => FileScanReport.VerdictOf(findings);

    public static ScanFinding Only(IEnumerable<ScanFinding> findings, string ruleId)
    {
        var list = findings.ToList();
        Assert.DoesNotContain(list, finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);
        return Assert.Single(list, finding => finding.RuleId == ruleId);
    }

    public static void NoFailure(IEnumerable<ScanFinding> findings) =>
        Assert.DoesNotContain(findings, finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);

    public static int FuzzIterations(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var count) && count > 0 ? count : defaultCount;

    /// <summary>Mutates the seed many times and checks the scanner never fails, never throws and stays fast.</summary>
    public static void Fuzz(byte[][] seeds, string name, int seed, string[] tokens, string alphabet, ScanOptions? options = null)
    {
        var random = new Random(seed);
        var iterations = FuzzIterations(300);
        var scanner = new ModelScanner(options ?? new ScanOptions { Deep = true });
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var original = seeds[random.Next(seeds.Length)];
            var mutated = Rampart.Tests.SeededMutator.Mutate(original, random, tokens, alphabet, maxDelete: 16, maxSplice: 64);
            var started = clock.Elapsed;
            var report = scanner.ScanStream(new MemoryStream(mutated, writable: false), name);
            var failure = report.Findings.FirstOrDefault(finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);
            Assert.True(failure is null, $"iteration {i}: {failure?.Message}\n{Convert.ToBase64String(mutated)}");
            Assert.True(clock.Elapsed - started < TimeSpan.FromSeconds(2), $"iteration {i} took too long");
        }
    }
}
