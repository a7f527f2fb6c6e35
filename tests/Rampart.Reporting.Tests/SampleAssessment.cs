using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Engine;
using Rampart.Manifest;

namespace Rampart.Tests;

/// <summary>A small, fixed system with one of each kind of problem, assessed at a fixed time.</summary>
internal static class SampleAssessment
{
    public const string Manifest = """
        rampart: 1
        system:
          name: "sample <b>&amp; system</b>"
          owner: Ana
          stage: data-preparation
          criticality: high
        stakeholders:
          - { role: organization-management, name: Ana }
        assets:
          datasets:
            - { id: train, path: data/train.csv, role: train, label: y, sha256: 0000000000000000000000000000000000000000000000000000000000000000 }
            - { id: test, path: data/missing.csv, role: test }
        attestations:
          - { requirement: PRC-ORG-01, status: implemented, owner: Ana, date: 2026-06-01, evidence: [{ path: ev/org.md, sha256: 5c0a1c4ffb1cdb3aa33c1f5c6f3b8d2e2b0dcf1ee2ac6f64e3b1a1bbd2f29f49 }] }
          - { requirement: PRC-ORG-02, status: implemented, owner: Ana, date: 2025-01-01, evidence: [ev/org.md] }
          - { requirement: REQ-PLN-03, status: not-implemented, owner: Ana, date: 2026-06-01 }
          - { technique: TEC-DAT-09, status: implemented, owner: Ana, date: 2026-06-01, evidence: [ev/org.md] }
        risks:
          - { threat: THR-001, treatment: retain, acceptance: { owner: Ana, date: 2026-01-01, expires: 2026-06-30 } }
        """;

    public static async Task<(Assessment Assessment, SecurityCatalogue Catalogue)> CreateAsync(TempFolder folder, string? gate = null)
    {
        folder.Write("rampart.yaml", Manifest);
        folder.Write("data/train.csv", "a,y\n1,0\n");
        folder.Write("ev/org.md", "# Organisation\n");
        var catalogue = SecurityCatalogue.Default;
        var manifest = ManifestReader.ReadPath(folder.Path, catalogue);
        Assert.True(manifest.IsValid, string.Join("\n", manifest.Problems));
        var engine = new AssessmentEngine(catalogue, BuiltInChecks.Create());
        var assessment = await engine.RunAsync(manifest.Value!, new AssessmentOptions { Time = FixedTime.Default, GateStage = gate }, CancellationToken.None);
        return (assessment, catalogue);
    }
}
