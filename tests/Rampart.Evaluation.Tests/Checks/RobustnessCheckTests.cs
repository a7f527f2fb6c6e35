using System.Globalization;
using System.Text;
using Rampart.Checks;
using Rampart.Evaluation.Checks;
using Rampart.ML.Onnx;
using Rampart.Tests;

namespace Rampart.Evaluation.Tests.Checks;

public sealed class RobustnessCheckTests
{
    /// <summary>x values: the two rows 0.05 from the boundary at 0.5 are the only ones any attack can flip at ε = 0.1.</summary>
    private static readonly double[] Xs = [0.0, 0.1, 0.2, 0.3, 0.45, 0.55, 0.7, 0.8, 0.9, 1.0];

    private static string Manifest(string policy = "", string extra = "") => $"""
        rampart: 1
        system: {"{"} name: s, owner: o, stage: model-development, criticality: medium {"}"}
        assets:
          models:
            - id: m
              path: model/m.onnx
          datasets:
            - id: test
              path: data/test.csv
              role: test
              label: y
              {extra}
        {policy}
        """;

    /// <summary>Class "1" exactly when x &gt; 0.5: logits (0, 20x − 10), then Softmax. <paramref name="differentiable"/> false puts Neg(Neg(x)) in front, which has no derivative in the runtime.</summary>
    private static byte[] StepModel(bool differentiable = true)
    {
        var builder = new OnnxModelBuilder("step")
            .AddInput("input", OnnxDataType.Float, null, 1)
            .AddInitializer("w", [0f, 20f], 2, 1)
            .AddInitializer("b", [0f, -10f], 2);
        var input = "input";
        if (!differentiable)
        {
            builder = builder.AddNode("Neg", ["input"], ["n1"]).AddNode("Neg", ["n1"], ["n2"]);
            input = "n2";
        }

        return builder
            .AddNode("Gemm", [input, "w", "b"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
            .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
            .AddOutput("probabilities", OnnxDataType.Float, null, 2)
            .AddMetadata("rampart.class_labels", "0,1")
            .ToBytes();
    }

    private static SystemFixture Fixture(bool differentiable = true)
    {
        var fx = new SystemFixture();
        var csv = new StringBuilder("x,y\n");
        foreach (var x in Xs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{x},{(x > 0.5 ? 1 : 0)}\n");
        }

        fx.Write("data/test.csv", csv.ToString());
        Directory.CreateDirectory(Path.Combine(fx.Path, "model"));
        File.WriteAllBytes(Path.Combine(fx.Path, "model", "m.onnx"), StepModel(differentiable));
        return fx;
    }

    private static async Task<CheckResult> RunAsync(SystemFixture fx, string manifest) =>
        await new RobustnessCheck().RunAsync(fx.Context(fx.Manifest(manifest)) with { Seed = 3 }, CancellationToken.None);

    [Fact]
    public async Task RunAsync_TwoRowsWithinTheBudget_DropOfExactlyTwoTenthsIsAMediumFinding()
    {
        using var fx = Fixture();
        var result = await RunAsync(fx, Manifest("policy: { thresholds: { robustness.max_corruption_drop: 1 } }"));

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-RB-001", finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity); // the built-in limit, not the policy's
        Assert.Equal(["THR-013", "THR-006"], finding.Threats.ToArray());
        Assert.Contains("at ε=0.1 the accuracy falls from 1 to 0.8, a drop of 0.2 (95% interval 0.0567 to 0.5098) above the default limit of 0.1", finding.Message, StringComparison.Ordinal);
        Assert.Contains("10 of 10 rows", finding.Message, StringComparison.Ordinal);
        Assert.Equal("0.2", finding.Evidence["drop"]);
        Assert.Equal(Confidence.Medium, finding.Confidence); // 2 of 10 rows: the Wilson interval 0.0567 to 0.5098 reaches below 0.1
        Assert.Equal("0.0567 to 0.5098 (95% Wilson, share of rows the attack turned wrong)", finding.Evidence["interval"]);
        Assert.Equal("m on test: ε=0.1", finding.Location.Logical);

        var drop = Assert.Single(result.Measurements, m => m.Metric == "robustness.accuracy_drop");
        Assert.Equal(0.2, drop.Value, 12);
        Assert.Equal(0.1, drop.Threshold);
        Assert.Equal(Verdict.Fail, drop.Verdict);
        Assert.Equal(Rampart.Evaluation.Statistics.WilsonInterval.Of(2, 10), (drop.Lower!.Value, drop.Upper!.Value));
        Assert.Equal(1, Assert.Single(result.Measurements, m => m.Metric == "robustness.clean_accuracy").Value);
        foreach (var attack in new[] { "fgsm", "pgd", "hopskipjump", "square" })
        {
            Assert.Equal(0.8, Assert.Single(result.Measurements, m => m.Metric == $"robustness.{attack}.accuracy" && m.Subject == "m on test: ε=0.1").Value, 12);
        }

        var chart = Assert.Single(result.Charts);
        Assert.Equal(ChartKind.Line, chart.Kind);
        Assert.Equal("robustness.m.test", chart.Id);
        Assert.Equal(["FGSM", "PGD", "HopSkipJump", "Square", "worst case"], chart.Series.Select(s => s.Name).ToArray());
        var worst = chart.Series[^1].Points;
        Assert.Equal([0, 0.05, 0.1, 0.2, 0.3, 0.5, 1], worst.Select(p => p.X).ToArray());
        Assert.Equal(1, worst[0].Y);
        Assert.Equal(0.8, worst[2].Y, 12);
        Assert.Contains("the data's raw values", chart.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PolicyLimits_SeverityIsFailOnOrNoFinding()
    {
        using var fx = Fixture();
        var strict = await RunAsync(fx, Manifest("policy: { fail_on: critical, thresholds: { robustness.max_accuracy_drop: 0.1, robustness.max_corruption_drop: 1 } }"));
        Assert.Equal(Severity.Critical, Assert.Single(strict.Findings).Severity);
        Assert.Equal("policy", strict.Findings[0].Evidence["threshold_source"]);

        var lenient = await RunAsync(fx, Manifest("policy: { thresholds: { robustness.max_accuracy_drop: 0.25, robustness.max_corruption_drop: 1 } }"));
        Assert.Empty(lenient.Findings);
        Assert.Equal(Verdict.Pass, Assert.Single(lenient.Measurements, m => m.Metric == "robustness.accuracy_drop").Verdict);

        // A smaller budget is added to the grid and the verdict is taken there: at 0.01 nothing is within reach.
        var small = await RunAsync(fx, Manifest("policy: { thresholds: { robustness.epsilon: 0.01, robustness.max_corruption_drop: 1 } }"));
        Assert.Empty(small.Findings);
        var drop = Assert.Single(small.Measurements, m => m.Metric == "robustness.accuracy_drop");
        Assert.Equal("m on test: ε=0.01", drop.Subject);
        Assert.Equal(0, drop.Value);
    }

    [Fact]
    public async Task RunAsync_ImmutableColumn_NoAttackOrCorruptionChangesIt()
    {
        using var fx = Fixture();
        var result = await RunAsync(fx, Manifest("policy: { thresholds: { robustness.max_corruption_drop: 0 } }", "immutable: [x]"));
        Assert.Empty(result.Findings);
        Assert.All(result.Measurements.Where(m => m.Metric.EndsWith(".accuracy", StringComparison.Ordinal)), m => Assert.Equal(1, m.Value));
        Assert.Equal(0, Assert.Single(result.Measurements, m => m.Metric == "robustness.natural.accuracy_drop").Value);
    }

    [Fact]
    public async Task RunAsync_StrictCorruptionLimit_FindingExactlyWhenTheMeasuredDropExceedsIt()
    {
        using var fx = Fixture();
        var result = await RunAsync(fx, Manifest("policy: { thresholds: { robustness.max_corruption_drop: 0, robustness.max_accuracy_drop: 1 } }"));
        var drop = Assert.Single(result.Measurements, m => m.Metric == "robustness.natural.accuracy_drop");
        Assert.Equal(0, drop.Threshold);
        var findings = result.Findings.Where(f => f.RuleId == "RMP-RB-002").ToList();
        Assert.Equal(drop.Value > 0 ? 1 : 0, findings.Count);
        Assert.All(findings, f => Assert.Contains("above the policy's limit of 0", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ModelWithoutGradients_LowFindingAndBlackBoxCurvesOnly()
    {
        using var fx = Fixture(differentiable: false);
        var result = await RunAsync(fx, Manifest("policy: { thresholds: { robustness.max_corruption_drop: 1, robustness.max_accuracy_drop: 1 } }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-RB-004", finding.RuleId);
        Assert.Equal(Severity.Low, finding.Severity);
        Assert.Contains("FGSM and PGD: white-box attacks need input gradients", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Neg", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["HopSkipJump", "Square", "worst case"], Assert.Single(result.Charts).Series.Select(s => s.Name).ToArray());
    }

    [Theory]
    [InlineData("robustness.epsilom: 0.2", "policy.thresholds.robustness.epsilom", "Did you mean 'robustness.epsilon'?")]
    [InlineData("robustness.epsilon: -1", "policy.thresholds.robustness.epsilon", "-1 is not a budget")]
    [InlineData("robustness.max_accuracy_drop: 2", "policy.thresholds.robustness.max_accuracy_drop", "2 is not an accuracy drop")]
    public async Task RunAsync_BadPolicyThreshold_OneFindingNamingItAndDefaultsUsed(string threshold, string field, string message)
    {
        using var fx = Fixture();
        var result = await RunAsync(fx, Manifest($"policy: {{ thresholds: {{ {threshold}, robustness.max_corruption_drop: 1 }} }}"));
        var bad = Assert.Single(result.Findings, f => f.RuleId == "RMP-RB-003");
        Assert.Equal(field, bad.Evidence["field"]);
        Assert.Contains(message, bad.Message, StringComparison.Ordinal);
        Assert.Single(result.Findings, f => f.RuleId == "RMP-RB-001"); // evaluated with the defaults
    }

    [Fact]
    public async Task RunAsync_DataColumnTheModelCannotTake_ImpossibleNamingIt()
    {
        using var fx = Fixture();
        fx.Write("data/test.csv", "x,colour,y\n0.1,red,0\n0.9,blue,1\n");
        var result = await RunAsync(fx, Manifest());
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-RB-003", finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal("colour", finding.Evidence["field"]);
        Assert.StartsWith("Model 'm' cannot be evaluated for robustness on 'test': the model and the data do not fit together.", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoLabelledTestDataset_NothingToDo()
    {
        using var fx = Fixture();
        var result = await RunAsync(fx, Manifest().Replace("label: y", string.Empty, StringComparison.Ordinal));
        Assert.Same(CheckResult.Empty, result);
    }
}
