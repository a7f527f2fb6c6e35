using Rampart.Reporting.Html;
using Rampart.Reporting.Markdown;
using Rampart.Reporting.Text;

namespace Rampart.Tests;

public sealed class HtmlAndMarkdownReportTests
{
    [Fact]
    public async Task Html_SampleAssessment_IsSelfContainedWithChartsAndEscaping()
    {
        using var folder = new TempFolder();
        var (assessment, catalogue) = await SampleAssessment.CreateAsync(folder, gate: "model-design");
        var html = HtmlReportWriter.Write(assessment, catalogue);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(html, "<svg "));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.Contains("sample &lt;b&gt;&amp;amp; system&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>&amp; system</b>", html, StringComparison.Ordinal);
        Assert.Contains("Statement of applicability", html, StringComparison.Ordinal);
        Assert.Equal(catalogue.Techniques.Length, catalogue.Techniques.Count(t => html.Contains($"<td>{t.Id} ", StringComparison.Ordinal)));
        Assert.Contains("Stage gate: model-design", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeatMap_CellCounts_SumToRegisterSize()
    {
        using var folder = new TempFolder();
        var (assessment, _) = await SampleAssessment.CreateAsync(folder);
        var svg = SvgCharts.HeatMap(assessment.RiskRegister);
        Assert.Equal(25, CountOf(svg, "<rect "));
        var numbers = System.Text.RegularExpressions.Regex.Matches(svg, "font-weight=\"bold\" fill=\"#fff\">(\\d+)<").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Sum();
        Assert.Equal(assessment.RiskRegister.Entries.Length, numbers);
    }

    [Fact]
    public async Task Markdown_SampleAssessment_HasEverySectionAndEscapesPipes()
    {
        using var folder = new TempFolder();
        var (assessment, catalogue) = await SampleAssessment.CreateAsync(folder, gate: "model-design");
        var md = MarkdownReportWriter.Write(assessment, catalogue);
        foreach (var heading in new[] { "## Findings", "## Risk register", "## Requirement coverage", "## Stage gate: model-design", "## Statement of applicability", "## Checks" })
        {
            Assert.Contains(heading, md, StringComparison.Ordinal);
        }

        Assert.Equal(@"a \| b", MarkdownReportWriter.Cell("a | b"));
    }

    [Fact]
    public async Task Text_SampleAssessment_EndsWithVerdict()
    {
        using var folder = new TempFolder();
        var (assessment, catalogue) = await SampleAssessment.CreateAsync(folder);
        var text = TextReportWriter.Write(assessment, catalogue);
        Assert.Contains("Result: FAIL:", text, StringComparison.Ordinal);
        Assert.Contains("RMP-GOV-011", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextReport_RuleIdsOfDifferentLengths_LocationsLineUp()
    {
        using var folder = new TempFolder();
        var (assessment, catalogue) = await SampleAssessment.CreateAsync(folder);
        var shorter = assessment.Findings.First(f => f.Location.File == "rampart.yaml" && f.Location.Line > 0) with { RuleId = "RMP-X-1" };
        var text = TextReportWriter.Write(assessment with { Findings = [shorter, .. assessment.Findings] }, catalogue);
        var lines = text.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains("RMP-", StringComparison.Ordinal) && l.Contains("rampart.yaml", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 2, text);
        Assert.Single(lines.Select(l => l.IndexOf("rampart.yaml", StringComparison.Ordinal)).Distinct());
        Assert.Contains(lines, l => l.Contains("RMP-X-1      rampart.yaml", StringComparison.Ordinal)); // padded to RMP-GOV-0xx's 11 characters, then two spaces
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
