using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Manifest;
using Rampart.Risk;

namespace Rampart.Tests.Risk;

public sealed class RiskCalculatorTests
{
    private static readonly SecurityCatalogue Catalogue = SecurityCatalogue.Default;
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static SystemManifest Manifest(string criticality = "medium", string risks = "") =>
        ManifestReader.Read($"rampart: 1\nsystem: {{ name: s, owner: o, stage: planning, criticality: {criticality} }}\n{risks}", "rampart.yaml", "/tmp", Catalogue).Value!;

    private static List<TechniqueApplicability> Implemented(params (string Id, double Weight)[] techniques) =>
        [.. techniques.Select(t => new TechniqueApplicability { TechniqueId = t.Id, Applicable = true, Implemented = t.Weight >= 1, Weight = t.Weight, Evidence = [] })];

    private static Finding FindingOn(string threat, Severity severity) => new()
    {
        RuleId = "RMP-TEST-001",
        CheckId = "TEST",
        Severity = severity,
        Message = "test finding",
        Location = new FindingLocation { Logical = "x" },
        Threats = [threat],
    };

    [Fact]
    public void Build_PlanningSystem_IncludesExactlyThePlanningThreats()
    {
        var register = RiskCalculator.Build(Catalogue, Manifest(), ["planning"], [], [], [], Today);
        var expected = Catalogue.Threats.Where(t => t.Stages.Contains("planning") && (t.AssetKinds.IsEmpty || t.AssetKinds.Contains(AssetKind.System))).Select(t => t.Id).Order().ToArray();
        Assert.Equal(expected, register.Entries.Select(e => e.ThreatId).Order().ToArray());
        Assert.All(register.Entries, e =>
        {
            Assert.Equal(3, e.InherentLikelihood);
            Assert.Equal(3, e.ResidualLikelihood);
            Assert.Equal(3, e.Impact);
            Assert.Equal("medium", e.ResidualLevel);
        });
    }

    [Theory]
    [InlineData(Severity.Critical, 0, 5, 5, "high")]
    [InlineData(Severity.High, 0, 4, 4, "high")]
    [InlineData(Severity.Medium, 0, 4, 4, "high")]
    [InlineData(Severity.Low, 0, 3, 3, "medium")]
    [InlineData(Severity.Critical, 3, 5, 4, "high")]
    [InlineData(Severity.Critical, 5, 5, 3, "medium")]
    [InlineData(Severity.Info, 6, 3, 1, "low")]
    public void Build_FindingsAndControls_GiveExactLikelihoods(Severity severity, int implemented, int inherent, int residual, string level)
    {
        var threat = Catalogue.Find<Threat>("THR-009")!;
        Assert.Equal(6, threat.Techniques.Length);
        var controls = Implemented([.. threat.Techniques.Take(implemented).Select(t => (t, 1.0))]);
        var register = RiskCalculator.Build(Catalogue, Manifest(), ["planning"], [FindingOn("THR-009", severity)], [], controls, Today);
        var entry = Assert.Single(register.Entries, e => e.ThreatId == "THR-009");
        Assert.Equal(inherent, entry.InherentLikelihood);
        Assert.Equal(residual, entry.ResidualLikelihood);
        Assert.Equal(level, entry.ResidualLevel);
        Assert.Equal(implemented, entry.LoweredBy.Length);
        Assert.Equal(severity >= Severity.Medium, entry.RaisedBy.Length == 1);
    }

    [Fact]
    public void Build_PartialControls_CountHalf()
    {
        var threat = Catalogue.Find<Threat>("THR-009")!;
        // 6 techniques all partial: share 0.5, reduction round(1.0) = 1.
        var controls = Implemented([.. threat.Techniques.Select(t => (t, 0.5))]);
        var entry = RiskCalculator.Build(Catalogue, Manifest(), ["planning"], [], [], controls, Today).Entries.Single(e => e.ThreatId == "THR-009");
        Assert.Equal(2, entry.ResidualLikelihood);
        Assert.Contains("50%", entry.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FailedMeasurement_RaisesLikelihoodByOne()
    {
        var failed = new Measurement { CheckId = "T", Metric = "m", Value = 0.3, Threshold = 0.1, Verdict = Verdict.Fail, Threats = ["THR-009"] };
        var entry = RiskCalculator.Build(Catalogue, Manifest(), ["planning"], [], [failed], [], Today).Entries.Single(e => e.ThreatId == "THR-009");
        Assert.Equal(4, entry.InherentLikelihood);
        Assert.Contains("m = 0.3 failed its threshold 0.1", entry.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CriticalSystemAndAcceptance_SetsImpactToleranceAndCurrency()
    {
        var manifest = Manifest("critical", """
            assets:
              datasets:
                - { id: d, path: d.csv, role: train }
            risks:
              - { threat: THR-009, treatment: retain, acceptance: { owner: B, date: 2026-01-01, expires: 2026-12-31 } }
              - { threat: THR-001, treatment: retain, impact: 1, acceptance: { owner: B, date: 2025-01-01, expires: 2026-11-29 } }
            """);
        var register = RiskCalculator.Build(Catalogue, manifest, ["planning", "data-preparation"], [FindingOn("THR-009", Severity.Critical)], [], [], Today);
        var critical = register.Entries.Single(e => e.ThreatId == "THR-009");
        Assert.Equal(5, critical.Impact);
        Assert.Equal("critical", critical.ResidualLevel);
        Assert.True(critical.AboveTolerance);
        Assert.True(critical.AcceptanceCurrent);
        Assert.Equal(RiskTreatment.Retain, critical.Treatment);
        var poisoning = register.Entries.Single(e => e.ThreatId == "THR-001");
        Assert.Equal(1, poisoning.Impact);
        Assert.False(poisoning.AcceptanceCurrent);
        Assert.Equal("THR-009", register.Entries[0].ThreatId);
    }

    [Fact]
    public void LevelOf_DefaultMatrix_MatchesDocumentedGrid()
    {
        var m = RiskMatrix.Default;
        Assert.Equal("low", m.LevelOf(1, 1));
        Assert.Equal("medium", m.LevelOf(1, 5));
        Assert.Equal("critical", m.LevelOf(5, 5));
        Assert.Equal("critical", m.LevelOf(4, 5));
        Assert.Equal("medium", m.LevelOf(5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.LevelOf(0, 3));
    }

    [Fact]
    public void Build_NotApplicableTechniques_AreLeftOutOfTheShare()
    {
        var threat = Catalogue.Find<Threat>("THR-009")!;
        // Three implemented, three attested not applicable: the share is 3 of 3, so likelihood drops by 2.
        var controls = threat.Techniques.Select((t, i) => new TechniqueApplicability
        {
            TechniqueId = t,
            Applicable = i < 3,
            AttestedNotApplicable = i >= 3,
            Implemented = i < 3,
            Weight = i < 3 ? 1 : 0,
            Evidence = [],
        }).ToList();
        var entry = RiskCalculator.Build(Catalogue, Manifest(), ["planning"], [], [], controls, Today).Entries.Single(e => e.ThreatId == "THR-009");
        Assert.Equal(1, entry.ResidualLikelihood);
        Assert.Contains("100% of its 3 mitigating techniques", entry.Explanation, StringComparison.Ordinal);
    }
}
