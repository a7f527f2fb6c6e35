using System.Security.Cryptography;
using Rampart.Ledger.Events;

namespace Rampart.Tests;

/// <summary>assess, scan and sign append their events to the ledger the manifest names.</summary>
public sealed class LedgerRecordingTests
{
    private const string Manifest = """
        rampart: 1
        system: { name: recorder-test, owner: Ana Ruiz, stage: planning, criticality: low }
        ledger: { path: audit/ledger.db, actor: ci-job-17 }
        """;

    private static async Task<TempFolder> SystemAsync(string manifest = Manifest)
    {
        var folder = new TempFolder();
        folder.Write("rampart.yaml", manifest);
        folder.Write("model/config.json", "{\"layers\": 3}\n");
        Directory.CreateDirectory(Path.Combine(folder.Path, "audit"));
        var (exit, _, error) = await CliRunner.RunAsync("ledger", "init", Path.Combine(folder.Path, "audit", "ledger.db"), "--origin", "example.com/recorder");
        Assert.True(exit == 0, error);
        return folder;
    }

    private static IReadOnlyList<LedgerEvent> Events(TempFolder folder)
    {
        using var ledger = Rampart.Ledger.Ledger.Open(Path.Combine(folder.Path, "audit", "ledger.db"));
        return [.. ledger.Read(0, ledger.Count).Select(entry => entry.Parsed.Event!)];
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Scan_FileInsideSystemWithLedger_RecordsModelScanned()
    {
        using var folder = await SystemAsync();
        var file = Path.Combine(folder.Path, "model", "config.json");
        var (exit, _, error) = await CliRunner.RunAsync("scan", file, "-q");
        Assert.True(exit == 0, error);
        Assert.Contains("Recorded in the ledger 'audit/ledger.db' as entry 0 (model-scanned).", error, StringComparison.Ordinal);
        var e = Assert.Single(Events(folder));
        Assert.Equal(EventKind.ModelScanned, e.Kind);
        Assert.Equal("ci-job-17", e.Actor);
        Assert.Equal("recorder-test", e.System);
        Assert.Equal(FixedTime.Default.GetUtcNow(), e.Time);
        var subject = Assert.Single(e.Subjects);
        Assert.Equal("model/config.json", subject.Name);
        Assert.Equal(Sha256(file), subject.Sha256);
        Assert.Equal("clean", e.Details["verdict"].ToJson().Trim('"'));
        Assert.Equal("1", e.Details["files"].ToJson());
    }

    [Fact]
    public async Task SignThenAssess_RecordsSignedAndAssessmentRunInOrder()
    {
        using var folder = await SystemAsync();
        var prefix = Path.Combine(folder.Path, "signer");
        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", prefix)).Exit);
        var model = Path.Combine(folder.Path, "model");
        var (exit, output, error) = await CliRunner.RunAsync("sign", model, "--key", prefix + ".pem", "--output", Path.Combine(folder.Path, "model.sig"));
        Assert.True(exit == 0, error);
        var root = output.Split('\n').Single(line => line.StartsWith("root digest: sha256:", StringComparison.Ordinal))["root digest: sha256:".Length..].Trim();

        (exit, _, error) = await CliRunner.RunAsync("assess", folder.Path, "-q");
        Assert.True(exit is 0 or 2, error);
        Assert.Contains("as entry 1 (assessment-run)", error, StringComparison.Ordinal);

        var events = Events(folder);
        Assert.Equal([EventKind.ModelSigned, EventKind.AssessmentRun], events.Select(e => e.Kind).ToArray());
        var signed = events[0];
        Assert.Equal(new EventSubject("model", root), Assert.Single(signed.Subjects));
        Assert.Equal("\"model.sig\"", signed.Details["signature"].ToJson());
        Assert.StartsWith("\"sha256:", signed.Details["key"].ToJson(), StringComparison.Ordinal);
        var assessed = events[1];
        Assert.Equal(new EventSubject("rampart.yaml", Sha256(Path.Combine(folder.Path, "rampart.yaml"))), Assert.Single(assessed.Subjects));
        Assert.Equal("\"planning\"", assessed.Details["stage"].ToJson());
        Assert.Equal(exit == 0 ? "true" : "false", assessed.Details["passed"].ToJson());

        (exit, _, error) = await CliRunner.RunAsync("ledger", "verify", Path.Combine(folder.Path, "audit", "ledger.db"));
        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task LabelCreate_DatasetInsideSystem_RecordsDatasetLabelled()
    {
        using var folder = await SystemAsync();
        var prefix = Path.Combine(folder.Path, "labeller");
        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", prefix)).Exit);
        var data = folder.Write("data/train.csv", "age,income,default\n31,4200,0\n45,3900,1\n");
        var (exit, _, error) = await CliRunner.RunAsync("label", "create", data, "--key", prefix + ".pem", "--source", "core banking", "--provider", "Credit Analytics", "--collected-at", "2026-01-15", "-q");
        Assert.True(exit == 0, error);
        var e = Assert.Single(Events(folder));
        Assert.Equal(EventKind.DatasetLabelled, e.Kind);
        Assert.Equal(new EventSubject("data/train.csv", Sha256(data)), Assert.Single(e.Subjects));
        Assert.Equal("\"data/train.csv.label.json\"", e.Details["label"].ToJson());
        Assert.Equal("2", e.Details["rows"].ToJson());
        Assert.Equal(66, e.Details["merkle_root"].ToJson().Length);
    }

    [Fact]
    public async Task Scan_LedgerNamedButMissing_StopsBeforeScanningAndSaysHowToCreateIt()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Manifest);
        var file = folder.Write("m.json", "{}");
        var (exit, output, error) = await CliRunner.RunAsync("scan", file, "-q");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("the ledger 'audit/ledger.db' does not exist; create it with 'rampart ledger init", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was scanned.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_LedgerNamedButMissing_IsAUsageErrorAndNothingIsAssessed()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Manifest);
        var (exit, output, error) = await CliRunner.RunAsync("assess", folder.Path, "-q");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("Nothing was assessed.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_NoManifestAbove_RecordsNothing()
    {
        using var folder = new TempFolder();
        var file = folder.Write("m.json", "{}");
        var (exit, _, error) = await CliRunner.RunAsync("scan", file, "-q");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("ledger", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Scan_ManifestOptionNamesAnotherSystem_RecordsThere()
    {
        using var folder = await SystemAsync();
        using var elsewhere = new TempFolder();
        var file = elsewhere.Write("outside.json", "{}");
        var (exit, _, error) = await CliRunner.RunAsync("scan", file, "-q", "--manifest", folder.Path);
        Assert.True(exit == 0, error);
        var subject = Assert.Single(Assert.Single(Events(folder)).Subjects);
        Assert.Equal(Path.GetFullPath(file), subject.Name);
    }

    [Fact]
    public async Task Scan_ManifestOptionMissing_IsAUsageError()
    {
        using var folder = new TempFolder();
        var file = folder.Write("m.json", "{}");
        var (exit, _, error) = await CliRunner.RunAsync("scan", file, "--manifest", Path.Combine(folder.Path, "nope.yaml"));
        Assert.Equal(1, exit);
        Assert.Contains("--manifest: '", error, StringComparison.Ordinal);
        Assert.Contains("nope.yaml' does not exist.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_InvalidManifestAbove_WarnsAndStillScans()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", "rampart: 1\nsystem: { name: x }\n");
        var file = folder.Write("m.json", "{}");
        var (exit, _, error) = await CliRunner.RunAsync("scan", file, "-q");
        Assert.Equal(0, exit);
        Assert.Contains("warning: not recorded in a ledger: '", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_LedgerFileIsNotALedger_FailsWithToolErrorAfterTheReport()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Manifest);
        folder.Write("audit/ledger.db", "not a database at all, just text");
        var file = folder.Write("m.json", "{}");
        var (exit, output, error) = await CliRunner.RunAsync("scan", file, "-q");
        Assert.Equal(3, exit);
        Assert.NotEqual(string.Empty, output);
        Assert.Contains("error: not recorded in the ledger '", error, StringComparison.Ordinal);
    }
}
