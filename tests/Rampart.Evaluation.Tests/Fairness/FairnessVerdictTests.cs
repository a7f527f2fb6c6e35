using System.Collections.Immutable;
using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class FairnessVerdictTests
{
    private static ImmutableSortedDictionary<string, double> Thresholds(params (string Key, double Value)[] pairs) =>
        pairs.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public void Evaluate_DefaultThresholds_FourFifthsAndParityDifferenceFailOnE1()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options());
        Assert.Equal(2, report.Verdicts.Length);
        var di = report.Verdicts.Single(v => v.Key == "fairness.disparate_impact_ratio");
        Assert.Equal(FairnessMetricNames.DemographicParityRatio, di.Metric);
        Assert.Equal(0.8, di.Threshold);
        Assert.True(di.IsDefault);
        Assert.Equal(ThresholdDirection.AtLeast, di.Direction);
        Assert.Equal(VerdictOutcome.Fail, di.Outcome);
        var dpd = report.Verdicts.Single(v => v.Key == "fairness.demographic_parity_difference");
        Assert.Equal(0.1, dpd.Threshold);
        Assert.Equal(VerdictOutcome.Fail, dpd.Outcome);
        Assert.Contains("group: demographic_parity_difference is 0.5; fails fairness.demographic_parity_difference (default: at most 0.1 in size)", dpd.Message, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public void Evaluate_PolicyOverridesDefaults_PassesLooserThresholds()
    {
        var options = FairnessFixtures.E1Options() with
        {
            Thresholds = Thresholds(("fairness.demographic_parity_difference", 0.6), ("fairness.disparate_impact_ratio", 0.5), ("accuracy.min", 0.9)),
        };
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), options);
        Assert.Equal(2, report.Verdicts.Length);
        Assert.All(report.Verdicts, v => Assert.Equal(VerdictOutcome.Pass, v.Outcome));
        Assert.All(report.Verdicts, v => Assert.False(v.IsDefault));
        Assert.True(report.Passed);
    }

    [Fact]
    public void Evaluate_ExtraPolicyKeys_AddVerdicts()
    {
        var options = FairnessFixtures.E1Options() with
        {
            Thresholds = Thresholds(("fairness.equal_opportunity_difference", 0.1), ("fairness.aif360.disparate_impact", 0.8), ("fairness.aif360.statistical_parity_difference", 0.6)),
        };
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), options);
        Assert.Equal(5, report.Verdicts.Length);
        Assert.Equal(VerdictOutcome.Fail, report.Verdicts.Single(v => v.Key == "fairness.equal_opportunity_difference").Outcome);
        var di = report.Verdicts.Single(v => v.Key == "fairness.aif360.disparate_impact");
        Assert.Equal(ThresholdDirection.Within, di.Direction);
        Assert.Equal(VerdictOutcome.Fail, di.Outcome);

        // The signed SPD of -0.5 is within 0.6 in size.
        Assert.Equal(VerdictOutcome.Pass, report.Verdicts.Single(v => v.Key == "fairness.aif360.statistical_parity_difference").Outcome);
    }

    [Fact]
    public void Evaluate_UnknownOrBadThresholds_ProblemsNameEveryKey()
    {
        var options = new FairnessOptions
        {
            Thresholds = Thresholds(("fairness.demographic_parity_diference", 0.1), ("fairness.disparate_impact_ratio", 1.5), ("fairness.theil_index", -1)),
        };
        var result = FairnessEvaluator.Evaluate(FairnessFixtures.E1Input(), options);
        Assert.False(result.IsValid);
        Assert.Equal(3, result.Problems.Length);
        Assert.Contains(result.Problems, p => p.Field == "policy.thresholds.fairness.demographic_parity_diference" && p.Message.Contains("Did you mean 'fairness.demographic_parity_difference'", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Field == "policy.thresholds.fairness.disparate_impact_ratio" && p.Message.Contains("at most 1", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Field == "policy.thresholds.fairness.theil_index");
    }

    [Fact]
    public void Evaluate_IntervalStraddlesThreshold_FlaggedUncertain()
    {
        // Two groups of 40 with selection rates 0.5 and 0.6: DPD 0.1 exactly at the threshold, with a wide interval.
        var yPred = Enumerable.Range(0, 40).Select(i => i < 20 ? 1 : 0).Concat(Enumerable.Range(0, 40).Select(i => i < 24 ? 1 : 0)).ToArray();
        var yTrue = yPred.Select((p, i) => i % 3 == 0 ? 1 - p : p).ToArray();
        var group = SensitiveFeature.FromValues("g", [.. Enumerable.Repeat("a", 40), .. Enumerable.Repeat("b", 40)]);
        var report = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [group]).Value!, new FairnessOptions { Seed = 3 });
        var verdict = report.Verdicts.Single(v => v.Key == FairnessThresholds.DemographicParityDifference);
        Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
        Assert.False(verdict.IntervalAgrees);
        Assert.Contains("uncertain", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_EveryAggregate_HasAKey()
    {
        var keys = FairnessThresholds.Rules.Select(r => r.Key).ToHashSet();
        Assert.Contains("fairness.disparate_impact_ratio", keys);
        Assert.Contains("fairness.equalized_odds_ratio", keys);
        Assert.Contains("fairness.mean_absolute_error_difference", keys);
        Assert.Equal(2, FairnessThresholds.Rules.Count(r => r.Default is not null));
        Assert.Equal(ThresholdDirection.AtLeast, FairnessThresholds.Rules.Single(r => r.Key == "fairness.equal_opportunity_ratio").Direction);
    }
}
