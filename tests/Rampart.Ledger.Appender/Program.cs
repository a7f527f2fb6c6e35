using System.Globalization;
using Rampart.Ledger;
using Rampart.Ledger.Events;

// Usage: Rampart.Ledger.Appender LEDGER WRITER BATCHES BATCH_SIZE
// Appends BATCHES batches of BATCH_SIZE model-scanned events by actor WRITER, numbering them in details.findings,
// and prints "committed <first index> <count>" after each batch. BATCHES = 0 means forever (until killed).
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Rampart.Ledger.Appender LEDGER WRITER BATCHES BATCH_SIZE");
    return 1;
}

var path = args[0];
var writer = args[1];
var batches = int.Parse(args[2], CultureInfo.InvariantCulture);
var batchSize = int.Parse(args[3], CultureInfo.InvariantCulture);
var subject = new EventSubject("model.onnx", new string('a', 64));
using var ledger = Ledger.Open(path);
Console.Out.WriteLine("ready");
Console.Out.Flush();
var sequence = 0L;
for (var batch = 0; batches == 0 || batch < batches; batch++)
{
    var events = new LedgerEvent[batchSize];
    for (var i = 0; i < batchSize; i++)
    {
        events[i] = LedgerEvent.Create(
            EventKind.ModelScanned,
            writer,
            "crash-test",
            [subject],
            new Dictionary<string, DetailValue> { ["verdict"] = DetailValue.Of("safe"), ["findings"] = DetailValue.Of(sequence++) },
            TimeProvider.System);
    }

    var indexes = ledger.AppendBatch(events);
    Console.Out.WriteLine($"committed {indexes[0]} {indexes.Count}");
    Console.Out.Flush();
}

return 0;
