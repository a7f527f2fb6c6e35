using System.Text.Json;

namespace Rampart.Tests;

public sealed class ScanCommandTests
{
    [Fact]
    public async Task Scan_TextFolder_ExitsZeroAndPrintsVerdicts()
    {
        using var folder = new TempFolder();
        folder.Write("README.md", "# model card\n");

        var (exit, output, _) = await CliRunner.RunAsync("scan", "-q", folder.Path);

        Assert.Equal(0, exit);
        Assert.Contains("clean", output, StringComparison.Ordinal);
        Assert.Contains("1 file(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_UnknownBinary_ExitsTwoAsUnscannable()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "weights.bin"), [0xF3, 0x00, 0x01, 0x02]);

        var (exit, output, _) = await CliRunner.RunAsync("scan", "-q", folder.Path);

        Assert.Equal(2, exit);
        Assert.Contains("RMP-MF-001", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_SuspiciousOnly_PassesByDefaultAndFailsWithFailOnMedium()
    {
        using var folder = new TempFolder();
        folder.Write("modeling_custom.py", "import os\n");

        Assert.Equal(0, (await CliRunner.RunAsync("scan", "-q", folder.Path)).Exit);
        Assert.Equal(2, (await CliRunner.RunAsync("scan", "-q", "--fail-on", "medium", folder.Path)).Exit);
    }

    [Fact]
    public async Task Scan_MissingPath_IsUsageErrorNamingIt()
    {
        var (exit, _, error) = await CliRunner.RunAsync("scan", "/nonexistent/rampart/model.pt");

        Assert.Equal(1, exit);
        Assert.Contains("'/nonexistent/rampart/model.pt' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_JsonFormat_HasSchemaFilesAndFindings()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "blob.dat"), [0xF3, 0x00]);

        var (_, output, _) = await CliRunner.RunAsync("scan", "-q", "--format", "json", folder.Path);

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("rampart-scan", root.GetProperty("schema").GetString());
        Assert.Equal("unscannable", root.GetProperty("verdict").GetString());
        var file = Assert.Single(root.GetProperty("files").EnumerateArray());
        Assert.Equal("unknown", file.GetProperty("formats")[0].GetString());
        Assert.Equal("RMP-MF-001", file.GetProperty("findings")[0].GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task Scan_SarifFormat_DescribesEveryRuleAndSetsLevels()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "blob.dat"), [0xF3, 0x00]);

        var (_, output, _) = await CliRunner.RunAsync("scan", "-q", "--format", "sarif", folder.Path);

        using var json = JsonDocument.Parse(output);
        var run = json.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("RMP-MF-001", rules);
        Assert.Equal(rules.Order(StringComparer.Ordinal), rules);
        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal(rules.IndexOf("RMP-MF-001"), result.GetProperty("ruleIndex").GetInt32());
    }

    [Fact]
    public async Task Scan_Output_WritesJsonAndSarif()
    {
        using var folder = new TempFolder();
        folder.Write("model/README.md", "text\n");
        var output = Path.Combine(folder.Path, "out");

        var (exit, _, _) = await CliRunner.RunAsync("scan", "-q", "--output", output, Path.Combine(folder.Path, "model"));

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(output, "scan.json")));
        Assert.True(File.Exists(Path.Combine(output, "scan.sarif")));
    }
}
