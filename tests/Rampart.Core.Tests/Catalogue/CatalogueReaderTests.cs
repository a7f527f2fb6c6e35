using Rampart.Catalogue;

namespace Rampart.Tests.Catalogue;

public sealed class CatalogueReaderTests
{
    private const string Minimal = """
        version: "0.1.0"
        sources:
          - { id: tr, title: T, publisher: P, kind: K }
        phases:
          - { id: design-and-manufacturing, title: D, description: D }
        stages:
          - { id: planning, order: 1, title: Planning, xsrai_stage: Planning, tr_phases: [design-and-manufacturing], description: P }
        roles:
          - { id: organization-management, title: O, source: xsrai, description: O }
        objectives:
          - { id: OBJ-01, title: Legal compliance, description: L }
        threats:
          - id: THR-001
            title: Poisoning
            description: P
            provenance:
              - { source: tr, name: Training data poisoning, threat_source: Infrastructure imperfection, phase: design-and-manufacturing }
            stages: [planning]
            asset_kinds: [dataset]
            objectives: [OBJ-01]
            techniques: [TEC-DAT-01]
            refs: { atlas: [AML.T0020] }
        techniques:
          - { id: TEC-DAT-01, title: Differential privacy, category: data, group: G, clause: "7.3.3", description: D, phases: [design-and-manufacturing], asset_kinds: [dataset], objectives: [OBJ-01] }
        requirements:
          - { id: REQ-PLN-01, source: tr, clause: "8", stage: planning, role: organization-management, level: required, statement: S, quote: Q, threats: [THR-001], techniques: [TEC-DAT-01], checks: [GOV-RISK] }
        checks:
          - { id: GOV-RISK, title: Risk }
        references:
          atlas:
            - { id: AML.T0020, title: Training Data Poisoning }
        """;

    [Fact]
    public void Parse_MinimalValidCatalogue_Succeeds()
    {
        var result = SecurityCatalogue.Parse(Minimal, "c.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("0.1.0", result.Value!.Version);
        Assert.Equal(TechniqueCategory.Data, result.Value.Techniques[0].Category);
    }

    [Theory]
    [InlineData("techniques: [TEC-DAT-01]", "techniques: [TEC-DAT-09]", "threats[0].techniques[0]", "Unknown technique 'TEC-DAT-09'")]
    [InlineData("checks: [GOV-RISK]", "checks: [GOV-NOPE]", "requirements[0].checks[0]", "Unknown check 'GOV-NOPE'")]
    [InlineData("refs: { atlas: [AML.T0020] }", "refs: { atlas: [AML.T20] }", "threats[0].refs.atlas", "'AML.T20' is not a well-formed MITRE ATLAS id")]
    [InlineData("refs: { atlas: [AML.T0020] }", "refs: { atlas: [AML.T0021] }", "threats[0].refs.atlas", "'AML.T0021' is not listed under references.atlas")]
    [InlineData("category: data", "category: quantum", "techniques[0].category", "'quantum' is not one of service, algorithm, data, platform")]
    [InlineData("level: required", "level: optional", "requirements[0].level", "'optional' is not one of required, recommended")]
    [InlineData("id: TEC-DAT-01, title", "id: THR-001, title", "threats[0].id", "Duplicate id 'THR-001'")]
    [InlineData("stage: planning, role", "stage: launch, role", "requirements[0].stage", "Unknown stage 'launch'")]
    public void Parse_OneMistake_ReportsItWithTheField(string from, string to, string field, string message)
    {
        var yaml = Minimal.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Minimal, yaml);
        var result = SecurityCatalogue.Parse(yaml, "c.yaml");
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Field == field && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BrokenYaml_ReportsLine()
    {
        var result = SecurityCatalogue.Parse("version: \"1\"\nthreats: [\n", "c.yaml");
        var problem = Assert.Single(result.Problems);
        Assert.Equal("c.yaml", problem.File);
        Assert.True(problem.Line >= 2);
    }

    [Fact]
    public void Parse_SeveralMistakes_ReportsEveryOne()
    {
        var yaml = Minimal.Replace("techniques: [TEC-DAT-01]\n", "techniques: [TEC-X]\n", StringComparison.Ordinal)
            .Replace("category: data", "category: none", StringComparison.Ordinal)
            .Replace("checks: [GOV-RISK]", "checks: [GOV-Y]", StringComparison.Ordinal);
        var result = SecurityCatalogue.Parse(yaml, "c.yaml");
        Assert.True(result.Problems.Length >= 3, string.Join("\n", result.Problems));
    }
}
