using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class VerdictsTests
{
    private static ThresholdVerdict Check(ThresholdDirection direction, double threshold, double value, double lower, double upper)
    {
        var rule = new ThresholdRule { Key = "fairness.x", Metric = "x", Direction = direction };
        var estimate = new MetricEstimate
        {
            Name = "x",
            Value = value,
            Interval = new ConfidenceInterval { Lower = lower, Upper = upper, Level = 0.95, Replicates = 100, DefinedReplicates = 100 },
        };
        return Verdicts.Check(rule, threshold, false, "g", estimate);
    }

    [Theory]
    [InlineData(ThresholdDirection.AtMost, 0.1, 0.05, 0.0, 0.09, VerdictOutcome.Pass, true)]
    [InlineData(ThresholdDirection.AtMost, 0.1, 0.05, 0.0, 0.2, VerdictOutcome.Pass, false)]
    [InlineData(ThresholdDirection.AtMost, 0.1, -0.3, -0.5, -0.2, VerdictOutcome.Fail, true)]
    [InlineData(ThresholdDirection.AtMost, 0.1, -0.3, -0.5, 0.5, VerdictOutcome.Fail, false)] // both ends fail, but 0 is inside
    [InlineData(ThresholdDirection.AtMost, 0.1, 0.3, 0.2, 0.4, VerdictOutcome.Fail, true)]
    [InlineData(ThresholdDirection.AtLeast, 0.8, 0.9, 0.85, 0.95, VerdictOutcome.Pass, true)]
    [InlineData(ThresholdDirection.AtLeast, 0.8, 0.7, 0.6, 0.85, VerdictOutcome.Fail, false)]
    [InlineData(ThresholdDirection.Within, 0.8, 1.1, 0.9, 1.2, VerdictOutcome.Pass, true)]
    [InlineData(ThresholdDirection.Within, 0.8, 1.5, 1.3, 1.7, VerdictOutcome.Fail, true)]
    [InlineData(ThresholdDirection.Within, 0.8, 0.5, 0.3, 1.7, VerdictOutcome.Fail, false)]
    public void Check_IntervalAgainstThreshold_OutcomeAndAgreement(ThresholdDirection direction, double threshold, double value, double lower, double upper, VerdictOutcome outcome, bool agrees)
    {
        var verdict = Check(direction, threshold, value, lower, upper);
        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(agrees, verdict.IntervalAgrees);
    }

    [Fact]
    public void Check_NoInterval_AgreementUnknown()
    {
        var rule = new ThresholdRule { Key = "fairness.x", Metric = "x", Direction = ThresholdDirection.AtMost };
        var verdict = Verdicts.Check(rule, 0.1, true, "g", new MetricEstimate { Name = "x", Value = 0.2 });
        Assert.Null(verdict.IntervalAgrees);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
    }
}
