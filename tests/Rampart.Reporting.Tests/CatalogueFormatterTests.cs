using System.Text.Json;
using Rampart.Catalogue;
using Rampart.Reporting.Catalogue;

namespace Rampart.Tests;

public sealed class CatalogueFormatterTests
{
    private static readonly SecurityCatalogue Catalogue = SecurityCatalogue.Default;

    [Fact]
    public void CatalogueMarkdown_CommittedDocs_AreUpToDate()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "catalogue.md"));
        Assert.True(committed == CatalogueMarkdown.Write(Catalogue), "docs/catalogue.md is stale: run 'dotnet run --project src/Rampart.Cli -- catalog docs --output docs/catalogue.md'");
    }

    [Fact]
    public void Query_RequirementsOfModelDevelopment_ReturnsThatStageOnly()
    {
        var items = new CatalogueQuery { Kind = CatalogueKind.Requirements, Stage = "model-development" }.Run(Catalogue).Cast<Requirement>().ToList();
        Assert.Equal(Catalogue.Requirements.Count(r => r.Stage == "model-development"), items.Count);
        Assert.All(items, r => Assert.Equal("model-development", r.Stage));
    }

    [Fact]
    public void Query_TechniquesByCategoryAndSearch_Filters()
    {
        var items = new CatalogueQuery { Kind = CatalogueKind.Techniques, Category = "platform", Search = "FUZZY" }.Run(Catalogue).Cast<Technique>().ToList();
        Assert.Equal("Fuzzy testing", Assert.Single(items).Title);
    }

    [Theory]
    [InlineData(CatalogueKind.Objectives, "deployment", null, null, "--stage applies to threats, techniques and requirements.")]
    [InlineData(CatalogueKind.Threats, null, "ai-developer", null, "--role applies to requirements.")]
    [InlineData(CatalogueKind.Requirements, "deploy", null, null, "Did you mean 'deployment'?")]
    [InlineData(CatalogueKind.Techniques, null, null, "algoritm", "Did you mean 'algorithm'?")]
    public void Validate_BadFilter_ExplainsIt(CatalogueKind kind, string? stage, string? role, string? category, string message)
    {
        var problems = new CatalogueQuery { Kind = kind, Stage = stage, Role = role, Category = category }.Validate(Catalogue);
        Assert.Contains(message, Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatList_Json_HasEveryThreatWithProvenance()
    {
        var items = new CatalogueQuery { Kind = CatalogueKind.Threats }.Run(Catalogue);
        using var doc = JsonDocument.Parse(CatalogueFormatter.FormatList(Catalogue, CatalogueKind.Threats, items, "json"));
        Assert.Equal(Catalogue.Threats.Length, doc.RootElement.GetProperty("count").GetInt32());
        var first = doc.RootElement.GetProperty("items")[0];
        Assert.Equal("THR-001", first.GetProperty("id").GetString());
        Assert.True(first.GetProperty("provenance").GetArrayLength() >= 1);
        Assert.Equal("dataset", first.GetProperty("asset_kinds")[0].GetString());
    }

    [Fact]
    public void FormatList_Csv_QuotesPerRfc4180()
    {
        var items = new CatalogueQuery { Kind = CatalogueKind.Objectives }.Run(Catalogue);
        var csv = CatalogueFormatter.FormatList(Catalogue, CatalogueKind.Objectives, items, "csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,title,description", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal("\"a,\"\"b\"\"\"", CatalogueFormatter.CsvField("a,\"b\""));
        Assert.Equal("plain", CatalogueFormatter.CsvField("plain"));
    }

    [Fact]
    public void FormatItem_Threat_ShowsBothProvenancesAndReferences()
    {
        var text = CatalogueFormatter.FormatItem(Catalogue, Catalogue.Find("THR-001")!, "text");
        Assert.Contains("TR Table 1: \"Training data poisoning\"", text, StringComparison.Ordinal);
        Assert.Contains("X.sr-ai clause 7: \"Training data poisoning\"", text, StringComparison.Ordinal);
        Assert.Contains("AML.T0020", text, StringComparison.Ordinal);
    }
}
