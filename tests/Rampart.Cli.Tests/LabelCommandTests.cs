using System.Text.Json;
using Rampart.Signing.Signing;

namespace Rampart.Tests;

public sealed class LabelCommandTests
{
    private const string Data = "id,name,score\n1,a1,10\n2,a2,20\n3,a3,30\n4,a4,40\n";

    private sealed class Setup : IDisposable
    {
        private readonly TempFolder _folder = new();

        public Setup()
        {
            using var key = SigningKey.Generate();
            PrivateKey = _folder.Write("owner.pem", key.ExportPrivateKeyPem());
            PublicKey = _folder.Write("owner.pub.pem", key.PublicKey.Pem);
            Dataset = _folder.Write("data.csv", Data);
        }

        public string PrivateKey { get; }

        public string PublicKey { get; }

        public string Dataset { get; }

        public string Label => Dataset + ".label.json";

        public string Folder => _folder.Path;

        public Task<(int Exit, string Out, string Error)> CreateAsync(params string[] extra) => CliRunner.RunAsync(
            ["label", "create", Dataset, "--key", PrivateKey, "--source", "crm-export", "--provider", "Data team", "--collected-at", "2026-01-15T08:30:00Z", "--sensitivity", "confidential", "--purpose", "fraud model training", .. extra]);

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public async Task Create_ThenVerify_IntactExit0()
    {
        using var s = new Setup();

        var (createExit, createOut, createError) = await s.CreateAsync();
        var (exit, stdout, _) = await CliRunner.RunAsync("label", "verify", s.Dataset, s.Label, "--key", s.PublicKey);

        Assert.True(createExit == 0, createError);
        Assert.Contains("Labelled " + s.Dataset + ": 4 rows, 3 columns", createOut, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(s.Folder, "data.csv.label.rows")));
        Assert.Equal(0, exit);
        Assert.StartsWith($"{s.Dataset}: intact (label {s.Label}, signature valid)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("sensitivity: confidential", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowChanged_Exit2AndJsonNamesRowWithProof()
    {
        using var s = new Setup();
        await s.CreateAsync();
        File.WriteAllText(s.Dataset, Data.Replace("3,a3,30", "3,a3,33", StringComparison.Ordinal));

        var (exit, stdout, _) = await CliRunner.RunAsync("label", "verify", s.Dataset, s.Label, "--key", s.PublicKey, "--format", "json");

        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("changed", root.GetProperty("status").GetString());
        Assert.False(root.GetProperty("intact").GetBoolean());
        var rows = root.GetProperty("rows");
        Assert.Equal(1, rows.GetProperty("changed").GetInt32());
        var row = Assert.Single(rows.GetProperty("list").EnumerateArray());
        Assert.Equal(3, row.GetProperty("originalRow").GetInt32());
        Assert.Equal(4, row.GetProperty("currentLine").GetInt32());
        Assert.True(row.GetProperty("inclusionProof").GetProperty("verified").GetBoolean());
        Assert.Equal(2, row.GetProperty("inclusionProof").GetProperty("leafIndex").GetInt32());
        Assert.Equal("crm-export", root.GetProperty("signed").GetProperty("predicate").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Verify_Appended_Exit2TextSaysAppended()
    {
        using var s = new Setup();
        await s.CreateAsync();
        File.AppendAllText(s.Dataset, "5,a5,50\n");

        var (exit, stdout, _) = await CliRunner.RunAsync("label", "verify", s.Dataset, s.Label, "--key", s.PublicKey);

        Assert.Equal(2, exit);
        Assert.Contains(": appended (", stdout, StringComparison.Ordinal);
        Assert.Contains("consistency proof 4 -> 5", stdout, StringComparison.Ordinal);
        Assert.Contains("verified", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongKey_Exit2SignatureNotValid()
    {
        using var s = new Setup();
        await s.CreateAsync();
        using var other = SigningKey.Generate();
        File.WriteAllText(s.PublicKey, other.PublicKey.Pem);

        var (exit, stdout, _) = await CliRunner.RunAsync("label", "verify", s.Dataset, s.Label, "--key", s.PublicKey);

        Assert.Equal(2, exit);
        Assert.Contains("label-invalid", stdout, StringComparison.Ordinal);
        Assert.Contains("signature-invalid: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingLabelAndKey_Exit1NamingBoth()
    {
        using var s = new Setup();

        var (exit, stdout, stderr) = await CliRunner.RunAsync("label", "verify", s.Dataset, "nope.label.json", "--key", "nope.pub.pem");

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("error: the label file 'nope.label.json' does not exist.", stderr, StringComparison.Ordinal);
        Assert.Contains("error: the key file 'nope.pub.pem' does not exist.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadDate_Exit1NamingOption()
    {
        using var s = new Setup();

        var (exit, _, stderr) = await CliRunner.RunAsync("label", "create", s.Dataset, "--key", s.PrivateKey, "--source", "x", "--provider", "y", "--collected-at", "last week");

        Assert.Equal(1, exit);
        Assert.Contains("--collected-at: 'last week' is not an RFC 3339 date-time", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(s.Label));
    }

    [Fact]
    public async Task Create_PublicKeyGivenAsPrivate_Exit1NamingKeyFile()
    {
        using var s = new Setup();

        var (exit, _, stderr) = await CliRunner.RunAsync("label", "create", s.Dataset, "--key", s.PublicKey, "--source", "x", "--provider", "y", "--collected-at", "2026-01-15");

        Assert.Equal(1, exit);
        Assert.Contains("--key: ", stderr, StringComparison.Ordinal);
        Assert.Contains("owner.pub.pem", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OutputOption_WritesLabelAndRowsThere()
    {
        using var s = new Setup();
        var output = Path.Combine(s.Folder, "train.label.json");

        var (exit, _, stderr) = await s.CreateAsync("--output", output);

        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(output));
        Assert.True(File.Exists(Path.Combine(s.Folder, "train.label.rows")));
        var (verifyExit, _, _) = await CliRunner.RunAsync("label", "verify", s.Dataset, output, "--key", s.PublicKey, "--quiet");
        Assert.Equal(0, verifyExit);
    }

    [Fact]
    public async Task Create_UnclosedQuote_Exit1NamingLine()
    {
        using var s = new Setup();
        File.WriteAllText(s.Dataset, "id,name\n1,ok\n2,\"broken\n");

        var (exit, _, stderr) = await s.CreateAsync();

        Assert.Equal(1, exit);
        Assert.Contains(":3:", stderr, StringComparison.Ordinal);
        Assert.Contains("never closed", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(s.Label));
    }
}
