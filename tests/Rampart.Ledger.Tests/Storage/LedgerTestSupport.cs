using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Events;
using Rampart.Tests;

namespace Rampart.Ledger.Tests.Storage;

/// <summary>A fresh ledger in a temporary folder, with a fixed test key, for one test.</summary>
internal sealed class TestLedger : IDisposable
{
    // A fixed seed keeps checkpoints reproducible across runs.
    public static readonly NoteSigner Signer = new("example.com/rampart/test", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly TempFolder _folder = new();

    public TestLedger()
    {
        Path = System.IO.Path.Combine(_folder.Path, "ledger.db");
        Ledger = Ledger.Init(Path, Signer.Verifier);
    }

    public string Path { get; }

    public string Folder => _folder.Path;

    public Ledger Ledger { get; private set; }

    public static LedgerEvent Event(long n, string actor = "ci") => LedgerEventTestsAccess.Scanned(actor, n);

    public IReadOnlyList<long> Append(int count, long start = 0) =>
        Ledger.AppendBatch([.. Enumerable.Range(0, count).Select(i => Event(start + i))]);

    /// <summary>Closes the ledger, runs raw SQL on the file, and reopens it.</summary>
    public void Sql(string sql)
    {
        Ledger.Dispose();
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path, Pooling = false };
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(builder.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        Ledger = Ledger.Open(Path);
    }

    public void Dispose()
    {
        Ledger.Dispose();
        _folder.Dispose();
    }
}

internal static class LedgerEventTestsAccess
{
    public static LedgerEvent Scanned(string actor, long findings) => Rampart.Ledger.Tests.Events.LedgerEventTests.Scanned(actor, findings);
}
