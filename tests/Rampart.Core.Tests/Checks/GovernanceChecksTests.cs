using Rampart.Checks;
using Rampart.Checks.Governance;

namespace Rampart.Tests.Checks;

public sealed class GovernanceChecksTests
{
    private const string Head = """
        rampart: 1
        system: { name: s, owner: o, stage: planning, criticality: medium }

        """;

    [Fact]
    public async Task Owners_RolesWithPlanningRequirementsButNoStakeholder_AreReported()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Head + "stakeholders:\n  - { role: ai-developer, name: Dev }\n");
        var result = await new OwnersCheck().RunAsync(fx.Context(manifest), CancellationToken.None);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-GOV-001", finding.RuleId);
        Assert.Equal("organization-management", finding.Evidence["role"]);
        Assert.Contains("PRC-ORG-01", finding.Requirements);
        Assert.Equal(1, Assert.Single(result.Measurements).Value);
    }

    [Fact]
    public async Task Owners_EveryResponsibleRoleNamed_NoFinding()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Head + "stakeholders:\n  - { role: organization-management, name: Boss }\n");
        var result = await new OwnersCheck().RunAsync(fx.Context(manifest), CancellationToken.None);
        Assert.Empty(result.Findings);
        Assert.Equal(Verdict.Pass, Assert.Single(result.Measurements).Verdict);
    }

    [Fact]
    public async Task Evidence_MissingChangedUnhashedStaleAndAbsent_EachReported()
    {
        using var fx = new SystemFixture();
        fx.Write("ev/good.md", "good");
        fx.Write("ev/changed.md", "changed now");
        fx.Write("ev/unhashed.md", "no hash");
        var manifest = fx.Manifest(Head + $$"""
            attestations:
              - requirement: PRC-ORG-01
                status: implemented
                owner: A
                date: 2026-06-01
                evidence: [{ path: ev/good.md, sha256: {{SystemFixture.Sha256("good")}} }]
              - requirement: PRC-ORG-02
                status: implemented
                owner: A
                date: 2026-06-01
                evidence: [{ path: ev/changed.md, sha256: {{SystemFixture.Sha256("as attested")}} }]
              - requirement: PRC-ORG-03
                status: partial
                owner: A
                date: 2026-06-01
                evidence: ev/unhashed.md
              - requirement: PRC-ORG-04
                status: implemented
                owner: A
                date: 2026-06-01
                evidence: [{ path: ev/gone.md }]
              - requirement: PRC-ORG-05
                status: implemented
                owner: A
                date: 2025-10-01
                evidence: [{ path: ev/good.md, sha256: {{SystemFixture.Sha256("good")}} }]
              - requirement: PRC-ORG-06
                status: implemented
                owner: A
                date: 2026-06-01
              - requirement: PRC-ORG-07
                status: implemented
                owner: A
                date: 2026-12-25
                evidence: [{ path: ev/good.md, sha256: {{SystemFixture.Sha256("good")}} }]
            """);
        var result = await new EvidenceCheck().RunAsync(fx.Context(manifest), CancellationToken.None);
        var byRule = result.Findings.Select(f => (f.RuleId, f.Requirements.FirstOrDefault() ?? f.Location.Logical)).Order().ToList();
        Assert.Equal(
        [
            ("RMP-GOV-002", "PRC-ORG-06"),
            ("RMP-GOV-003", "PRC-ORG-04"),
            ("RMP-GOV-004", "PRC-ORG-02"),
            ("RMP-GOV-005", "PRC-ORG-03"),
            ("RMP-GOV-006", "PRC-ORG-05"),
            ("RMP-GOV-007", "PRC-ORG-07"),
        ], byRule);
        var changed = Assert.Single(result.Findings, f => f.RuleId == "RMP-GOV-004");
        Assert.Equal(SystemFixture.Sha256("changed now"), changed.Evidence["actual_sha256"]);
        Assert.Equal("ev/changed.md", changed.Location.File);
        var stale = Assert.Single(result.Findings, f => f.RuleId == "RMP-GOV-006");
        Assert.Equal("425", stale.Evidence["age_days"]);
        Assert.Equal(SystemFixture.Sha256("no hash"), Assert.Single(result.Findings, f => f.RuleId == "RMP-GOV-005").Evidence["sha256"]);
    }

    [Fact]
    public async Task Evidence_NotImplementedWithoutEvidence_IsNotAnEvidenceProblem()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Head + "attestations:\n  - { requirement: PRC-ORG-01, status: not-implemented, owner: A, date: 2026-06-01 }\n");
        var result = await new EvidenceCheck().RunAsync(fx.Context(manifest), CancellationToken.None);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task Assets_MissingChangedAndUnhashedFiles_AreReported()
    {
        using var fx = new SystemFixture();
        fx.Write("data/train.csv", "a,b\n1,2\n");
        fx.Write("data/test.csv", "a,b\n3,4\n");
        fx.Write("requirements.lock", "numpy==2.0.0\n");
        var manifest = fx.Manifest(Head + $$"""
            assets:
              datasets:
                - { id: train, path: data/train.csv, role: train, sha256: {{SystemFixture.Sha256("a,b\n1,2\n")}} }
                - { id: test, path: data/test.csv, role: test, sha256: {{SystemFixture.Sha256("tampered")}} }
                - { id: ref, path: data/missing.csv, role: reference }
              dependencies:
                - { id: lock, path: requirements.lock }
            """);
        var result = await new AssetsCheck().RunAsync(fx.Context(manifest), CancellationToken.None);
        Assert.Equal(["RMP-GOV-010:ref", "RMP-GOV-011:test", "RMP-GOV-012:lock"], result.Findings.Select(f => $"{f.RuleId}:{f.Location.Logical}").Order().ToArray());
        var changed = Assert.Single(result.Findings, f => f.RuleId == "RMP-GOV-011");
        Assert.Contains("THR-025", changed.Threats);
        Assert.Equal(3, Assert.Single(result.Measurements).Value);
    }

    [Fact]
    public async Task Coverage_PlanningSystem_FlagsUnaddressedAndNotImplemented()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Head + """
            attestations:
              - { requirement: REQ-PLN-02, status: not-implemented, owner: A, date: 2026-06-01 }
              - { requirement: PRC-ORG-01, status: not-applicable, owner: A, date: 2026-06-01 }
              - { requirement: PRC-ORG-02, status: partial, owner: A, date: 2026-06-01, evidence: e.md }
            """);
        var result = await new CoverageCheck().RunAsync(fx.Context(manifest), CancellationToken.None);
        var notImplemented = Assert.Single(result.Findings, f => f.RuleId == "RMP-GOV-021");
        Assert.Equal("REQ-PLN-02", Assert.Single(notImplemented.Requirements));
        Assert.Equal(Severity.High, notImplemented.Severity);
        Assert.Single(result.Findings, f => f.RuleId == "RMP-GOV-023");
        Assert.Single(result.Findings, f => f.RuleId == "RMP-GOV-022");
        var planning = SecurityCatalogueHelper.Applicable("planning");
        var expectedUnaddressed = planning.Where(r => r.Level == Rampart.Catalogue.RequirementLevel.Required && r.Checks.IsEmpty && r.Id != "REQ-PLN-02").Select(r => r.Id).Order().ToArray();
        Assert.Equal(expectedUnaddressed, result.Findings.Where(f => f.RuleId == "RMP-GOV-020").Select(f => f.Requirements[0]).Order().ToArray());
        var ratio = Assert.Single(result.Measurements);
        Assert.Equal(3.0 / planning.Count, ratio.Value, 12);
    }

    [Fact]
    public async Task RiskDecisions_ExpiredAcceptanceAndRetainWithoutAcceptance_AreReported()
    {
        using var fx = new SystemFixture();
        var manifest = fx.Manifest(Head + """
            risks:
              - { threat: THR-001, treatment: retain, acceptance: { owner: B, date: 2025-01-01, expires: 2026-01-01 } }
              - { threat: THR-002, treatment: retain }
              - { threat: THR-003, treatment: retain, acceptance: { owner: B, date: 2026-01-01, expires: 2026-11-30 } }
              - { threat: THR-004, treatment: modify }
            """);
        var result = await new RiskDecisionsCheck().RunAsync(fx.Context(manifest), CancellationToken.None);
        // THR-009 is the one planning-stage threat that applies to a system with no assets, and it has no decision.
        Assert.Equal(["RMP-GOV-030:THR-001", "RMP-GOV-031:THR-002", "RMP-GOV-032:THR-009"], result.Findings.Select(f => $"{f.RuleId}:{f.Location.Logical}").Order().ToArray());
        Assert.Equal(["REQ-DEP-05", "REQ-DEP-06"], result.Findings.Single(f => f.RuleId == "RMP-GOV-030").Requirements.ToArray());
        Assert.Equal(["REQ-PLN-04", "REQ-DES-05", "REQ-DEP-05"], result.Findings.Single(f => f.RuleId == "RMP-GOV-032").Requirements.ToArray());
        Assert.Equal(0.0, Assert.Single(result.Measurements).Value);
    }
}

internal static class SecurityCatalogueHelper
{
    public static List<Rampart.Catalogue.Requirement> Applicable(string stage)
    {
        var catalogue = Rampart.Catalogue.SecurityCatalogue.Default;
        var stages = catalogue.StagesUpTo(stage).Select(s => s.Id).ToHashSet();
        return [.. catalogue.Requirements.Where(r => stages.Contains(r.Stage))];
    }
}

public sealed class GovernanceRequirementLinksTests
{
    [Fact]
    public void RequirementsNamedByChecks_ExistAndLinkBackToTheCheck()
    {
        var catalogue = Rampart.Catalogue.SecurityCatalogue.Default;
        foreach (var id in RiskDecisionsCheck.TreatmentRequirements.Concat(RiskDecisionsCheck.AcceptanceRequirements))
        {
            Assert.Contains("GOV-RISK", catalogue.Find<Rampart.Catalogue.Requirement>(id)!.Checks);
        }

        Assert.Contains("GOV-ASSETS", catalogue.Find<Rampart.Catalogue.Requirement>(AssetsCheck.ModificationRequirement)!.Checks);
    }
}

public sealed class SystemFilesTests
{
    [Fact]
    public async Task Assets_SymlinkLeadingOutOfTheFolder_IsNotFollowed()
    {
        using var fx = new SystemFixture();
        File.CreateSymbolicLink(Path.Combine(fx.Path, "zero.bin"), "/dev/zero");
        Directory.CreateDirectory(Path.Combine(fx.Path, "adir"));
        var manifest = fx.Manifest("""
            rampart: 1
            system: { name: s, owner: o, stage: planning, criticality: medium }
            assets:
              models:
                - { id: z, path: zero.bin }
                - { id: d, path: adir }
            """);
        var run = new AssetsCheck().RunAsync(fx.Context(manifest), CancellationToken.None).AsTask();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(run, finished);
        var result = await run;
        Assert.Contains(result.Findings, f => f.RuleId == "RMP-GOV-010" && f.Message.Contains("leads outside the manifest's folder through a symbolic link", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.RuleId == "RMP-GOV-010" && f.Message.Contains("is a folder", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_LinkInsideTheFolder_IsFollowed()
    {
        using var folder = new TempFolder();
        folder.Write("real.csv", "x");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "alias.csv"), Path.Combine(folder.Path, "real.csv"));
        Assert.Null(Rampart.IO.SystemFiles.Resolve(folder.Path, "alias.csv", out _));
        Assert.Equal("it does not exist", Rampart.IO.SystemFiles.Resolve(folder.Path, "nope.csv", out _));
        Assert.Equal("it is the manifest's folder itself, not a file", Rampart.IO.SystemFiles.Resolve(folder.Path, ".", out _));
    }

    [Fact]
    public void Resolve_FileBehindALinkedFolderOutside_IsRefused()
    {
        using var outside = new TempFolder();
        outside.Write("secret.csv", "x");
        using var folder = new TempFolder();
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "data"), outside.Path);
        Assert.Contains("leads outside", Rampart.IO.SystemFiles.Resolve(folder.Path, "data/secret.csv", out _), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LinkLoopAndDanglingLink_AreReportedNotThrown()
    {
        using var folder = new TempFolder();
        File.CreateSymbolicLink(Path.Combine(folder.Path, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "b"), "a");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "dangling"), "nowhere.csv");
        Assert.Contains("too many levels of symbolic links", Rampart.IO.SystemFiles.Resolve(folder.Path, "a", out _), StringComparison.Ordinal);
        Assert.Equal("it does not exist", Rampart.IO.SystemFiles.Resolve(folder.Path, "dangling", out _));
    }

    [Fact]
    public void Resolve_NamedPipe_IsNotARegularFile()
    {
        using var folder = new TempFolder();
        var fifo = Path.Combine(folder.Path, "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        Assert.Equal("it is not a regular file (a device, pipe or socket)", Rampart.IO.SystemFiles.Resolve(folder.Path, "pipe", out _));
    }
}
