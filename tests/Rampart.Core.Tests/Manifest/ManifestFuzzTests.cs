using System.Diagnostics;
using System.Text;
using Rampart.Catalogue;
using Rampart.Manifest;

namespace Rampart.Tests.Manifest;

/// <summary>
/// Seeded mutation fuzzing of the manifest reader: random byte flips, insertions, deletions and splices of a
/// valid manifest must never throw or hang. The long run is behind RAMPART_FUZZ_ITERATIONS.
/// </summary>
public sealed class ManifestFuzzTests
{
    private static readonly string[] Tokens = ["&a ", "*a", "[", "]", "{", "}", ": ", "\n  ", "- ", "!!binary ", "'", "\"", "\t", "%YAML 1.2\n", "---\n", "? ", "|\n", ">-\n", "\\u0000", "~", "0x", "1e309"];

    [Fact]
    public void Read_MutatedManifests_NeverThrowAndStayFast()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var n) ? n : 1500;
        var random = new Random(20261130);
        var seed = Encoding.UTF8.GetBytes(ManifestSamples.Valid);
        var catalogue = SecurityCatalogue.Default;
        var watch = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < iterations; i++)
        {
            var bytes = Mutate(seed, random);
            var text = Encoding.UTF8.GetString(bytes);
            var started = watch.Elapsed;
            var exception = Record.Exception(() => ManifestReader.Read(text, "fuzz.yaml", "/tmp", catalogue));
            Assert.True(exception is null, $"iteration {i}: {exception}\n--- input ---\n{text}");
            var took = watch.Elapsed - started;
            slowest = took > slowest ? took : slowest;
        }

        // A generous bound that only a hang or exponential blow-up would cross.
        Assert.True(slowest < TimeSpan.FromSeconds(30), $"slowest input took {slowest}: a hang or an exponential blow-up");
    }

    private static byte[] Mutate(byte[] seed, Random random) =>
        SeededMutator.Mutate(seed, random, Tokens, "\n :-[]{}#&*!|>'\"%@`,?", maxDelete: 40, maxSplice: 80);
}
