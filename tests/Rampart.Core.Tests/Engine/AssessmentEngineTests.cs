using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Engine;

namespace Rampart.Tests.Engine;

public sealed class AssessmentEngineTests
{
    private const string Deployment = """
        rampart: 1
        system: { name: s, owner: o, stage: model-design, criticality: high }
        stakeholders:
          - { role: organization-management, name: Boss }
        """;

    private sealed class FakeCheck(string id, string[] stages, AssetKind[] kinds, Func<CheckContext, CheckResult> run) : ICheck
    {
        public CheckDescriptor Descriptor { get; } = new()
        {
            Id = id,
            Title = id,
            Description = id,
            Techniques = ["TEC-ALG-12"],
            Threats = [],
            Stages = [.. stages],
            AssetKinds = [.. kinds],
            Rules = [new RuleDescriptor { Id = "RMP-FAKE-001", Name = "Fake", Summary = "s", Help = "h", DefaultSeverity = Severity.High }],
        };

        public int Runs { get; private set; }

        public ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
        {
            Runs++;
            return ValueTask.FromResult(run(context));
        }
    }

    private static Finding Make(string id, Severity severity, string threat) => new()
    {
        RuleId = "RMP-FAKE-001",
        CheckId = id,
        Severity = severity,
        Message = $"{id} found",
        Location = new FindingLocation { Logical = id },
        Threats = [threat],
    };

    [Fact]
    public async Task RunAsync_CheckThatThrows_BecomesNotificationAndRunContinues()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Deployment);
        var good = new FakeCheck("A-GOOD", ["planning"], [AssetKind.System], _ => new CheckResult { Findings = [Make("A-GOOD", Severity.High, "THR-009")] });
        var bad = new FakeCheck("B-BAD", ["planning"], [AssetKind.System], _ => throw new InvalidDataException("model file truncated"));
        var engine = new AssessmentEngine(SecurityCatalogue.Default, [bad, good]);
        var result = await engine.RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default }, CancellationToken.None);

        var note = Assert.Single(result.Notifications);
        Assert.Equal("B-BAD", note.CheckId);
        Assert.Equal("model file truncated", note.Message);
        Assert.Equal(CheckOutcome.Error, result.Checks.Single(c => c.Id == "B-BAD").Outcome);
        Assert.Single(result.Findings);
        Assert.Equal(1, result.FailingFindings);
        Assert.True(result.PolicyFailed);
        Assert.Equal(4, result.RiskRegister.Entries.Single(e => e.ThreatId == "THR-009").InherentLikelihood);
    }

    [Fact]
    public async Task RunAsync_ChecksForLaterStagesOrMissingAssets_AreNotApplicable()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Deployment);
        var later = new FakeCheck("LATER", ["deployment"], [AssetKind.System], _ => CheckResult.Empty);
        var needsModel = new FakeCheck("MODEL", ["planning"], [AssetKind.Model], _ => CheckResult.Empty);
        var result = await new AssessmentEngine(SecurityCatalogue.Default, [later, needsModel]).RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default }, CancellationToken.None);
        Assert.Equal(0, later.Runs);
        Assert.Equal(0, needsModel.Runs);
        Assert.Contains("deployment", result.Checks.Single(c => c.Id == "LATER").Reason, StringComparison.Ordinal);
        Assert.Contains("model asset", result.Checks.Single(c => c.Id == "MODEL").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_Throws()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Deployment);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var engine = new AssessmentEngine(SecurityCatalogue.Default, BuiltInChecks.Create());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default }, cts.Token));
    }

    [Fact]
    public async Task RunAsync_SameInputs_SameResultInAnyParallelism()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Deployment);
        var engine = new AssessmentEngine(SecurityCatalogue.Default, BuiltInChecks.Create());
        var one = await engine.RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default, MaxParallelism = 1 }, CancellationToken.None);
        var four = await engine.RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default, MaxParallelism = 4 }, CancellationToken.None);
        Assert.Equal(one.Findings.Select(f => f.Fingerprint), four.Findings.Select(f => f.Fingerprint));
        Assert.Equal(one.RiskRegister.Entries.Select(e => e.Explanation), four.RiskRegister.Entries.Select(e => e.Explanation));
        Assert.Equal(one.Coverage, four.Coverage, (a, b) => a.RequirementId == b.RequirementId && a.State == b.State);
    }

    [Fact]
    public async Task RunAsync_PassingCheckImplementsTechnique_InApplicability()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Deployment);
        var passing = new FakeCheck("PASS", ["planning"], [AssetKind.System], _ => CheckResult.Empty);
        var result = await new AssessmentEngine(SecurityCatalogue.Default, [passing]).RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default }, CancellationToken.None);
        var row = result.Applicability.Single(a => a.TechniqueId == "TEC-ALG-12");
        Assert.True(row.Implemented);
        Assert.Equal(["check PASS passed"], row.Evidence.ToArray());
        Assert.Equal(SecurityCatalogue.Default.Techniques.Length, result.Applicability.Length);
    }

    [Fact]
    public async Task RunAsync_Gate_ListsUnsatisfiedRequiredRequirementsAndRisksAboveTolerance()
    {
        using var fx = new SystemFixture();
        fx.Write("ev/p.md", "policy");
        var sha = SystemFixture.Sha256("policy");
        var manifest = fx.Manifest(Deployment + $$"""

            attestations:
              - { requirement: REQ-PLN-01, status: implemented, owner: Boss, date: 2026-06-01, evidence: [{ path: ev/p.md, sha256: {{sha}} }] }
            """);
        var engine = new AssessmentEngine(SecurityCatalogue.Default, BuiltInChecks.Create());
        var result = await engine.RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default, GateStage = "data-preparation" }, CancellationToken.None);
        var gate = Assert.IsType<GateDecision>(result.Gate);
        Assert.False(gate.Allowed);
        var required = SecurityCatalogue.Default.Requirements
            .Where(r => r.Level == RequirementLevel.Required && r.Stage is "planning" or "data-preparation")
            .Select(r => r.Id).ToHashSet();
        var blocked = gate.Blockers.Where(b => b.Kind == "requirement").Select(b => b.Id).ToHashSet();
        Assert.DoesNotContain("REQ-PLN-01", blocked.Where(id => result.Coverage.Single(c => c.RequirementId == id).Satisfied));
        Assert.All(blocked, id => Assert.Contains(id, required));
        Assert.All(gate.Blockers, b => Assert.False(string.IsNullOrEmpty(b.Role)));
        Assert.Equal(
            required.Where(id => !result.Coverage.Single(c => c.RequirementId == id).Satisfied).Order(),
            blocked.Order());
    }
}
