using System.Text.Json;

namespace Rampart.Tests;

public sealed class AssessCommandTests
{
    private const string Clean = """
        rampart: 1
        system: { name: tidy, owner: Ana, stage: planning, criticality: low }
        stakeholders:
          - { role: organization-management, name: Ana }
        risks:
          - { threat: THR-009, treatment: modify, rationale: Human oversight of every decision. }
        policy: { fail_on: high }
        """;

    [Fact]
    public async Task Assess_BundledExample_WritesFourReportsWithRegisterAndCoverage()
    {
        using var output = new TempFolder();
        var example = Path.Combine(RepositoryRoot.Path, "examples", "credit-scoring");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("assess", example, "--output", output.Path, "--format", "json", "--quiet");
        Assert.True(exit is 0 or 2, $"exit {exit}: {stderr}");
        foreach (var file in new[] { "report.json", "report.sarif", "report.md", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(output.Path, file)), file);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output.Path, "report.json")));
        var assessment = json.RootElement.GetProperty("assessment");
        Assert.Equal("deployment", assessment.GetProperty("system").GetProperty("stage").GetString());
        Assert.True(assessment.GetProperty("riskRegister").GetProperty("entries").GetArrayLength() > 0);
        Assert.True(assessment.GetProperty("coverage").GetArrayLength() > 0);
        Assert.Equal(File.ReadAllText(Path.Combine(output.Path, "report.json")), stdout);

        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(output.Path, "report.sarif")));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Equal(exit == 2, assessment.GetProperty("policyFailed").GetBoolean());
    }

    [Fact]
    public async Task Assess_ManifestWithThreeMistakes_ReportsAllThreeWithLinesAndExits1()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", """
            rampart: 1
            system:
              name: broken
              owner: Ana
              stage: deploymnet
              criticality: high
            stakeholders:
              - { role: ai-developer, name: Dev, phone: "123" }
            attestations:
              - { requirement: PRC-ORG-01, status: done, owner: Ana, date: 2026-01-01 }
            """);
        var (exit, stdout, stderr) = await CliRunner.RunAsync("assess", folder.Path);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("rampart.yaml:5:10: system.stage: 'deploymnet' is not one of", StringComparison.Ordinal) && l.Contains("Did you mean 'deployment'?", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rampart.yaml:8:38: stakeholders[0].phone: Unknown key 'phone'.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rampart.yaml:10:40: attestations[0].status: 'done' is not one of implemented, partial, not-implemented, not-applicable.", StringComparison.Ordinal));
        Assert.Contains("3 problems in the manifest; nothing was assessed.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_CleanSystem_Exits0AndPrintsProgressOnStderr()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Clean);
        var (exit, stdout, stderr) = await CliRunner.RunAsync("assess", folder.Path);
        Assert.Equal(0, exit);
        Assert.Contains("Result: PASS", stdout, StringComparison.Ordinal);
        Assert.Contains("GOV-OWNERS", stderr, StringComparison.Ordinal);
        Assert.Contains("[4/4]", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("low", 2)]
    [InlineData("critical", 0)]
    public async Task Assess_FailOn_ControlsExitCode(string failOn, int expected)
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Clean.Replace("  - { threat: THR-009, treatment: modify, rationale: Human oversight of every decision. }\n", string.Empty, StringComparison.Ordinal).Replace("risks:\n", "risks: []\n", StringComparison.Ordinal));
        var (exit, _, stderr) = await CliRunner.RunAsync("assess", folder.Path, "--fail-on", failOn, "--quiet");
        Assert.Equal(expected, exit);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Assess_GateToLaterStage_RefusesWithBlockersAndExits2()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Clean);
        var (exit, stdout, _) = await CliRunner.RunAsync("assess", folder.Path, "--gate", "data-preparation", "--format", "json", "--quiet");
        Assert.Equal(2, exit);
        using var doc = JsonDocument.Parse(stdout);
        var gate = doc.RootElement.GetProperty("assessment").GetProperty("gate");
        Assert.False(gate.GetProperty("allowed").GetBoolean());
        var blockers = gate.GetProperty("blockers").EnumerateArray().ToList();
        Assert.Contains(blockers, b => b.GetProperty("kind").GetString() == "requirement" && b.GetProperty("id").GetString()!.StartsWith("REQ-DAT-", StringComparison.Ordinal) && b.GetProperty("role").GetString() == "ai-data-scientist");
    }

    [Fact]
    public async Task Assess_UnknownGateStage_IsAUsageError()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Clean);
        var (exit, _, stderr) = await CliRunner.RunAsync("assess", folder.Path, "--gate", "prod");
        Assert.Equal(1, exit);
        Assert.Contains("--gate: unknown stage 'prod'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_MissingFolder_IsAUsageError()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("assess", "/nonexistent/rampart-system");
        Assert.Equal(1, exit);
        Assert.Contains("No such file or folder", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_OutputIntoAFile_IsAToolError()
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Clean);
        var blocker = folder.Write("reports", "not a folder");
        var (exit, _, stderr) = await CliRunner.RunAsync("assess", folder.Path, "--output", blocker, "--quiet");
        Assert.Equal(3, exit);
        Assert.Contains("cannot write reports", stderr, StringComparison.Ordinal);
    }

    private sealed class CrashingCheck : Rampart.Checks.ICheck
    {
        public Rampart.Checks.CheckDescriptor Descriptor { get; } = new()
        {
            Id = "CRASH",
            Title = "Crashes",
            Description = "Always throws.",
            Techniques = [],
            Threats = [],
            Stages = ["planning"],
            AssetKinds = [Rampart.Catalogue.AssetKind.System],
            Rules = [],
        };

        public ValueTask<Rampart.Checks.CheckResult> RunAsync(Rampart.Checks.CheckContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("parser state corrupted");
    }

    [Theory]
    [InlineData("critical")]
    [InlineData("low")]
    public async Task Assess_CrashingCheck_IsAToolErrorEvenWhenThePolicyAlsoFails(string failOn)
    {
        using var folder = new TempFolder();
        folder.Write("rampart.yaml", Clean);
        Rampart.Checks.ICheck[] checks = [.. Rampart.Cli.Registry.Checks(), new CrashingCheck()];
        var (exit, stdout, stderr) = await CliRunner.RunWithChecksAsync(checks, "assess", folder.Path, "--fail-on", failOn, "--quiet");
        Assert.Equal(3, exit);
        Assert.Contains("tool error: check CRASH failed (System.InvalidOperationException): parser state corrupted", stderr, StringComparison.Ordinal);
        Assert.Contains("tool error: check CRASH failed", stdout, StringComparison.Ordinal);
        Assert.Contains("Result: FAIL: 1 check(s) failed to run, so the assessment is incomplete", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError()
    {
        var (exit, _, _) = await CliRunner.RunAsync("asses", ".");
        Assert.Equal(1, exit);
    }
}
