using System.Diagnostics;
using System.Globalization;
using Rampart.Tests;
using Xunit.Abstractions;
using static Rampart.ModelFiles.Tests.Pickle.PickleTesting;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>Seeded mutation fuzzing of the pickle scanner: no scanner failure, no exception, bounded time.</summary>
public sealed class PickleFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Tokens =
    [
        "cos\nsystem\n", "c__builtin__\neval\n", "ibuiltins\nexec\n", "\u0093", "\u0095", "R", "b", "(", "t", ")", ".", "0", "1", "2",
        "\u0080\u0004", "q\u0000", "h\u0000", "h\u0007", "g3\n", "p1\n", "\u008c\u0002os", "\u008c\u0006system", "\u0082\u0001",
        "Q", "P1\n", "I01\n", "L12L\n", "S'x'\n", "Vx\n", "}", "]", "s", "u", "a", "e", "o", "\u0081", "\u0092", "\u0094",
        "J\u00ff\u00ff\u00ff\u00ff", "X\u00ff\u00ff\u00ff\u007f", "\u008e\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u007f",
        "\u0095\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "joblib.numpy_pickle\nNumpyArrayWrapper\n",
    ];

    private const string Alphabet = "()RbtTsuaeoN.012KMJhgqpXUVSBCcimQP}]lds\n";

    [Fact]
    public void Scan_MutatedPickles_NeverFailAndStayBounded()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var configured)
            ? configured
            : 400;
        var seeds = Directory.GetFiles(DataPath("Pickle"))
            .Concat(Directory.GetFiles(DataPath("Picklescan"), "*", SearchOption.AllDirectories))
            .Where(path => !path.EndsWith(".py", StringComparison.Ordinal) && !path.EndsWith(".md", StringComparison.Ordinal)
                && !path.EndsWith("LICENSE", StringComparison.Ordinal) && new FileInfo(path).Length < 64 << 10)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToList();
        var random = new Random(4242);
        var options = new ScanOptions { Limits = ScanLimits.Default with { MaxTimePerFile = TimeSpan.FromSeconds(20) } };
        var clock = Stopwatch.StartNew();
        var verdicts = new Dictionary<FileVerdict, int>();
        for (var i = 0; i < iterations; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var mutated = SeededMutator.Mutate(seed, random, Tokens, Alphabet, maxDelete: 16, maxSplice: 64);
            var one = Stopwatch.StartNew();
            var report = Scan(mutated, options, name: "fuzz.pkl");
            Assert.True(one.Elapsed < TimeSpan.FromSeconds(5), $"iteration {i} took {one.Elapsed}");
            verdicts[report.Verdict] = verdicts.GetValueOrDefault(report.Verdict) + 1;
        }

        output.WriteLine($"{iterations} mutations in {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", verdicts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}"))}");
    }
}
