using System.Text.Json;
using Rampart.Reporting.Sarif;

namespace Rampart.Tests;

public sealed class SarifReportWriterTests
{
    [Fact]
    public async Task Write_SampleAssessment_IsStructurallyValidSarif210()
    {
        using var folder = new TempFolder();
        var (assessment, catalogue) = await SampleAssessment.CreateAsync(folder);
        using var doc = JsonDocument.Parse(SarifReportWriter.Write(assessment, catalogue));
        var root = doc.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal(SarifReportWriter.SchemaUri, root.GetProperty("$schema").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var ruleIds = rules.Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ruleIds.Distinct().Count(), ruleIds.Count);
        Assert.All(rules, r => Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" }));

        var taxonomy = Assert.Single(run.GetProperty("taxonomies").EnumerateArray());
        var taxa = taxonomy.GetProperty("taxa").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
        Assert.Equal(catalogue.Threats.Length + catalogue.Requirements.Length, taxa.Count);

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(assessment.Findings.Length, results.Count);
        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            Assert.Equal(32, result.GetProperty("partialFingerprints").GetProperty("rampartFingerprint/v1").GetString()!.Length);
            if (result.TryGetProperty("taxa", out var refs))
            {
                foreach (var taxon in refs.EnumerateArray())
                {
                    Assert.Equal(taxon.GetProperty("id").GetString(), taxa[taxon.GetProperty("index").GetInt32()]);
                }
            }

            var location = Assert.Single(result.GetProperty("locations").EnumerateArray());
            if (location.TryGetProperty("physicalLocation", out var physical))
            {
                var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                Assert.False(Path.IsPathRooted(uri), uri);
                Assert.Equal("SYSTEMROOT", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            }
        }
    }

    [Fact]
    public async Task Write_ChangedAssetFinding_PointsAtTheFileWithLevelError()
    {
        using var folder = new TempFolder();
        var (assessment, catalogue) = await SampleAssessment.CreateAsync(folder);
        using var doc = JsonDocument.Parse(SarifReportWriter.Write(assessment, catalogue));
        var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == "RMP-GOV-011");
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal("data/train.csv", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Contains(result.GetProperty("taxa").EnumerateArray(), t => t.GetProperty("id").GetString() == "THR-025");
    }

    [Fact]
    public async Task Write_SameInputs_IsByteIdentical()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var first = await SampleAssessment.CreateAsync(a);
        var second = await SampleAssessment.CreateAsync(b);
        Assert.Equal(SarifReportWriter.Write(first.Assessment, first.Catalogue), SarifReportWriter.Write(second.Assessment, second.Catalogue));
    }
}
