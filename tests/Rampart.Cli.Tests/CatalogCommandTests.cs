using System.Text.Json;
using Rampart.Catalogue;

namespace Rampart.Tests;

public sealed class CatalogCommandTests
{
    [Fact]
    public async Task Threats_Json_ListsEveryThreatOfBothSeeds()
    {
        var (exit, output, _) = await CliRunner.RunAsync("catalog", "threats", "--format", "json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(SecurityCatalogue.Default.Threats.Length, items.Count);
        var names = items.SelectMany(i => i.GetProperty("provenance").EnumerateArray()).Select(p => (p.GetProperty("source").GetString(), p.GetProperty("name").GetString())).ToList();
        Assert.Equal(24, names.Count(n => n.Item1 == "tr"));
        Assert.Equal(13, names.Count(n => n.Item1 == "xsrai"));
    }

    [Fact]
    public async Task Requirements_ModelDevelopmentJson_ListsThatStageWithRoleAndLevel()
    {
        var (exit, output, _) = await CliRunner.RunAsync("catalog", "requirements", "--stage", "model-development", "--format", "json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(SecurityCatalogue.Default.Requirements.Count(r => r.Stage == "model-development"), items.Count);
        Assert.All(items, i =>
        {
            Assert.Equal("model-development", i.GetProperty("stage").GetString());
            Assert.Contains(i.GetProperty("role").GetString(), new[] { "ai-developer", "ai-data-scientist" });
            Assert.Contains(i.GetProperty("level").GetString(), new[] { "required", "recommended" });
        });
    }

    [Theory]
    [InlineData("techniques", "--category", "platform", "csv", "TEC-PLT-04,Model file verification,platform")]
    [InlineData("objectives", "--search", "traceab", "markdown", "| OBJ-06 | Incident traceability |")]
    [InlineData("stages", "--search", "retire", "text", "retirement")]
    [InlineData("roles", "--search", "assessor", "text", "third-party-assessor")]
    public async Task List_FilterAndFormat_PrintsMatchingRows(string kind, string option, string value, string format, string expected)
    {
        var (exit, output, _) = await CliRunner.RunAsync("catalog", kind, option, value, "--format", format);
        Assert.Equal(0, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Requirement_PrintsStatementQuoteAndLinks()
    {
        var (exit, output, _) = await CliRunner.RunAsync("catalog", "show", "REQ-DEV-01");
        Assert.Equal(0, exit);
        Assert.Contains("Developers are required to check for security threats and vulnerabilities in the open-source libraries they are using.", output, StringComparison.Ordinal);
        Assert.Contains("Role:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_SuggestsTheClosest()
    {
        var (exit, _, error) = await CliRunner.RunAsync("catalog", "show", "THR-0001");
        Assert.Equal(1, exit);
        Assert.Contains("No catalogue item has the id 'THR-0001'. Did you mean 'THR-001'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FilterThatDoesNotApply_IsAUsageError()
    {
        var (exit, output, error) = await CliRunner.RunAsync("catalog", "roles", "--category", "data");
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("--category applies to techniques.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownFormat_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("catalog", "threats", "--format", "xml");
        Assert.Equal(1, exit);
        Assert.Contains("xml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_Checks_AreExactlyTheCataloguesChecks()
    {
        var catalogue = SecurityCatalogue.Default;
        var checks = Rampart.Cli.Registry.Checks();
        Assert.Equal(catalogue.Checks.Select(c => c.Id).Order(), checks.Select(c => c.Descriptor.Id).Order());
        Assert.All(checks, c => Assert.All(c.Descriptor.Techniques, t => Assert.NotNull(catalogue.Find<Technique>(t))));
        Assert.All(checks, c => Assert.All(c.Descriptor.Threats, t => Assert.NotNull(catalogue.Find<Threat>(t))));
        var rules = checks.SelectMany(c => c.Descriptor.Rules).Select(r => r.Id).ToList();
        Assert.Equal(rules.Count, rules.Distinct().Count());
    }
}
