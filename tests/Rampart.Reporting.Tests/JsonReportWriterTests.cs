using System.Text.Json;
using Rampart.Assessments;
using Rampart.Reporting.Json;

namespace Rampart.Tests;

public sealed class JsonReportWriterTests
{
    [Fact]
    public async Task Write_SampleAssessment_HasSchemaRegisterAndCoverage()
    {
        using var folder = new TempFolder();
        var (assessment, _) = await SampleAssessment.CreateAsync(folder, gate: "model-design");
        var json = JsonReportWriter.Write(assessment);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("rampart-report", root.GetProperty("schema").GetString());
        Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
        var a = root.GetProperty("assessment");
        Assert.Equal("2026-11-30T12:00:00+00:00", a.GetProperty("startedAt").GetString());
        Assert.True(a.GetProperty("riskRegister").GetProperty("entries").GetArrayLength() > 0);
        Assert.True(a.GetProperty("coverage").GetArrayLength() > 0);
        Assert.Equal("high", a.GetProperty("findings")[0].GetProperty("severity").GetString());
        Assert.Contains(a.GetProperty("coverage").EnumerateArray(), c => c.GetProperty("state").GetString() == "not-implemented");
        Assert.False(a.GetProperty("gate").GetProperty("allowed").GetBoolean());
        Assert.True(a.GetProperty("policyFailed").GetBoolean());
    }

    [Fact]
    public async Task Read_WrittenReport_RoundTrips()
    {
        using var folder = new TempFolder();
        var (assessment, _) = await SampleAssessment.CreateAsync(folder);
        var back = JsonReportWriter.Read(JsonReportWriter.Write(assessment)).Assessment;
        Assert.Equal(assessment.Findings.Select(f => f.Fingerprint), back.Findings.Select(f => f.Fingerprint));
        Assert.Equal(assessment.Coverage.Select(c => (c.RequirementId, c.State)), back.Coverage.Select(c => (c.RequirementId, c.State)));
        Assert.Equal(assessment.RiskRegister.Entries.Select(e => e.ResidualLevel), back.RiskRegister.Entries.Select(e => e.ResidualLevel));
    }

    [Fact]
    public async Task Write_UndefinedMeasurement_IsWrittenAsNaNString()
    {
        using var folder = new TempFolder();
        var (assessment, _) = await SampleAssessment.CreateAsync(folder);
        var withNaN = assessment with
        {
            Measurements = [.. assessment.Measurements, new Rampart.Checks.Measurement { CheckId = "X", Metric = "m", Value = double.NaN, Verdict = Rampart.Checks.Verdict.Undefined, Reason = "no data" }],
        };
        Assert.Contains("\"value\": \"NaN\"", JsonReportWriter.Write(withNaN), StringComparison.Ordinal);
        Assert.True(double.IsNaN(JsonReportWriter.Read(JsonReportWriter.Write(withNaN)).Assessment.Measurements[^1].Value));
    }

    [Fact]
    public void Read_NotAReport_Throws() => Assert.ThrowsAny<JsonException>(() => JsonReportWriter.Read("[1,2]"));

    [Fact]
    public async Task Write_CoverageStates_AreKebabCase()
    {
        using var folder = new TempFolder();
        var (assessment, _) = await SampleAssessment.CreateAsync(folder);
        var json = JsonReportWriter.Write(assessment);
        Assert.DoesNotContain("\"NotImplemented\"", json, StringComparison.Ordinal);
        Assert.Equal(CoverageState.NotImplemented, JsonReportWriter.Read(json).Assessment.Coverage.First(c => c.RequirementId == "REQ-PLN-03").State);
    }
}
