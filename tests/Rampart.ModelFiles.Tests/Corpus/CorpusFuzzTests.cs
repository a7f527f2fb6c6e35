using Rampart.Tests;
using Xunit.Abstractions;

namespace Rampart.ModelFiles.Tests.Corpus;

/// <summary>
/// Seeded mutation fuzzing over the whole committed corpus (every fixture of every format, picklescan's files
/// included) through the full scanner: no scanner failure, no hang (a scan that reached the per-file time limit
/// would say so), and allocation bounded per input. Deterministic: the seed and the corpus order are fixed.
/// <c>RAMPART_FUZZ_ITERATIONS</c> raises the number of inputs.
/// </summary>
public sealed class CorpusFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Tokens =
    [
        "\x80\x02", "\x80\x04\x95", "cos\nsystem\n", "\x93", "R", "b", ".", "PK\x03\x04", "PK\x05\x06", "PK\x01\x02",
        "\x93NUMPY", "GGUF", "{\"", "\"dtype\":", "\"data_offsets\":[0,", "\x89HDF\r\n\x1a\n", "ustar", "\x1F\x8B\x08",
        "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F", "\x00\x00\x00\x00",
    ];

    [Fact]
    public void ScanStream_MutatedCorpus_NeverFailsHangsOrBalloons()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestData");
        var seeds = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".py", StringComparison.Ordinal) && !path.EndsWith(".sh", StringComparison.Ordinal)
                && !path.EndsWith(".md", StringComparison.Ordinal) && !path.EndsWith("LICENSE", StringComparison.Ordinal))
            .Where(path => new FileInfo(path).Length is > 0 and < 300_000)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(seeds.Length > 150, $"only {seeds.Length} seeds");
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var configured) ? configured : 600;
        var random = new Random(20261130);
        var scanner = new ModelScanner(new ScanOptions { Limits = new ScanLimits { MaxTimePerFile = TimeSpan.FromSeconds(30) } });
        long worstAllocation = 0;
        for (var i = 0; i < iterations; i++)
        {
            var seed = seeds[random.Next(seeds.Length)];
            var mutated = SeededMutator.Mutate(File.ReadAllBytes(seed), random, Tokens, "\x00\x01\x02\x80\xFF.(}]qKXPK{}\":,", 64, 512);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var report = scanner.ScanStream(new MemoryStream(mutated), Path.GetFileName(seed));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            worstAllocation = Math.Max(worstAllocation, allocated);

            var failure = report.Findings.FirstOrDefault(finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);
            Assert.True(failure is null, $"iteration {i} ({Path.GetRelativePath(root, seed)}): {failure?.Message}");
            Assert.DoesNotContain(report.Findings, finding => finding.RuleId == CoreScanRules.LimitReached.Id && finding.Message.Contains("took longer", StringComparison.Ordinal));

            // Inputs are under 300 KB: a scan that allocates a gigabyte trusted a declared size.
            Assert.True(allocated < 256L << 20, $"iteration {i} ({Path.GetRelativePath(root, seed)}) allocated {allocated:N0} bytes");
        }

        output.WriteLine($"{iterations} mutated inputs from {seeds.Length} seeds; worst allocation {worstAllocation:N0} bytes.");
    }
}
