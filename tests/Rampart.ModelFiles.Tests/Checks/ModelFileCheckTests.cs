using Rampart.Checks;
using Rampart.ModelFiles.Checks;
using Rampart.Tests;

namespace Rampart.ModelFiles.Tests.Checks;

public sealed class ModelFileCheckTests
{
    [Fact]
    public async Task RunAsync_UnknownModelFile_ReportsScanFindingWithAssetAndRelativePath()
    {
        using var fx = new SystemFixture();
        File.WriteAllBytes(Path.Combine(fx.Path, "model.bin"), [0xF3, 0x00, 0x01]);
        var manifest = fx.Manifest("""
            rampart: 1
            system: { name: s, owner: o, stage: model-development, criticality: medium }
            assets:
              models:
                - { id: scorer, path: model.bin }
            """);

        var result = await new ModelFileCheck().RunAsync(fx.Context(manifest), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(CoreScanRules.UnknownFormat.Id, finding.RuleId);
        Assert.Equal(ModelFileCheck.Id, finding.CheckId);
        Assert.Equal("model.bin", finding.Location.File);
        Assert.Equal("scorer", finding.Evidence["asset"]);
        Assert.StartsWith("Model 'scorer': ", finding.Message, StringComparison.Ordinal);
        Assert.Contains(result.Measurements, m => m.Metric == "model_files.not_clean" && m.Value == 1 && m.Verdict == Verdict.Fail);
    }

    [Fact]
    public async Task RunAsync_ModelFolder_ScansEveryFileInIt()
    {
        using var fx = new SystemFixture();
        fx.Write("model/README.md", "card\n");
        fx.Write("model/modeling.py", "import os\n");
        var manifest = fx.Manifest("""
            rampart: 1
            system: { name: s, owner: o, stage: model-development, criticality: medium }
            assets:
              models:
                - { id: hf, path: model }
            """);

        var result = await new ModelFileCheck().RunAsync(fx.Context(manifest), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(CoreScanRules.ExecutableCode.Id, finding.RuleId);
        Assert.Equal("model/modeling.py", finding.Location.File);
        Assert.Contains(result.Measurements, m => m.Metric == "model_files.scanned" && m.Value == 2);
    }

    [Fact]
    public async Task RunAsync_MissingModelFile_LeavesItToAssetsCheck()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest("""
            rampart: 1
            system: { name: s, owner: o, stage: model-development, criticality: medium }
            assets:
              models:
                - { id: gone, path: gone.pt }
            """);

        var result = await new ModelFileCheck().RunAsync(fx.Context(manifest), CancellationToken.None);

        Assert.Empty(result.Findings);
    }
}
