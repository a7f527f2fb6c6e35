using Rampart.Ledger.Events;

namespace Rampart.Ledger.Tests.Storage;

/// <summary>Kills appending child processes at seeded random moments, and runs several appenders at once.</summary>
public sealed class CrashSafetyTests
{
    private const int BatchSize = 200;

    [Fact]
    public async Task Append_ChildKilledAtRandomPoints_LeavesAVerifiableLedgerOfWholeBatches()
    {
        using var test = new TestLedger();
        var random = new Random(20261130);
        var previous = 0L;
        for (var kill = 0; kill < 5; kill++)
        {
            using var child = AppenderProcess.Start(test.Path, $"writer-{kill}", batches: 0, BatchSize);
            await child.WaitForLineAsync("ready");
            await child.WaitForLineAsync("committed");
            await Task.Delay(random.Next(1, 120));
            child.Process.Kill(entireProcessTree: true);
            await child.Process.WaitForExitAsync();

            using var ledger = Ledger.Open(test.Path);
            var result = ledger.Verify(new Verification.VerifyOptions { CheckEvents = false });
            Assert.True(result.IsValid, $"After kill {kill}: {string.Join("\n", result.Problems)}");
            Assert.Equal(0, ledger.Count % BatchSize);
            Assert.True(ledger.Count > previous, $"Kill {kill}: the child committed nothing before it was killed.");
            previous = ledger.Count;
        }

        using (var ledger = Ledger.Open(test.Path))
        {
            Assert.True(ledger.Verify().IsValid);
        }
    }

    [Fact]
    public async Task Append_ThreeProcessesAtOnce_LoseAndDuplicateNothing()
    {
        using var test = new TestLedger();
        const int batches = 5, batchSize = 40;
        var children = Enumerable.Range(1, 3).Select(i => AppenderProcess.Start(test.Path, $"writer-{i}", batches, batchSize)).ToList();
        try
        {
            await Task.WhenAll(children.Select(c => c.WaitForExitAsync()));
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }

        using var ledger = Ledger.Open(test.Path);
        var result = ledger.Verify();
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(3 * batches * batchSize, ledger.Count);
        var entries = ledger.Read(0, ledger.Count).Select(e => e.Parsed.Event!).ToList();
        foreach (var writer in new[] { "writer-1", "writer-2", "writer-3" })
        {
            var own = entries.Select((e, index) => (e, index)).Where(x => x.e.Actor == writer).ToList();
            Assert.Equal(Enumerable.Range(0, batches * batchSize).Select(i => (long)i), own.Select(x => x.e.Details["findings"].Number));

            // Each batch is one transaction, so its entries are consecutive.
            foreach (var batch in own.Chunk(batchSize))
            {
                Assert.Equal(batch[0].index + batchSize - 1, batch[^1].index);
            }
        }
    }

    [Fact]
    public async Task Append_FourTasksWithSeparateConnections_SerialiseCorrectly()
    {
        using var test = new TestLedger();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            using var ledger = Ledger.Open(test.Path);
            for (var i = 0; i < 25; i++)
            {
                ledger.Append(TestLedger.Event(i, $"task-{t}"));
            }
        })));

        using var reopened = Ledger.Open(test.Path);
        Assert.True(reopened.Verify().IsValid);
        Assert.Equal(100, reopened.Count);
        var events = reopened.Read(0, 100).Select(e => e.Parsed.Event!).ToList();
        Assert.Equal(100, events.Select(e => (e.Actor, e.Details["findings"].Number)).Distinct().Count());
        Assert.All(events, e => Assert.Equal(EventKind.ModelScanned, e.Kind));
    }
}
