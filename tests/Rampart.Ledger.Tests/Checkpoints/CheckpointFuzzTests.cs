using System.Diagnostics;
using System.Text;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Tiles;
using Rampart.Tests;

namespace Rampart.Ledger.Tests.Checkpoints;

/// <summary>
/// Seeded mutation fuzzing of the checkpoint, key and entry bundle parsers: no unexpected exception, no hang, a
/// parsed note writes back to the same text, and a note that verifies has exactly the signed text.
/// </summary>
public sealed class CheckpointFuzzTests
{
    private static readonly string[] Tokens = ["\u2014 ", "\n", "\n\n", " ", "+", "=", "example.com/log/testdata", "AAAA", "0", "\r", "\u2014", "\t"];
    private const string Alphabet = "\n +/=0123456789AZaz\u00ff\u0000";

    private static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var count) && count > 0 ? count : 3000;

    [Fact]
    public void Parse_MutatedCheckpoints_NeverThrowUnexpectedly()
    {
        var signer = NoteSigner.Parse(NoteKeyTests.TesseraSignerKey);
        var verifiers = new[] { signer.Verifier };
        var withExtension = new Checkpoint { Origin = signer.Name, Size = 3, RootHash = [.. new byte[32]], Extensions = ["x y"] }.Sign(signer).ToString();
        var seeds = new[] { TesseraLogTests.ReadCheckpoint(1), TesseraLogTests.ReadCheckpoint(15), withExtension }
            .Select(s => Encoding.UTF8.GetBytes(s)).ToArray();
        var signedTexts = seeds.Select(s => SignedNote.Parse(Encoding.UTF8.GetString(s)).Note!.Text).ToHashSet();

        var random = new Random(20261130);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            var mutated = SeededMutator.Mutate(seeds[random.Next(seeds.Length)], random, Tokens, Alphabet, maxDelete: 12, maxSplice: 40);
            var text = Encoding.UTF8.GetString(mutated);
            var started = clock.Elapsed;
            var result = Checkpoint.Parse(mutated.AsSpan());
            if (result.IsValid)
            {
                Assert.True(result.Note!.ToString() == text, $"iteration {i}: a parsed note did not write back unchanged\n{text}");
                var verification = result.Note.Verify(verifiers);
                Assert.True(!verification.IsValid || signedTexts.Contains(result.Note.Text), $"iteration {i}: a changed note verified\n{text}");
            }
            else
            {
                Assert.NotEmpty(result.Problems);
                // A missing origin, size or root line is reported on the line where it should be.
                Assert.All(result.Problems, p => Assert.InRange(p.Line, 1, Math.Max(3, text.Count(c => c == '\n') + 1)));
            }

            Assert.True(clock.Elapsed - started < TimeSpan.FromSeconds(1), $"iteration {i} took too long");
        }
    }

    [Fact]
    public void Parse_MutatedKeys_ThrowOnlyFormatException()
    {
        var seeds = new[] { NoteKeyTests.TesseraVerifierKey, NoteKeyTests.TesseraSignerKey }.Select(s => Encoding.UTF8.GetBytes(s)).ToArray();
        var random = new Random(5);
        for (var i = 0; i < Iterations; i++)
        {
            var which = random.Next(seeds.Length);
            var text = Encoding.UTF8.GetString(SeededMutator.Mutate(seeds[which], random, Tokens, Alphabet, maxDelete: 8, maxSplice: 16));
            try
            {
                var key = which == 0 ? NoteVerifier.Parse(text).ToString() : NoteSigner.Parse(text).ToSecretString();
                Assert.Equal(text, key);
            }
            catch (FormatException)
            {
                // Expected for most mutations.
            }
        }
    }

    [Fact]
    public void Parse_MutatedEntryBundles_ThrowOnlyFormatException()
    {
        var seed = File.ReadAllBytes(Path.Combine(TesseraLogTests.Folder, TilePath.EntryBundle(0, 15)));
        var random = new Random(7);
        for (var i = 0; i < Iterations; i++)
        {
            var mutated = SeededMutator.Mutate(seed, random, Tokens, "\0\u0001\u00ffa", maxDelete: 8, maxSplice: 24);
            try
            {
                Assert.Equal(mutated, EntryBundle.Format(EntryBundle.Parse(mutated)));
            }
            catch (FormatException)
            {
                // Expected for truncated lengths.
            }
        }
    }
}
