using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Evaluation.Checks;
using Rampart.ML.Training;
using Rampart.Tests;

namespace Rampart.Evaluation.Tests.Checks;

public sealed class FairnessCheckTests
{
    private static string Manifest(string policy = "", string model = "path: model/m.onnx", string sensitive = "[g]") => $"""
        rampart: 1
        system: {"{"} name: s, owner: o, stage: model-development, criticality: medium {"}"}
        assets:
          models:
            - id: m
              {model}
          datasets:
            - id: test
              path: data/test.csv
              role: test
              label: y
              sensitive: {sensitive}
        {policy}
        """;

    private static SystemFixture Fixture(string csv)
    {
        var fx = new SystemFixture();
        fx.Write("data/test.csv", csv);
        Directory.CreateDirectory(Path.Combine(fx.Path, "model"));
        File.WriteAllBytes(Path.Combine(fx.Path, "model", "m.onnx"), FairnessTestData.ThresholdModel());
        return fx;
    }

    private static async Task<CheckResult> RunAsync(SystemFixture fx, string manifest, int seed = 7)
    {
        var context = fx.Context(fx.Manifest(manifest)) with { Seed = seed };
        return await new FairnessCheck().RunAsync(context, CancellationToken.None);
    }

    [Fact]
    public async Task RunAsync_BiasedModel_FailsBothDefaultThresholdsWithExactRatesAndIntervals()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var result = await RunAsync(fx, Manifest());

        var failed = result.Findings.Where(f => f.RuleId == "RMP-FR-001").ToList();
        Assert.Equal(2, failed.Count);
        Assert.Equal(2, result.Findings.Length);
        Assert.All(failed, f => Assert.Equal(Severity.Medium, f.Severity)); // built-in defaults, not the policy's
        Assert.All(failed, f => Assert.Equal(["THR-008"], f.Threats.ToArray()));
        var dp = Assert.Single(failed, f => f.Evidence["threshold_key"] == "fairness.demographic_parity_difference");
        Assert.Contains("g: demographic_parity_difference is 0.45 (95% CI ", dp.Message, StringComparison.Ordinal);
        Assert.Contains("favourable class '1' of 'y' (most frequent class)", dp.Message, StringComparison.Ordinal);
        Assert.Contains("selection_rate by group: a 0.8 [", dp.Message, StringComparison.Ordinal);
        Assert.Contains("(n=40); b 0.35 [", dp.Message, StringComparison.Ordinal);
        Assert.Equal("rampart.yaml", dp.Location.File);
        Assert.Equal("m on test: g", dp.Location.Logical);
        var di = Assert.Single(failed, f => f.Evidence["threshold_key"] == "fairness.disparate_impact_ratio");
        Assert.Contains("demographic_parity_ratio is 0.4375 (95% CI ", di.Message, StringComparison.Ordinal);

        var measured = result.Measurements.ToDictionary(m => (m.Metric, m.Subject));
        var difference = measured[("fairness.g.demographic_parity_difference", "m on test")];
        Assert.Equal(0.45, difference.Value, 12);
        Assert.Equal(0.1, difference.Threshold);
        Assert.Equal(Verdict.Fail, difference.Verdict);
        Assert.True(difference.Lower < 0.45 && difference.Upper > 0.45, $"{difference.Lower} to {difference.Upper}");
        Assert.Equal(0.8, measured[("fairness.g.selection_rate", "m on test: a")].Value, 12);
        Assert.Equal(0.35, measured[("fairness.g.selection_rate", "m on test: b")].Value, 12);
        Assert.Equal(1, measured[("fairness.evaluations", null)].Value);

        var chart = Assert.Single(result.Charts);
        Assert.Equal(("fairness.m.test.g", ChartKind.Bar, "Selection rate by g: m on test"), (chart.Id, chart.Kind, chart.Title));
        var bars = chart.Series.Single().Points;
        Assert.Equal(["a (n=40)", "b (n=40)"], bars.Select(p => p.Label!).ToArray());
        Assert.Equal([0.8, 0.35], bars.Select(p => Math.Round(p.Y, 12)).ToArray());
        Assert.Equal(measured[("fairness.g.selection_rate", "m on test: a")].Lower, bars[0].Lower);
    }

    [Fact]
    public async Task RunAsync_ManifestNamesTheFavourableClass_SelectionRatesAreOfThatClass()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var result = await RunAsync(fx, Manifest().Replace("label: y\n", "label: y\n      favourable: \"0\"\n", StringComparison.Ordinal));

        var dp = Assert.Single(result.Findings, f => f.RuleId == "RMP-FR-001" && f.Evidence["threshold_key"] == "fairness.demographic_parity_difference");
        Assert.Contains("favourable class '0' of 'y' (given)", dp.Message, StringComparison.Ordinal);
        var measured = result.Measurements.ToDictionary(m => (m.Metric, m.Subject));
        Assert.Equal(0.2, measured[("fairness.g.selection_rate", "m on test: a")].Value, 12);
        Assert.Equal(0.65, measured[("fairness.g.selection_rate", "m on test: b")].Value, 12);
    }

    [Fact]
    public async Task RunAsync_FavourableClassTheModelDoesNotHave_ImpossibleNamingIt()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var result = await RunAsync(fx, Manifest().Replace("label: y\n", "label: y\n      favourable: approved\n", StringComparison.Ordinal));

        var impossible = Assert.Single(result.Findings);
        Assert.Equal("RMP-FR-003", impossible.RuleId);
        Assert.Contains("approved", impossible.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PolicyThreshold_SeverityIsFailOnAndOtherThresholdsFollowPolicy()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var policy = """
            policy:
              fail_on: critical
              thresholds:
                fairness.demographic_parity_difference: 0.5
                fairness.equal_opportunity_difference: 0.1
            """;
        var result = await RunAsync(fx, Manifest(policy));

        var failed = result.Findings.Where(f => f.RuleId == "RMP-FR-001").ToDictionary(f => f.Evidence["threshold_key"]);
        Assert.Equal(["fairness.disparate_impact_ratio", "fairness.equal_opportunity_difference"], failed.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(Severity.Critical, failed["fairness.equal_opportunity_difference"].Severity);
        Assert.Equal("policy", failed["fairness.equal_opportunity_difference"].Evidence["threshold_source"]);
        Assert.Equal(Severity.Medium, failed["fairness.disparate_impact_ratio"].Severity);

        // TPR a = 28/30, b = 12/24: the difference is 13/30.
        Assert.Contains("true_positive_rate by group: a 0.9333 [", failed["fairness.equal_opportunity_difference"].Message, StringComparison.Ordinal);
        var passing = Assert.Single(result.Measurements, m => m.Metric == "fairness.g.demographic_parity_difference");
        Assert.Equal(Verdict.Pass, passing.Verdict);
        Assert.Equal(13.0 / 30, Assert.Single(result.Measurements, m => m.Metric == "fairness.g.equal_opportunity_difference").Value, 12);
    }

    [Fact]
    public async Task RunAsync_FairModel_NoFindingsAndPassingMeasurements()
    {
        using var fx = Fixture(FairnessTestData.FairCsv());
        var result = await RunAsync(fx, Manifest());
        Assert.Empty(result.Findings);
        Assert.All(result.Measurements.Where(m => m.Threshold is not null), m => Assert.Equal(Verdict.Pass, m.Verdict));
        Assert.Equal(0, Assert.Single(result.Measurements, m => m.Metric == "fairness.g.demographic_parity_difference").Value, 12);
    }

    [Fact]
    public async Task RunAsync_SameSeed_SameIntervals_OtherSeed_OtherIntervals()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var a = await RunAsync(fx, Manifest(), seed: 3);
        var b = await RunAsync(fx, Manifest(), seed: 3);
        var c = await RunAsync(fx, Manifest(), seed: 4);
        static double?[] Bounds(CheckResult r) => [.. r.Measurements.SelectMany(m => new[] { m.Lower, m.Upper })];
        Assert.Equal(Bounds(a), Bounds(b));
        Assert.NotEqual(Bounds(a), Bounds(c));
        Assert.Equal(a.Findings.Select(f => f.Message), b.Findings.Select(f => f.Message));
    }

    [Fact]
    public async Task RunAsync_SmallGroupsAndIntersection_WarnLowPerGroup()
    {
        // Group c has 6 rows (2 with y = 1, 4 with y = 0): small-group and few-positives and few-negatives.
        using var fx = Fixture(FairnessTestData.Csv(("a", new FairnessTestData.Cells(28, 2, 4, 6)), ("b", new FairnessTestData.Cells(28, 2, 4, 6)), ("c", new FairnessTestData.Cells(1, 1, 2, 2))));
        var result = await RunAsync(fx, Manifest());
        var warnings = result.Findings.Where(f => f.RuleId == "RMP-FR-002").ToList();
        Assert.Equal(["few-negatives", "few-positives", "small-group"], warnings.Select(w => w.Evidence["warning"]).Order(StringComparer.Ordinal).ToArray());
        Assert.All(warnings, w => Assert.Equal(Severity.Low, w.Severity));
        Assert.All(warnings, w => Assert.Equal("m on test: g: c", w.Location.Logical));
        Assert.Contains("Group 'c' of g has 6 rows (fewer than 30)", warnings.Single(w => w.Evidence["warning"] == "small-group").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DataHasTwoNumericColumnsForOneInput_ImpossibleNamingTheColumns()
    {
        using var fx = Fixture("x,w,g,y\n1,5,a,1\n0,5,a,0\n1,5,b,1\n0,5,b,1\n");
        var result = await RunAsync(fx, Manifest());
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-FR-003", finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Contains("The data gives 2 feature(s) ('x', 'w'); the model 'model/m.onnx' takes 1", finding.Message.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal("model", finding.Evidence["field"]);
        Assert.DoesNotContain(result.Measurements, m => m.Metric.StartsWith("fairness.g.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TrainedModelAndDataMissingItsColumn_ImpossibleNamingTheColumn()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var train = fx.Write("data/train.csv", FairnessTestData.BiasedCsv());
        var trained = await ModelTraining.TrainAsync(new TrainRequest { DataPath = train, Label = "y", Sensitive = ["g"], Kind = ModelKind.LogisticRegression, Seed = 1, TestFraction = 0 }, CancellationToken.None);
        Assert.True(trained.IsValid, string.Join("; ", trained.Problems));
        File.WriteAllBytes(Path.Combine(fx.Path, "model", "m.onnx"), trained.Value!.Onnx);

        // The trained model reads 'x' through its feature map; the test data calls it 'xx'.
        fx.Write("data/test.csv", FairnessTestData.BiasedCsv().Replace("x,g,y", "xx,g,y", StringComparison.Ordinal));
        var result = await RunAsync(fx, Manifest());
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-FR-003", finding.RuleId);
        Assert.Contains("The column 'x' the feature map was fitted with is not in the data. Did you mean 'xx'?", finding.Message, StringComparison.Ordinal);
        Assert.Equal("x", finding.Evidence["field"]);
    }

    [Fact]
    public async Task RunAsync_TrainedModelOnMatchingData_EvaluatesThroughItsFeatureMap()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var train = fx.Write("data/train.csv", FairnessTestData.BiasedCsv());
        var trained = await ModelTraining.TrainAsync(new TrainRequest { DataPath = train, Label = "y", Sensitive = ["g"], Kind = ModelKind.LogisticRegression, Seed = 1, TestFraction = 0 }, CancellationToken.None);
        File.WriteAllBytes(Path.Combine(fx.Path, "model", "m.onnx"), trained.Value!.Onnx);

        // x alone separates the classes as the crafted model does, so the trained model predicts 1 exactly when x = 1.
        var result = await RunAsync(fx, Manifest());
        Assert.Equal(0.45, Assert.Single(result.Measurements, m => m.Metric == "fairness.g.demographic_parity_difference").Value, 12);
    }

    [Fact]
    public async Task RunAsync_UnknownPolicyKey_ImpossibleWithSuggestion()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var result = await RunAsync(fx, Manifest("policy:\n  thresholds:\n    fairness.demographic_parity_diference: 0.1"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-FR-003", finding.RuleId);
        Assert.Contains("policy.thresholds.fairness.demographic_parity_diference: 'fairness.demographic_parity_diference' is not a fairness threshold. Did you mean 'fairness.demographic_parity_difference'?", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PickleModel_LowFindingNoEvaluation()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        fx.Write("model/m.pkl", "not a model");
        var result = await RunAsync(fx, Manifest(model: "path: model/m.pkl"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("RMP-FR-003", Severity.Low), (finding.RuleId, finding.Severity));
        Assert.Contains("only ONNX models are evaluated", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CorruptOnnx_ImpossibleMedium()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        fx.Write("model/m.onnx", "not protobuf at all");
        var result = await RunAsync(fx, Manifest());
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("RMP-FR-003", Severity.Medium), (finding.RuleId, finding.Severity));
        Assert.Contains("the model cannot be loaded", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoTestDatasetWithSensitiveColumns_NothingToDo()
    {
        using var fx = Fixture(FairnessTestData.BiasedCsv());
        var result = await RunAsync(fx, Manifest(sensitive: "[]"));
        Assert.Empty(result.Findings);
        Assert.Empty(result.Measurements);
    }

    [Fact]
    public void Descriptor_TechniqueThreatAndRules_AreInTheCatalogue()
    {
        var descriptor = new FairnessCheck().Descriptor;
        var catalogue = SecurityCatalogue.Default;
        Assert.Equal("FAIRNESS", descriptor.Id);
        Assert.Contains(catalogue.Checks, c => c.Id == descriptor.Id);
        Assert.All(descriptor.Techniques, t => Assert.Contains(catalogue.Techniques, x => x.Id == t));
        Assert.All(descriptor.Threats, t => Assert.Contains(catalogue.Threats, x => x.Id == t));
        Assert.Equal(["RMP-FR-001", "RMP-FR-002", "RMP-FR-003", "RMP-FR-004"], descriptor.Rules.Select(r => r.Id).ToArray());
    }
}
