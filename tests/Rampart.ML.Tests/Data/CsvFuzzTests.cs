using System.Diagnostics;
using System.Text;
using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

/// <summary>
/// Seeded mutation fuzzing of the CSV reader and the statistics pass: byte flips, deletions, insertions of CSV
/// syntax and splices of a valid file must never throw, hang or allocate without bound, and every problem must
/// carry a plausible location. The long run is behind RAMPART_FUZZ_ITERATIONS.
/// </summary>
public sealed class CsvFuzzTests
{
    private const string Seed =
        "id,age,purpose,note,flag\r\n" +
        "A1,36,car,\"plain\",yes\r\n" +
        "A2,,\"educ,ation\",\"say \"\"hi\"\"\",no\r\n" +
        "A3,41.5,car,\"two\nlines\",yes\n" +
        "A4,NA,business,é ü,\n";

    private static readonly string[] Tokens = ["\"", "\"\"", ",", ";", "\t", "\r\n", "\n", "\r", "NA", "1e309", "-", ".", "\uFEFF", "\u00e9", "\0"];

    [Fact]
    public async Task ReadAsync_MutatedCsv_NeverThrowsHangsOrBlowsUp()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var n) ? n : 2000;
        var random = new Random(20261130);
        var seed = Encoding.UTF8.GetBytes(Seed);
        var slowest = TimeSpan.Zero;
        long largest = 0;
        for (var i = 0; i < iterations; i++)
        {
            var bytes = Mutate(seed, random);
            var options = new DatasetReadOptions
            {
                Label = random.Next(3) == 0 ? "flag" : null,
                Sensitive = random.Next(3) == 0 ? ["purpose"] : [],
                Csv = CsvOptions.Default with
                {
                    MaxLineLength = random.Next(2) == 0 ? 40 : CsvOptions.Default.MaxLineLength,
                    MaxFieldLength = random.Next(2) == 0 ? 8 : CsvOptions.Default.MaxFieldLength,
                    MaxProblems = random.Next(1, 10),
                    DetectSeparator = random.Next(2) == 0,
                },
            };
            var watch = Stopwatch.StartNew();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var exception = await Record.ExceptionAsync(async () =>
            {
                var result = await CsvText.ReadAsync(bytes, options, seekable: random.Next(2) == 0);
                Check(result.IsValid, result.Problems, result.Value?.RowCount ?? 0, options.Csv.MaxProblems);
                using var stream = new MemoryStream(bytes);
                var stats = await CsvStatistics.ComputeAsync(stream, "fuzz.csv", options.Csv, CancellationToken.None);
                Check(stats.IsValid, stats.Problems, (int)(stats.Value?.RowCount ?? 0), options.Csv.MaxProblems);
            });
            largest = Math.Max(largest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(exception is null, $"iteration {i}: {exception}\n--- input ---\n{Encoding.UTF8.GetString(bytes)}");
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
        }

        // Generous bounds that only a hang, an exponential blow-up or an unbounded buffer would cross.
        Assert.True(slowest < TimeSpan.FromSeconds(10), $"slowest input took {slowest}");
        Assert.True(largest < 64L << 20, $"one input allocated {largest} bytes");
    }

    private static void Check(bool valid, System.Collections.Immutable.ImmutableArray<Rampart.Diagnostics.Problem> problems, int rows, int cap)
    {
        Assert.True(valid != !problems.IsEmpty, "a result is valid exactly when it has no problems");
        Assert.True(problems.Length <= cap + 1, $"{problems.Length} problems with a cap of {cap}");
        Assert.All(problems, p => Assert.True(p.Line >= 0 && p.Column >= 0 && p.Line <= 64, p.ToString()));
        Assert.True(rows <= 64);
    }

    private static byte[] Mutate(byte[] seed, Random random) =>
        SeededMutator.Mutate(seed, random, Tokens, "\",;\t\r\n\" ", maxDelete: 30, maxSplice: 60);
}
