namespace Rampart.Tests;

public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_FolderWithAssets_WritesAManifestThatAssesses()
    {
        using var folder = new TempFolder();
        folder.Write("models/scorer.onnx", "not really onnx");
        folder.Write("data/train.csv", "age_band,sex,income,default\n18-25,f,100,0\n");
        folder.Write("data/test.csv", "age_band,sex,income,default\n26-35,m,90,1\n");
        folder.Write("requirements.txt", "numpy==2.0.0\n");
        folder.Write(".git/config", "ignored");
        var (exit, _, stderr) = await CliRunner.RunAsync("init", folder.Path, "--name", "scoring \"v2\"", "--stage", "model-development");
        Assert.Equal(0, exit);
        Assert.Contains("Wrote", stderr, StringComparison.Ordinal);
        var text = File.ReadAllText(Path.Combine(folder.Path, "rampart.yaml"));
        Assert.Contains("path: \"models/scorer.onnx\"", text, StringComparison.Ordinal);
        Assert.Contains("label: \"default\"", text, StringComparison.Ordinal);
        Assert.Contains("sensitive: [\"age_band\", \"sex\"]", text, StringComparison.Ordinal);
        Assert.Contains("role: test", text, StringComparison.Ordinal);
        Assert.Contains("path: \"requirements.txt\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".git", text, StringComparison.Ordinal);

        var (assessExit, stdout, assessError) = await CliRunner.RunAsync("assess", folder.Path, "--quiet");
        Assert.True(assessExit is 0 or 2, assessError);
        Assert.Contains("scoring \"v2\"", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("RMP-GOV-010", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("RMP-GOV-011", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_ExistingManifest_RefusesWithoutForce()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", "keep me");
        var (exit, _, stderr) = await CliRunner.RunAsync("init", folder.Path);
        Assert.Equal(1, exit);
        Assert.Contains("--force", stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder.Path, "rampart.yaml")));
        Assert.Equal(0, (await CliRunner.RunAsync("init", folder.Path, "--force")).Exit);
    }

    [Fact]
    public async Task Init_UnknownStage_IsAUsageError()
    {
        using var folder = new TempFolder();
        var (exit, _, stderr) = await CliRunner.RunAsync("init", folder.Path, "--stage", "prod");
        Assert.Equal(1, exit);
        Assert.Contains("unknown stage 'prod'", stderr, StringComparison.Ordinal);
    }
}
