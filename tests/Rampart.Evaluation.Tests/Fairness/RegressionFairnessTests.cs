using System.Collections.Immutable;
using Rampart.Evaluation.Fairness;
using static Rampart.Evaluation.Fairness.FairnessMetricNames;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class RegressionFairnessTests
{
    private static readonly SensitiveFeature Groups = SensitiveFeature.FromValues("g", ["a", "a", "b", "b"]);

    [Fact]
    public void Evaluate_HandComputed_GroupErrorsAndGaps()
    {
        // Residuals ŷ - y: a = [1, -3], b = [2, 2].
        var input = RegressionFairnessInput.Create([10, 10, 5, 5], [11, 7, 7, 7], [Groups]).Value!;
        var report = RegressionFairnessEvaluator.Evaluate(input, new FairnessOptions { BootstrapSamples = 0 }).Value!;
        var grouping = report.Grouping("g");
        var a = grouping.Group("a");
        var b = grouping.Group("b");
        Assert.Equal(2.0, a.MeanAbsoluteError.Value, 12);
        Assert.Equal(Math.Sqrt(5), a.RootMeanSquaredError.Value, 12);
        Assert.Equal(-1.0, a.MeanResidual.Value, 12);
        Assert.Equal(2.0, b.MeanAbsoluteError.Value, 12);
        Assert.Equal(2.0, b.RootMeanSquaredError.Value, 12);
        Assert.Equal(2.0, b.MeanResidual.Value, 12);
        Assert.Equal(0.0, grouping.Aggregate(MeanAbsoluteErrorDifference).Value, 12);
        Assert.Equal(Math.Sqrt(5) - 2, grouping.Aggregate(RootMeanSquaredErrorDifference).Value, 12);
        Assert.Equal(3.0, grouping.Aggregate(MeanResidualDifference).Value, 12);
        Assert.Equal(2.0, report.Overall.MeanAbsoluteError.Value, 12);
        Assert.Equal(0.5, report.Overall.MeanResidual.Value, 12);
        Assert.Empty(report.Verdicts);
        Assert.Equal(2, report.Warnings.Length);
    }

    [Fact]
    public void Evaluate_PolicyGapThreshold_Verdict()
    {
        var input = RegressionFairnessInput.Create([10, 10, 5, 5], [11, 7, 7, 7], [Groups]).Value!;
        var options = new FairnessOptions
        {
            BootstrapSamples = 0,
            Thresholds = ImmutableDictionary<string, double>.Empty.Add("fairness.mean_residual_difference", 1.0),
        };
        var report = RegressionFairnessEvaluator.Evaluate(input, options).Value!;
        var verdict = Assert.Single(report.Verdicts);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
        Assert.False(report.Passed);
    }

    [Fact]
    public void Evaluate_Bootstrap_SeededAndContainsPoint()
    {
        var random = new Random(8);
        var rows = 600;
        var yTrue = Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 10).ToArray();
        var group = Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? "a" : "b").ToArray();
        var yPred = yTrue.Select((y, i) => y + (random.NextDouble() - (group[i] == "a" ? 0.3 : 0.5))).ToArray();
        var input = RegressionFairnessInput.Create(yTrue, yPred, [SensitiveFeature.FromValues("g", group)]).Value!;
        var first = RegressionFairnessEvaluator.Evaluate(input, new FairnessOptions { BootstrapSamples = 300, Seed = 2 }).Value!;
        var second = RegressionFairnessEvaluator.Evaluate(input, new FairnessOptions { BootstrapSamples = 300, Seed = 2 }).Value!;
        var gap = first.Grouping("g").Aggregate(MeanResidualDifference);
        Assert.Equal(gap.Interval, second.Grouping("g").Aggregate(MeanResidualDifference).Interval);
        Assert.InRange(gap.Value, gap.Interval!.Lower, gap.Interval.Upper);
        Assert.InRange(gap.Value, 0.1, 0.3);
    }

    [Fact]
    public void Create_NonFiniteAndMismatch_ProblemsNameFields()
    {
        var result = RegressionFairnessInput.Create([1, double.NaN, 3, 4], [1, 2, 3], [Groups]);
        Assert.False(result.IsValid);
        Assert.Equal(["y_true", "y_pred"], result.Problems.Select(p => p.Field!).ToArray());
        Assert.Contains("Row index 1 holds NaN", result.Problems[0].Message, StringComparison.Ordinal);
        var infinite = RegressionFairnessInput.Create([1, 2, 3, 4], [1, 2, double.PositiveInfinity, 4], [Groups]);
        Assert.Equal("y_pred", Assert.Single(infinite.Problems).Field);
    }
}
