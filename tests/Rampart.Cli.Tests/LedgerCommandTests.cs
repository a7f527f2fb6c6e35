using System.Text.Json;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Proofs;

namespace Rampart.Tests;

public sealed class LedgerCommandTests
{
    private const string Digest = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";

    private static async Task<(string Ledger, string Key)> InitAsync(TempFolder folder)
    {
        var ledger = Path.Combine(folder.Path, "ledger.db");
        var (exit, output, error) = await CliRunner.RunAsync("ledger", "init", ledger, "--origin", "example.com/cli-test");
        Assert.True(exit == 0, error);
        Assert.Contains("verifier key: example.com/cli-test+", output, StringComparison.Ordinal);
        return (ledger, ledger + ".key");
    }

    [Fact]
    public async Task Init_Json_ReportsTheKeysAndWritesAPrivateKeyFile()
    {
        using var folder = new TempFolder();
        var ledger = Path.Combine(folder.Path, "l.db");
        var key = Path.Combine(folder.Path, "secret", "signing.key");

        var (exit, output, _) = await CliRunner.RunAsync("ledger", "init", ledger, "--origin", "example.com/x", "--key-out", key, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("example.com/x", json.RootElement.GetProperty("origin").GetString());
        Assert.Equal(key, json.RootElement.GetProperty("signing_key_file").GetString());
        Assert.StartsWith("PRIVATE+KEY+example.com/x+", await File.ReadAllTextAsync(key), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }

    [Fact]
    public async Task Init_ExistingFile_FailsWithExit1()
    {
        using var folder = new TempFolder();
        var (ledger, _) = await InitAsync(folder);

        var (exit, _, error) = await CliRunner.RunAsync("ledger", "init", ledger, "--origin", "example.com/x", "--key-out", ledger + ".other");

        Assert.Equal(1, exit);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_OneEvent_ThenShowJson_ReturnsTheCanonicalEvent()
    {
        using var folder = new TempFolder();
        var (ledger, _) = await InitAsync(folder);

        var append = await CliRunner.RunAsync("ledger", "append", ledger, "--kind", "model-scanned", "--subject", $"model.onnx={Digest}", "--actor", "alice", "--system", "credit", "--details", "{\"verdict\":\"safe\",\"findings\":0}");
        var (exit, output, _) = await CliRunner.RunAsync("ledger", "show", ledger, "--format", "json");

        Assert.Equal((0, "appended entry 0\n"), (append.Exit, append.Out.ReplaceLineEndings("\n")));
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1, json.RootElement.GetProperty("size").GetInt64());
        var e = json.RootElement.GetProperty("entries")[0].GetProperty("event");
        Assert.Equal("model-scanned", e.GetProperty("kind").GetString());
        Assert.Equal("alice", e.GetProperty("actor").GetString());
        Assert.Equal("2026-11-30T12:00:00.000Z", e.GetProperty("time").GetString());
        Assert.Equal(Digest, e.GetProperty("subjects")[0].GetProperty("digest").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Append_InvalidEvent_ListsEveryProblemAndAppendsNothing()
    {
        using var folder = new TempFolder();
        var (ledger, _) = await InitAsync(folder);

        var (exit, _, error) = await CliRunner.RunAsync("ledger", "append", ledger, "--kind", "model-scanned", "--subject", "model.onnx", "--actor", "a", "--details", "{\"verdict\":1,\"files\":2,\"files\":3}");

        Assert.Equal(1, exit);
        Assert.Contains("--subject: 'model.onnx' is not NAME=SHA256", error, StringComparison.Ordinal);
        Assert.Contains("details.verdict: must be a string, not an integer", error, StringComparison.Ordinal);
        Assert.Contains("details.findings: required for model-scanned", error, StringComparison.Ordinal);
        Assert.Contains("details.files: given twice", error, StringComparison.Ordinal);
        Assert.Contains("nothing was appended", error, StringComparison.Ordinal);
        Assert.Contains("entries:      0", (await CliRunner.RunAsync("ledger", "show", ledger)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_MissingLedger_NamesThePathAndSuggestsInit()
    {
        using var folder = new TempFolder();
        var ledger = Path.Combine(folder.Path, "none.db");

        var (exit, _, error) = await CliRunner.RunAsync("ledger", "append", ledger, "--kind", "model-retired", "--actor", "a", "--details", "{\"reason\":\"x\"}");

        Assert.Equal(1, exit);
        Assert.Contains($"The ledger '{ledger}' does not exist; create it with 'rampart ledger init", error, StringComparison.Ordinal);
        Assert.False(File.Exists(ledger));
    }

    [Fact]
    public async Task Append_FromFile_IsOneBatch_AndABadLineNamesFileLineAndField()
    {
        using var folder = new TempFolder();
        var (ledger, _) = await InitAsync(folder);
        var good = folder.Write("good.jsonl", """
            {"kind":"incident-opened","actor":"ops","details":{"incident":"INC-1","severity":"high"}}

            {"kind":"model-deployed","subjects":[{"name":"m.onnx","sha256":"DIGEST"}],"details":{"environment":"prod"}}
            """.Replace("DIGEST", Digest, StringComparison.Ordinal));
        var bad = folder.Write("bad.jsonl", """
            {"kind":"model-retired","details":{"reason":"old"}}
            {"kind":"model-retired","details":{"reason":"old","why":true}}
            {"kind":"model-retyred"}
            not json
            """);

        var first = await CliRunner.RunAsync("ledger", "append", ledger, "--from-file", good, "--actor", "ci", "--format", "json");
        var second = await CliRunner.RunAsync("ledger", "append", ledger, "--from-file", bad, "--actor", "ci");

        Assert.Equal(0, first.Exit);
        using var json = JsonDocument.Parse(first.Out);
        Assert.Equal([0L, 1L], json.RootElement.GetProperty("indexes").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal(1, second.Exit);
        Assert.Contains($"{bad}:2: details.why: not a field of model-retired", second.Error, StringComparison.Ordinal);
        Assert.Contains($"{bad}:3: kind: 'model-retyred' is not an event kind", second.Error, StringComparison.Ordinal);
        Assert.Contains($"{bad}:4: not valid JSON", second.Error, StringComparison.Ordinal);
        Assert.Contains("entries:      2", (await CliRunner.RunAsync("ledger", "show", ledger)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointAndProve_ReceiptIsATlogProofThatVerifies()
    {
        using var folder = new TempFolder();
        var (ledger, key) = await InitAsync(folder);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await CliRunner.RunAsync("ledger", "append", ledger, "--kind", "incident-closed", "--actor", "a", "--details", $"{{\"incident\":\"INC-{i}\"}}")).Exit);
        }

        var checkpoint = await CliRunner.RunAsync("ledger", "checkpoint", ledger, "--key", key);
        var receipt = await CliRunner.RunAsync("ledger", "prove", ledger, "--index", "3");
        var receiptJson = await CliRunner.RunAsync("ledger", "prove", ledger, "--index", "3", "--format", "json");

        Assert.Equal(0, checkpoint.Exit);
        Assert.True(Checkpoint.Parse(checkpoint.Out).IsValid);
        Assert.StartsWith("c2sp.org/tlog-proof@v1\nextra ", receipt.Out, StringComparison.Ordinal);
        Assert.Contains("\nindex 3\n", receipt.Out, StringComparison.Ordinal);
        Assert.EndsWith(checkpoint.Out, receipt.Out, StringComparison.Ordinal);
        var verifier = NoteSigner.Parse((await File.ReadAllTextAsync(key)).Trim()).Verifier;
        Assert.Null(LedgerReceipt.Parse(receipt.Out).Verify(verifier));
        using var json = JsonDocument.Parse(receiptJson.Out);
        Assert.Equal(5, json.RootElement.GetProperty("size").GetInt64());
        Assert.Equal(3, json.RootElement.GetProperty("hashes").GetArrayLength());
        Assert.Equal(receipt.Out, json.RootElement.GetProperty("tlog_proof").GetString());
    }

    [Fact]
    public async Task Prove_WithoutCheckpoint_SuggestsOne_AndConsistencyWorks()
    {
        using var folder = new TempFolder();
        var (ledger, _) = await InitAsync(folder);
        for (var i = 0; i < 4; i++)
        {
            await CliRunner.RunAsync("ledger", "append", ledger, "--kind", "risk-accepted", "--actor", "a", "--details", $"{{\"risk\":\"R{i}\"}}");
        }

        var receipt = await CliRunner.RunAsync("ledger", "prove", ledger, "--index", "1");
        var inclusion = await CliRunner.RunAsync("ledger", "prove", ledger, "--index", "1", "--size", "3", "--format", "json");
        var consistency = await CliRunner.RunAsync("ledger", "prove", ledger, "--consistency", "2", "4", "--format", "json");
        var neither = await CliRunner.RunAsync("ledger", "prove", ledger);
        var outOfRange = await CliRunner.RunAsync("ledger", "prove", ledger, "--index", "9");

        Assert.Equal(1, receipt.Exit);
        Assert.Contains("run 'rampart ledger checkpoint' first", receipt.Error, StringComparison.Ordinal);
        Assert.Equal(0, inclusion.Exit);
        Assert.Equal(2, JsonDocument.Parse(inclusion.Out).RootElement.GetProperty("hashes").GetArrayLength());
        Assert.Equal(0, consistency.Exit);
        Assert.Equal(1, JsonDocument.Parse(consistency.Out).RootElement.GetProperty("hashes").GetArrayLength());
        Assert.Equal(1, neither.Exit);
        Assert.Equal(1, outOfRange.Exit);
        Assert.Contains("--index 9: the ledger has entries 0..3", outOfRange.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_IntactLedger_Exit0_TamperedRecord_Exit2NamingTheEntry()
    {
        using var folder = new TempFolder();
        var (ledger, key) = await InitAsync(folder);
        for (var i = 0; i < 6; i++)
        {
            await CliRunner.RunAsync("ledger", "append", ledger, "--kind", "model-retired", "--actor", "a", "--details", $"{{\"reason\":\"r{i}\"}}");
        }

        await CliRunner.RunAsync("ledger", "checkpoint", ledger, "--key", key);
        var intact = await CliRunner.RunAsync("ledger", "verify", ledger);
        Tamper(ledger, "UPDATE entries SET data = CAST(replace(CAST(data AS TEXT), 'r4', 'r5') AS BLOB) WHERE idx = 4;");
        var tampered = await CliRunner.RunAsync("ledger", "verify", ledger);
        var tamperedJson = await CliRunner.RunAsync("ledger", "verify", ledger, "--format", "json");

        Assert.Equal(0, intact.Exit);
        Assert.StartsWith($"{ledger}: OK (entries 6, stored nodes 4, checkpoints 1;", intact.Out, StringComparison.Ordinal);
        Assert.Equal(2, tampered.Exit);
        Assert.StartsWith($"{ledger}: FAILED: the first bad entry is 4.", tampered.Out, StringComparison.Ordinal);
        Assert.Contains("Entry 4: its stored leaf hash is not SHA-256(0x00 ‖ its bytes)", tampered.Out, StringComparison.Ordinal);
        Assert.Equal(2, tamperedJson.Exit);
        using var json = JsonDocument.Parse(tamperedJson.Out);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(4, json.RootElement.GetProperty("first_bad_entry").GetInt64());
        Assert.Equal("leaf-hash-mismatch", json.RootElement.GetProperty("problems")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Checkpoint_WrongKeyFile_FailsNamingIt()
    {
        using var folder = new TempFolder();
        var (ledger, _) = await InitAsync(folder);
        var notAKey = folder.Write("bad.key", "hello\n");

        var (exit, _, error) = await CliRunner.RunAsync("ledger", "checkpoint", ledger, "--key", notAKey);

        Assert.Equal(1, exit);
        Assert.Contains($"'{notAKey}' is not a ledger signing key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrustedKeyAndSavedCheckpoint_CatchARewrittenLedger()
    {
        using var folder = new TempFolder();
        var (ledger, key) = await InitAsync(folder);
        for (var i = 0; i < 4; i++)
        {
            await CliRunner.RunAsync("ledger", "append", ledger, "--kind", "model-retired", "--actor", "a", "--details", $"{{\"reason\":\"r{i}\"}}");
        }

        var saved = folder.Write("saved.checkpoint", (await CliRunner.RunAsync("ledger", "checkpoint", ledger, "--key", key)).Out);
        var trusted = NoteSigner.Parse((await File.ReadAllTextAsync(key)).Trim()).Verifier.ToString();
        Tamper(ledger, "DELETE FROM entries WHERE idx = 3; DELETE FROM nodes WHERE ((idx + 1) << level) > 3; UPDATE meta SET value = '3' WHERE key = 'size'; DELETE FROM checkpoints;");

        var plain = await CliRunner.RunAsync("ledger", "verify", ledger);
        var withSaved = await CliRunner.RunAsync("ledger", "verify", ledger, "--trusted-key", trusted, "--checkpoint", saved);
        var badKey = await CliRunner.RunAsync("ledger", "verify", ledger, "--trusted-key", "nonsense");

        Assert.Equal(0, plain.Exit);
        Assert.Equal(2, withSaved.Exit);
        Assert.Contains("External checkpoint 1 signs a tree of 4 entries, but the ledger records 3: entry 3 was removed.", withSaved.Out, StringComparison.Ordinal);
        Assert.Contains("FAILED: the first bad entry is 3", withSaved.Out, StringComparison.Ordinal);
        Assert.Equal(1, badKey.Exit);
        Assert.Contains("--trusted-key:", badKey.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OverwrittenDatabasePage_Exit2SayingTheFileIsDamaged()
    {
        using var folder = new TempFolder();
        var (ledger, _) = await InitAsync(folder);
        var batch = folder.Write("batch.jsonl", string.Concat(Enumerable.Range(0, 300).Select(i => $"{{\"kind\":\"model-retired\",\"details\":{{\"reason\":\"reason number {i} with some padding to fill pages\"}}}}\n")));
        Assert.Equal(0, (await CliRunner.RunAsync("ledger", "append", ledger, "--from-file", batch, "--actor", "a")).Exit);
        using (var stream = new FileStream(ledger, FileMode.Open, FileAccess.Write))
        {
            stream.Seek(-4096, SeekOrigin.End);
            stream.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }

        var (exit, output, error) = await CliRunner.RunAsync("ledger", "verify", ledger);

        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Contains($"{ledger}: FAILED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
    }

    private static void Tamper(string ledger, string sql)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = ledger, Pooling = false };
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
