using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Engine;

namespace Rampart.Tests.Engine;

/// <summary>How checks and attestations combine into a requirement's coverage state.</summary>
public sealed class RequirementCoverageTests
{
    private const string Head = """
        rampart: 1
        system: { name: s, owner: o, stage: data-preparation, criticality: medium }
        stakeholders:
          - { role: organization-management, name: Boss }

        """;

    private static async Task<Assessment> AssessAsync(SystemFixture fx, string body)
    {
        var manifest = fx.Manifest(Head + body);
        return await new AssessmentEngine(SecurityCatalogue.Default, BuiltInChecks.Create())
            .RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default }, CancellationToken.None);
    }

    private static CoverageState StateOf(Assessment a, string id) => a.Coverage.Single(c => c.RequirementId == id).State;

    [Fact]
    public async Task DatasetHashes_IntactDataset_VerifiesTheModificationRequirement()
    {
        using var fx = new SystemFixture();
        fx.Write("d.csv", "a\n1\n");
        var a = await AssessAsync(fx, $"assets:\n  datasets:\n    - {{ id: d, path: d.csv, role: train, sha256: {SystemFixture.Sha256("a\n1\n")} }}\n");
        Assert.Equal(CoverageState.VerifiedByCheck, StateOf(a, "REQ-DAT-05"));
    }

    [Fact]
    public async Task DatasetHashes_ChangedDataset_FailsTheModificationRequirement()
    {
        using var fx = new SystemFixture();
        fx.Write("d.csv", "a\n2\n");
        var a = await AssessAsync(fx, $"assets:\n  datasets:\n    - {{ id: d, path: d.csv, role: train, sha256: {SystemFixture.Sha256("a\n1\n")} }}\n");
        Assert.Equal(CoverageState.Failing, StateOf(a, "REQ-DAT-05"));
    }

    [Fact]
    public async Task DatasetHashes_OnlyAModelListed_VerifyNothingAndAModelChangeFailsNothing()
    {
        using var fx = new SystemFixture();
        fx.Write("m.onnx", "changed");
        var a = await AssessAsync(fx, $"assets:\n  models:\n    - {{ id: m, path: m.onnx, sha256: {SystemFixture.Sha256("original")} }}\n");
        Assert.Contains(a.Findings, f => f.RuleId == "RMP-GOV-011");
        Assert.Equal(CoverageState.Unaddressed, StateOf(a, "REQ-DAT-05"));
    }

    [Fact]
    public async Task OwnerSaysNotImplemented_OutweighsAPassingCheck()
    {
        using var fx = new SystemFixture();
        fx.Write("d.csv", "a\n1\n");
        var a = await AssessAsync(fx, $$"""
            assets:
              datasets:
                - { id: d, path: d.csv, role: train, sha256: {{SystemFixture.Sha256("a\n1\n")}} }
            attestations:
              - { requirement: REQ-DAT-05, status: not-implemented, owner: Boss, date: 2026-06-01 }
            """);
        Assert.Equal(CoverageState.NotImplemented, StateOf(a, "REQ-DAT-05"));
    }

    [Fact]
    public async Task FailingCheck_OutweighsAnImplementedAttestation()
    {
        using var fx = new SystemFixture();
        fx.Write("d.csv", "tampered");
        fx.Write("ev.md", "evidence");
        var a = await AssessAsync(fx, $$"""
            assets:
              datasets:
                - { id: d, path: d.csv, role: train, sha256: {{SystemFixture.Sha256("a\n1\n")}} }
            attestations:
              - { requirement: REQ-DAT-05, status: implemented, owner: Boss, date: 2026-06-01, evidence: [{ path: ev.md, sha256: {{SystemFixture.Sha256("evidence")}} }] }
            """);
        var status = a.Coverage.Single(c => c.RequirementId == "REQ-DAT-05");
        Assert.Equal(CoverageState.Failing, status.State);
        Assert.Contains(status.Basis, b => b.StartsWith("RMP-GOV-011", StringComparison.Ordinal));
        Assert.Contains(status.Basis, b => b.StartsWith("attested implemented", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-06-01", "evidence", CoverageState.Attested)]
    [InlineData("2026-06-01", "other text", CoverageState.EvidenceInvalid)]
    [InlineData("2025-06-01", "evidence", CoverageState.Stale)]
    [InlineData("2027-01-01", "evidence", CoverageState.EvidenceInvalid)]
    public async Task Attestation_EvidenceAndDate_DecideTheState(string date, string content, CoverageState expected)
    {
        using var fx = new SystemFixture();
        fx.Write("ev.md", content);
        var a = await AssessAsync(fx, $$"""
            attestations:
              - { requirement: REQ-DAT-01, status: implemented, owner: Boss, date: {{date}}, evidence: [{ path: ev.md, sha256: {{SystemFixture.Sha256("evidence")}} }] }
            """);
        Assert.Equal(expected, StateOf(a, "REQ-DAT-01"));
    }

    [Fact]
    public async Task TechniqueAttestation_WithChangedEvidence_GetsNoCredit()
    {
        using var fx = new SystemFixture();
        fx.Write("ev.md", "changed");
        var a = await AssessAsync(fx, $$"""
            attestations:
              - { technique: TEC-DAT-09, status: implemented, owner: Boss, date: 2026-06-01, evidence: [{ path: ev.md, sha256: {{SystemFixture.Sha256("evidence")}} }] }
            """);
        var row = a.Applicability.Single(t => t.TechniqueId == "TEC-DAT-09");
        Assert.Equal(0, row.Weight);
        Assert.Contains("RMP-GOV-004", row.Evidence[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TechniqueNotApplicableWithJustification_IsNotApplicable()
    {
        using var fx = new SystemFixture();
        var a = await AssessAsync(fx, """
            attestations:
              - { technique: TEC-DAT-06, status: not-applicable, owner: Boss, date: 2026-06-01, notes: "No federated partners." }
            """);
        Assert.False(a.Applicability.Single(t => t.TechniqueId == "TEC-DAT-06").Applicable);
    }

    [Fact]
    public async Task EvidenceCheckDidNotRun_AttestationsAreNotTakenAsIntact()
    {
        using var fx = new SystemFixture();
        fx.Write("ev.md", "evidence");
        var manifest = fx.Manifest(Head + $$"""
            attestations:
              - { requirement: REQ-DAT-01, status: implemented, owner: Boss, date: 2026-06-01, evidence: [{ path: ev.md, sha256: {{SystemFixture.Sha256("evidence")}} }] }
            """);
        var withoutEvidenceCheck = BuiltInChecks.Create().Where(c => c.Descriptor.Id != "GOV-EVIDENCE").ToList();
        var a = await new AssessmentEngine(SecurityCatalogue.Default, withoutEvidenceCheck)
            .RunAsync(manifest, new AssessmentOptions { Time = FixedTime.Default }, CancellationToken.None);
        var status = a.Coverage.Single(c => c.RequirementId == "REQ-DAT-01");
        Assert.Equal(CoverageState.EvidenceInvalid, status.State);
        Assert.Contains("evidence unchecked: GOV-EVIDENCE did not run", status.Basis);
    }
}
