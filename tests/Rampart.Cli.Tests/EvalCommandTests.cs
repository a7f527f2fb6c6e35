using System.Text.Json;

namespace Rampart.Tests;

public sealed class EvalCommandTests
{
    private static (TempFolder Folder, string Model, string Data) Files(string csv)
    {
        var folder = new TempFolder();
        var data = folder.Write("test.csv", csv);
        var model = Path.Combine(folder.Path, "m.onnx");
        File.WriteAllBytes(model, FairnessTestData.ThresholdModel());
        return (folder, model, data);
    }

    [Fact]
    public async Task EvalFairness_BiasedModel_TextWithExactGroupRatesAndExit2()
    {
        var (folder, model, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--favourable", "1", "--bootstrap", "0");
        Assert.True(exit == 2, $"exit {exit}: {stderr}");
        Assert.Contains("80 rows, label 'y', favourable class '1' (given)", stdout, StringComparison.Ordinal);
        Assert.Contains("No confidence intervals (--bootstrap 0).", stdout, StringComparison.Ordinal);
        var lines = stdout.Split('\n');

        // a: TP 28, FN 2, FP 4, TN 6; b: TP 12, FN 12, FP 2, TN 14.
        Assert.Contains("  a" + new string(' ', 11) + "40  0.8             0.9333  0.4", lines);
        Assert.Contains("  b" + new string(' ', 11) + "40  0.35            0.5     0.125", lines);
        Assert.Contains(lines, l => l.StartsWith("  demographic_parity_difference ", StringComparison.Ordinal) && l.EndsWith(" 0.45", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  equal_opportunity_difference ", StringComparison.Ordinal) && l.EndsWith(" 0.4333", StringComparison.Ordinal));
        Assert.Contains("  FAIL   g: demographic_parity_ratio is 0.4375; fails fairness.disparate_impact_ratio (default: at least 0.8).", lines);
        Assert.Contains("Result: FAIL: 2 of 2 verdict(s) failed.", lines);
    }

    [Fact]
    public async Task EvalFairness_DefaultFavourableAndIntervals_MostFrequentClassWithBootstrapIntervals()
    {
        var (folder, model, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var (exit, stdout, _) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--seed", "5");
        Assert.Equal(2, exit);
        Assert.Contains("favourable class '1' (most frequent class; choose with --favourable)", stdout, StringComparison.Ordinal);
        Assert.Contains("Intervals: 95% percentile bootstrap, 1000 replicates stratified by group, seed 5", stdout, StringComparison.Ordinal);
        Assert.Matches(@"g: demographic_parity_difference is 0\.45 \(95% CI 0\.\d+ to 0\.\d+\); fails", stdout);
        var again = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--seed", "5");
        Assert.Equal(stdout, again.Out);
    }

    [Fact]
    public async Task EvalFairness_FairData_Exit0()
    {
        var (folder, model, data) = Files(FairnessTestData.FairCsv());
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.EndsWith("Result: PASS: 2 verdict(s), none failed.\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalFairness_ThresholdOption_AddsVerdictAndOverridesDefault()
    {
        var (folder, model, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var (exit, stdout, _) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--bootstrap", "0",
            "--threshold", "fairness.demographic_parity_difference=0.5", "fairness.disparate_impact_ratio=0.4");
        Assert.Equal(0, exit);
        Assert.Contains("passes fairness.demographic_parity_difference (policy: at most 0.5 in size)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalFairness_Json_IsTheFairnessReport()
    {
        var (folder, model, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var (exit, stdout, _) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--format", "json", "--bootstrap", "0");
        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(stdout);
        var grouping = json.RootElement.GetProperty("groupings")[0];
        Assert.Equal("g", grouping.GetProperty("name").GetString());
        var a = grouping.GetProperty("groups")[0];
        Assert.Equal(28, a.GetProperty("counts").GetProperty("truePositives").GetInt32());
        Assert.Equal(0.8, a.GetProperty("metrics")[0].GetProperty("value").GetDouble(), 12);
        Assert.Equal("fail", json.RootElement.GetProperty("verdicts")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task EvalFairness_HtmlToFile_SelfContainedPage()
    {
        var (folder, model, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var page = Path.Combine(folder.Path, "out", "fairness.html");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--format", "html", "--output", page);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("Result: FAIL: 2 of 2 verdict(s) failed. Report written to", stderr, StringComparison.Ordinal);
        var html = File.ReadAllText(page);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<td>a</td><td class=\"n\">40</td><td>0.8 [", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalFairness_MisspelledColumns_Exit1WithSuggestions()
    {
        var (folder, model, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "yy", "--sensitive", "gg");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("label: The label column 'yy' is not in the header. Did you mean 'y'?", stderr, StringComparison.Ordinal);
        Assert.Contains("sensitive[0]: The sensitive column 'gg' is not in the header. Did you mean 'g'?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalFairness_DataColumnsDoNotFitModel_Exit1NamingTheColumns()
    {
        var (folder, model, data) = Files("x,w,g,y\n1,5,a,1\n0,5,a,0\n1,5,b,1\n0,5,b,1\n");
        using var _ = folder;
        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g");
        Assert.Equal(1, exit);
        Assert.Contains("model: The data gives 2 feature(s) ('x', 'w'); the model", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalFairness_BadFavourableAndPrivileged_Exit1()
    {
        var (folder, model, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var favourable = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--favourable", "yes");
        Assert.Equal(1, favourable.Exit);
        Assert.Contains("favourable_class: 'yes' is not one of the classes (0, 1).", favourable.Error, StringComparison.Ordinal);
        var privileged = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--privileged", "g=c");
        Assert.Equal(1, privileged.Exit);
        Assert.Contains("privileged_groups.g: 'c' is not a group of 'g'.", privileged.Error, StringComparison.Ordinal);
        var shape = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--privileged", "g");
        Assert.Equal(1, shape.Exit);
        Assert.Contains("--privileged: 'g' is not COLUMN=VALUE.", shape.Error, StringComparison.Ordinal);
        var key = await CliRunner.RunAsync("eval", "fairness", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--threshold", "fairness.equal_oportunity_difference=0.1");
        Assert.Equal(1, key.Exit);
        Assert.Contains("Did you mean 'fairness.equal_opportunity_difference'?", key.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalFairness_NotAModel_Exit1()
    {
        var (folder, _, data) = Files(FairnessTestData.BiasedCsv());
        using var _ = folder;
        var bogus = folder.Write("bogus.onnx", "no protobuf here");
        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "fairness", "--model", bogus, "--data", data, "--label", "y", "--sensitive", "g");
        Assert.Equal(1, exit);
        Assert.Contains("model: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalFairness_CreditExample_SensitiveColumnsFromFeatureMapAndAgeBandFails()
    {
        var example = Path.Combine(RepositoryRoot.Path, "examples", "credit-scoring");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "fairness", "--model", Path.Combine(example, "model", "credit-mlp.onnx"), "--data", Path.Combine(example, "data", "credit-test.csv"), "--label", "default", "--bootstrap", "100");
        Assert.True(exit == 2, $"exit {exit}: {stderr}");
        Assert.Contains("\nsex (privileged group: male, largest group)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  FAIL   age_band: demographic_parity_ratio is 0.7578 (95% CI ", stdout, StringComparison.Ordinal);
        Assert.Contains("  pass   sex: demographic_parity_ratio is 0.9931 (95% CI ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_CreditExample_ReportsPlantedAgeBiasWithIntervals()
    {
        var example = Path.Combine(RepositoryRoot.Path, "examples", "credit-scoring");
        var (exit, stdout, _) = await CliRunner.RunAsync("assess", example, "--format", "json", "--quiet");
        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(stdout);
        var findings = json.RootElement.GetProperty("assessment").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("checkId").GetString() == "FAIRNESS").ToList();
        Assert.Equal(6, findings.Count);
        Assert.All(findings, f => Assert.Equal("RMP-FR-001", f.GetProperty("ruleId").GetString()));
        Assert.All(findings, f => Assert.Contains("(95% CI ", f.GetProperty("message").GetString(), StringComparison.Ordinal));
        var groupings = findings.Select(f => f.GetProperty("location").GetProperty("logical").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["credit-mlp on credit-test: age_band", "credit-mlp on credit-test: sex & age_band"], groupings);
        Assert.Contains(findings, f => f.GetProperty("message").GetString()!.Contains("age_band: demographic_parity_ratio is 0.7578 (95% CI ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MitigateReweigh_HandComputedCase_WritesRowWeightsAndPrintsCells()
    {
        using var folder = new TempFolder();

        // y = [1,1,1,0,1,0,0,0], groups a = first four, b = last four (docs/evaluation.md).
        var data = folder.Write("d.csv", "g,y\na,1\na,1\na,1\na,0\nb,1\nb,0\nb,0\nb,0\n");
        var weights = Path.Combine(folder.Path, "w.csv");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("mitigate", "reweigh", "--data", data, "--label", "y", "--sensitive", "g", "--output", weights);
        Assert.True(exit == 0, stderr);
        Assert.Equal("g,label,count,expected_count,weight\na,0,1,2,2\na,1,3,2,0.6666666666666666\nb,0,3,2,0.6666666666666666\nb,1,1,2,2\n", stdout);
        Assert.Equal("row,weight\n1,0.6666666666666666\n2,0.6666666666666666\n3,0.6666666666666666\n4,2\n5,2\n6,0.6666666666666666\n7,0.6666666666666666\n8,0.6666666666666666\n", File.ReadAllText(weights));
        Assert.Contains("Wrote 8 row weights over 4 (group, label) cells", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MitigateReweigh_MisspelledSensitive_Exit1WithSuggestion()
    {
        using var folder = new TempFolder();
        var data = folder.Write("d.csv", "g,y\na,1\nb,0\n");
        var (exit, _, stderr) = await CliRunner.RunAsync("mitigate", "reweigh", "--data", data, "--label", "y", "--sensitive", "group", "--output", Path.Combine(folder.Path, "w.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("The sensitive column 'group' is not in the header.", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "w.csv")));
    }
}
