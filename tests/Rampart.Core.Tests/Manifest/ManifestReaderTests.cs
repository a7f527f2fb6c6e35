using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Manifest;

namespace Rampart.Tests.Manifest;

public sealed class ManifestReaderTests
{
    private static readonly SecurityCatalogue Catalogue = SecurityCatalogue.Default;

    private static Rampart.Diagnostics.ValidationResult<SystemManifest> Read(string text) =>
        ManifestReader.Read(text, "rampart.yaml", "/tmp/system", Catalogue);

    [Fact]
    public void Read_ValidManifest_ReadsEverySection()
    {
        var result = Read(ManifestSamples.Valid);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var m = result.Value!;
        Assert.Equal("credit-scoring", m.System.Name);
        Assert.Equal("deployment", m.System.Stage);
        Assert.Equal(4, m.System.Impact);
        Assert.Equal(2, m.Stakeholders.Length);
        var dataset = Assert.Single(m.Assets.Datasets);
        Assert.Equal(["sex", "age_band"], dataset.Sensitive.ToArray());
        Assert.Equal("default", dataset.Label);
        Assert.Equal(AttestationStatus.Implemented, Assert.Single(m.Attestations).Status);
        Assert.Equal(new DateOnly(2027, 6, 1), Assert.Single(m.Risks).Acceptance!.Expires);
        Assert.Equal(Severity.High, m.Policy.FailOn);
        Assert.Equal(0.1, m.Policy.Thresholds["fairness.demographic_parity_difference"]);
        Assert.Equal(new SourcePosition(23, 5), m.Attestations[0].Position);
    }

    [Fact]
    public void Read_ThreeMistakes_ReportsAllThreeWithLines()
    {
        var text = ManifestSamples.Valid
            .Replace("  owner: Ana Ruiz\n  stage: deployment", "  ownr: Ana Ruiz\n  stage: deployment", StringComparison.Ordinal)
            .Replace("role: train", "role: training", StringComparison.Ordinal)
            .Replace("date: 2026-06-01\n    evidence", "date: 2026-13-01\n    evidence", StringComparison.Ordinal);
        var result = Read(text);
        Assert.False(result.IsValid);
        var problems = result.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("rampart.yaml:5:3: system.ownr: Unknown key 'ownr'. Did you mean 'owner'?", problems);
        Assert.Contains("rampart.yaml:15:13: assets.datasets[0].role: 'training' is not one of train, test, reference. Did you mean 'train'?", problems);
        Assert.Contains("rampart.yaml:26:11: attestations[0].date: '2026-13-01' is not a date in the form YYYY-MM-DD.", problems);
        Assert.Contains("rampart.yaml:3:3: system.owner: Missing required key 'owner'.", problems);
        Assert.Equal(4, problems.Count);
    }

    [Theory]
    [InlineData("stage: deployment", "stage: deploy", "system.stage", "Did you mean 'deployment'?")]
    [InlineData("requirement: PRC-ORG-01", "requirement: PRC-ORG-1", "attestations[0].requirement", "Unknown requirement 'PRC-ORG-1'. Did you mean 'PRC-ORG-01'?")]
    [InlineData("threat: THR-008", "threat: THR-999", "risks[0].threat", "Unknown threat 'THR-999'")]
    [InlineData("role: ai-developer", "role: developer", "stakeholders[1].role", "'developer' is not one of")]
    [InlineData("url: \"http://127.0.0.1:8080\"", "url: \"ftp://x\"", "assets.services[0].url", "is not an absolute http or https URL")]
    [InlineData("path: evidence/policy.md", "path: evidence/policy.md\n        sha256: abc", "attestations[0].evidence[0].sha256", "Expected 64 lower-case hexadecimal characters.")]
    [InlineData("expires: 2027-06-01", "expires: 2025-06-01", "risks[0].acceptance.expires", "expires before it was given")]
    [InlineData("criticality: high", "criticality: extreme", "system.criticality", "'extreme' is not one of low, medium, high, critical")]
    [InlineData("fail_on: high", "fail_on: severe", "policy.fail_on", "'severe' is not one of info, low, medium, high, critical")]
    [InlineData("risk_tolerance: medium", "risk_tolerance: moderate", "policy.risk_tolerance", "'moderate' is not one of low, medium, high, critical")]
    [InlineData("fairness.demographic_parity_difference: 0.1", "fairness.demographic_parity_difference: lots", "policy.thresholds.fairness.demographic_parity_difference", "'lots' is not a number.")]
    [InlineData("- { id: lock, path: requirements.lock }", "- { id: train, path: requirements.lock }", "assets.dependencies[0].id", "Duplicate asset id 'train'.")]
    [InlineData("rampart: 1", "rampart: 2", "rampart", "'2' is not a whole number from 1 to 1.")]
    [InlineData("path: data/train.csv", "path: /etc/passwd", "assets.datasets[0].path", "'/etc/passwd' must be relative to the manifest's folder")]
    [InlineData("path: data/train.csv", "path: data/../../secrets.csv", "assets.datasets[0].path", "leaves the manifest's folder ('..')")]
    [InlineData("path: data/train.csv", "path: \"data/a\\0b.csv\"", "assets.datasets[0].path", "contains a control character")]
    [InlineData("- path: evidence/policy.md", "- ../outside.md", "attestations[0].evidence[0]", "leaves the manifest's folder")]
    public void Read_OneMistake_NamesTheFieldAndExplains(string from, string to, string field, string message)
    {
        var text = ManifestSamples.Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(ManifestSamples.Valid, text);
        var result = Read(text);
        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems, p => p.Field == field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0, problem.ToString());
    }

    [Fact]
    public void Read_MissingSystem_ReportsIt()
    {
        var result = Read("rampart: 1\n");
        Assert.Contains(result.Problems, p => p.Field == "system" && p.Message.Contains("Missing required section", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "The manifest is empty")]
    [InlineData("- a\n- b\n", "Expected a mapping")]
    [InlineData("a: &x [1]\nb: *x\n", "YAML aliases (*name) are not allowed")]
    [InlineData("rampart: 1\n---\nrampart: 1\n", "exactly one YAML document")]
    [InlineData("rampart: [1,\n", "Not valid YAML")]
    public void Read_HostileOrBrokenYaml_ReportsAProblem(string text, string message)
    {
        var result = Read(text);
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_DeepNesting_IsRefused()
    {
        var text = "rampart: 1\nsystem: " + new string('[', 100) + new string(']', 100) + "\n";
        var result = Read(text);
        Assert.Contains(result.Problems, p => p.Message.Contains("Nesting deeper than 32", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_OversizedText_IsRefused()
    {
        var result = Read("# " + new string('x', ManifestReader.MaxBytes) + "\n");
        Assert.Contains(result.Problems, p => p.Message.Contains("larger than", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadPath_FolderWithoutManifest_SuggestsInit()
    {
        using var folder = new TempFolder();
        var result = ManifestReader.ReadPath(folder.Path, Catalogue);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("rampart init", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPath_InvalidUtf8_ReportsIt()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "rampart.yaml"), [0x72, 0x3a, 0xff, 0xfe, 0x0a]);
        var result = ManifestReader.ReadPath(folder.Path, Catalogue);
        Assert.Contains("Cannot read the manifest", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CustomRiskMatrix_IsValidated()
    {
        var custom = ManifestSamples.Valid.Replace("  risk_tolerance: medium\n", """
              risk_tolerance: amber
              risk_matrix:
                levels: [green, amber, red]
                grid:
                  - [green, green, green, amber, amber]
                  - [green, green, amber, amber, red]
                  - [green, amber, amber, red, red]
                  - [amber, amber, red, red, red]
                  - [amber, red, red, red, red]

            """, StringComparison.Ordinal);
        var result = Read(custom);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("red", result.Value!.Policy.RiskMatrix.LevelOf(5, 5));

        var broken = custom.Replace("- [amber, red, red, red, red]", "- [amber, red, red, purple]", StringComparison.Ordinal);
        var problems = Read(broken).Problems;
        Assert.Contains(problems, p => p.Message.Contains("Row 5 has 4 cells", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ id: m }")]
    [InlineData("{ id: m, path: }")]
    [InlineData("{ id: m, path: m.onnx, endpoint: \"http://127.0.0.1:1/v2\" }")]
    public void Read_ModelWithoutExactlyOneOfPathAndEndpoint_IsRefused(string model)
    {
        var text = ManifestSamples.Valid.Replace("  datasets:\n", $"  models:\n    - {model}\n  datasets:\n", StringComparison.Ordinal);
        var result = Read(text);
        Assert.Contains(result.Problems, p => p.Field == "assets.models[0]" && p.Message.Contains("exactly one of 'path'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_QuotedEmptyPath_IsRefused()
    {
        var text = ManifestSamples.Valid.Replace("  datasets:\n", "  models:\n    - { id: m, path: \"\" }\n  datasets:\n", StringComparison.Ordinal);
        Assert.Contains(Read(text).Problems, p => p.Field == "assets.models[0].path" && p.Message.Contains("'' is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ModelWithEndpointOnly_IsAccepted()
    {
        var text = ManifestSamples.Valid.Replace("  datasets:\n", "  models:\n    - { id: m, path: , endpoint: \"http://127.0.0.1:1/v2/models/m\" }\n  datasets:\n", StringComparison.Ordinal);
        Assert.True(Read(text).IsValid, string.Join("\n", Read(text).Problems));
    }

    [Fact]
    public void Read_ModelWithBothPathAndEndpoint_IsRefused()
    {
        var text = ManifestSamples.Valid.Replace("  datasets:\n", "  models:\n    - { id: m, path: m.onnx, endpoint: \"http://127.0.0.1:1/v2\" }\n  datasets:\n", StringComparison.Ordinal);
        var result = Read(text);
        Assert.Contains(result.Problems, p => p.Field == "assets.models[0]" && p.Message.Contains("exactly one of 'path'", StringComparison.Ordinal));
    }
}
