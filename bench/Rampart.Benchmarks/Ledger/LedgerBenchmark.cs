using System.Diagnostics;
using System.Globalization;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Events;
using Rampart.Ledger.Verification;

namespace Rampart.Benchmarks.Ledger;

/// <summary>
/// The ledger's throughput and proof costs: single appends (one transaction and fsync each), batched appends up to
/// 1,000,000 entries, inclusion and consistency proofs and roots at random sizes of the 1,000,000-entry tree, full
/// verification (with and without event schema checks), and peak memory.
/// Run: dotnet run -c Release --project bench/Rampart.Benchmarks -- ledger [DIR] [ENTRIES] [BATCH]
/// (writes DIR/ledger.db, about 400 MB at 1,000,000 entries; deletes it first).
/// </summary>
internal static class LedgerBenchmark
{
    public static int Run(string dir, long entries, int batch)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "ledger.db");
        foreach (var file in Directory.GetFiles(dir, "ledger.db*"))
        {
            File.Delete(file);
        }

        var signer = new NoteSigner("bench.example/ledger", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        using var ledger = Rampart.Ledger.Ledger.Init(path, signer.Verifier);
        var subject = new EventSubject("models/model.onnx", new string('a', 64));
        long sequence = 0;
        LedgerEvent Next() => LedgerEvent.Create(
            EventKind.ModelScanned,
            "bench",
            "credit-scoring",
            [subject],
            new Dictionary<string, DetailValue> { ["verdict"] = DetailValue.Of("safe"), ["findings"] = DetailValue.Of(sequence++) },
            TimeProvider.System);

        Report("machine", $"{Environment.ProcessorCount} cores, {RuntimeInformationText()}");

        // Single appends: each is its own BEGIN IMMEDIATE transaction with a WAL fsync (synchronous=FULL).
        const int singles = 500;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < singles; i++)
        {
            ledger.Append(Next());
        }

        Report("single appends", $"{singles / clock.Elapsed.TotalSeconds:N0}/s ({clock.Elapsed.TotalMilliseconds / singles:N2} ms each)");

        // Batched appends up to the target size, building the events inside the timed loop.
        clock.Restart();
        var appended = 0L;
        var slowest = TimeSpan.Zero;
        while (ledger.Count < entries)
        {
            var count = (int)Math.Min(batch, entries - ledger.Count);
            var events = new LedgerEvent[count];
            for (var i = 0; i < count; i++)
            {
                events[i] = Next();
            }

            var started = clock.Elapsed;
            ledger.AppendBatch(events);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (clock.Elapsed - started).Ticks));
            appended += count;
        }

        Report($"batched appends (batch {batch})", $"{appended / clock.Elapsed.TotalSeconds:N0}/s ({appended:N0} entries in {clock.Elapsed.TotalSeconds:N1} s; slowest batch {slowest.TotalMilliseconds:N0} ms)");
        Report("file size", $"{new FileInfo(path).Length / 1e6:N0} MB (+ WAL {(File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length / 1e6 : 0):N0} MB)");

        var size = ledger.Count;
        var random = new Random(20261130);
        Time("inclusion proof (random index, size n)", 2000, () =>
        {
            var proof = ledger.ProveInclusion(random.NextInt64(size), size);
            if (!proof.Verify().IsValid)
            {
                throw new InvalidOperationException("An inclusion proof did not verify.");
            }
        });
        Time("inclusion proof (random index and size)", 2000, () =>
        {
            var treeSize = random.NextInt64(1, size + 1);
            _ = ledger.ProveInclusion(random.NextInt64(treeSize), treeSize);
        });
        Time("consistency proof (random sizes)", 2000, () =>
        {
            var b = random.NextInt64(2, size + 1);
            var proof = ledger.ProveConsistency(random.NextInt64(1, b), b);
            if (!proof.Verify().IsValid)
            {
                throw new InvalidOperationException("A consistency proof did not verify.");
            }
        });
        Time("root at a random size", 2000, () => _ = ledger.Root(random.NextInt64(size + 1)));
        clock.Restart();
        ledger.Checkpoint(signer);
        Report("checkpoint (root + Ed25519 signature + insert)", $"{clock.Elapsed.TotalMilliseconds:N2} ms");

        foreach (var checkEvents in new[] { false, true })
        {
            clock.Restart();
            var result = ledger.Verify(new VerifyOptions { CheckEvents = checkEvents });
            Report($"full verification{(checkEvents ? " + event schema" : string.Empty)}", $"{clock.Elapsed.TotalSeconds:N2} s for {result.EntriesChecked:N0} entries and {result.NodesChecked:N0} nodes ({(result.IsValid ? "valid" : "INVALID")})");
        }

        using var process = Process.GetCurrentProcess();
        Report("peak working set", $"{process.PeakWorkingSet64 / 1e6:N0} MB (GC heap now {GC.GetTotalMemory(false) / 1e6:N0} MB)");
        return 0;
    }

    private static void Time(string name, int iterations, Action action)
    {
        for (var i = 0; i < 50; i++)
        {
            action();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        Report(name, $"mean {samples.Average():N0} µs, median {samples[iterations / 2]:N0} µs, p99 {samples[(int)(iterations * 0.99)]:N0} µs");
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static void Report(string name, string value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {value}"));
}
