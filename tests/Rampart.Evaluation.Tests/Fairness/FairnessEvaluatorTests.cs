using System.Collections.Immutable;
using Rampart.Evaluation.Fairness;
using static Rampart.Evaluation.Fairness.FairnessMetricNames;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class FairnessEvaluatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Evaluate_E1GroupRates_MatchReference()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options());
        var grouping = report.Grouping("group");
        var a = grouping.Group("a");
        var b = grouping.Group("b");
        Assert.Equal(new ConfusionCounts(1, 1, 1, 1), a.Counts);
        Assert.Equal(new ConfusionCounts(2, 2, 0, 0), b.Counts);
        Assert.Equal(0.5, a.SelectionRate.Value, Tolerance);
        Assert.Equal(1.0, b.SelectionRate.Value, Tolerance);
        Assert.Equal(0.5, a.TruePositiveRate.Value, Tolerance);
        Assert.Equal(1.0, b.TruePositiveRate.Value, Tolerance);
        Assert.Equal(0.5, a.FalsePositiveRate.Value, Tolerance);
        Assert.Equal(1.0, b.FalsePositiveRate.Value, Tolerance);
        Assert.Equal(0.5, a.FalseNegativeRate.Value, Tolerance);
        Assert.Equal(0.0, b.FalseNegativeRate.Value, Tolerance);
        Assert.Equal(0.5, a.TrueNegativeRate.Value, Tolerance);
        Assert.Equal(0.0, b.TrueNegativeRate.Value, Tolerance);
        Assert.Equal(0.5, a.PositivePredictiveValue.Value, Tolerance);
        Assert.Equal(0.5, b.PositivePredictiveValue.Value, Tolerance);
        Assert.Equal(0.5, a.NegativePredictiveValue.Value, Tolerance);
        Assert.False(b.NegativePredictiveValue.IsDefined);
        Assert.Contains("no rows predicted 0", b.NegativePredictiveValue.UndefinedReason, StringComparison.Ordinal);
        Assert.Equal(0.5, a.Accuracy.Value, Tolerance);
        Assert.Equal(0.5, b.Accuracy.Value, Tolerance);
        Assert.Equal(0.5, a.BaseRate.Value, Tolerance);
        Assert.Equal(0.5, a.ErrorRate.Value, Tolerance);
        Assert.Equal(0.75, report.Overall.SelectionRate.Value, Tolerance);

        // Against the privileged group b: Aequitas's pprev disparity 0.5 (E4), SPD and EOpD of a alone -0.5.
        Assert.Equal([0.5, -0.5, -0.5], a.ComparedWithPrivileged.Select(m => m.Value).ToArray());
        Assert.Empty(report.Overall.ComparedWithPrivileged);
    }

    [Theory]
    [InlineData(DemographicParityDifference, 0.5)]
    [InlineData(DemographicParityRatio, 0.5)]
    [InlineData(DemographicParityDifferenceToOverall, 0.25)]
    [InlineData(DemographicParityRatioToOverall, 2.0 / 3)]
    [InlineData(EqualizedOddsDifference, 0.5)]
    [InlineData(EqualizedOddsDifferenceMean, 0.5)]
    [InlineData(EqualizedOddsRatio, 0.5)]
    [InlineData(EqualizedOddsRatioMean, 0.5)]
    [InlineData(EqualOpportunityDifference, 0.5)]
    [InlineData(EqualOpportunityRatio, 0.5)]
    [InlineData(AccuracyDifference, 0.0)]
    [InlineData(Aif360StatisticalParityDifference, -0.5)]
    [InlineData(Aif360DisparateImpact, 0.5)]
    [InlineData(Aif360EqualOpportunityDifference, -0.5)]
    [InlineData(Aif360AverageOddsDifference, -0.5)]
    [InlineData(Aif360AverageAbsOddsDifference, 0.5)]
    [InlineData(Aif360EqualizedOddsDifference, 0.5)]
    [InlineData(Aif360ErrorRateDifference, 0.0)]
    [InlineData(Aif360ErrorRateRatio, 1.0)]
    [InlineData(TheilIndex, 0.192745)]
    [InlineData(GeneralizedEntropyIndex, 0.14)]
    [InlineData(CoefficientOfVariation, 0.529150)]
    public void Evaluate_E1Aggregates_MatchFairlearnAndAif360(string name, double expected)
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options());
        var estimate = report.Grouping("group").Aggregate(name);
        Assert.True(estimate.IsDefined, estimate.UndefinedReason);
        Assert.Equal(expected, estimate.Value, 6);
    }

    [Fact]
    public void Evaluate_E2InequalityIndices_MatchClosedForms()
    {
        // b = [1,0,2,1,1,1,2,2], μ = 1.25.
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options());
        var grouping = report.Grouping("group");
        var theil = ((4 * 0.8 * Math.Log(0.8)) + (3 * 1.6 * Math.Log(1.6))) / 8;
        Assert.Equal(theil, grouping.Aggregate(TheilIndex).Value, Tolerance);
        Assert.Equal(0.14, grouping.Aggregate(GeneralizedEntropyIndex).Value, Tolerance);
        Assert.Equal(Math.Sqrt(0.28), grouping.Aggregate(CoefficientOfVariation).Value, Tolerance);

        // Group means of b: a = (1+0+2+1)/4 = 1, b = (1+1+2+2)/4 = 1.5; μ = 1.25.
        double[] x = [1 / 1.25, 1.5 / 1.25];
        var between2 = ((4 * ((x[0] * x[0]) - 1)) + (4 * ((x[1] * x[1]) - 1))) / (8 * 2 * 1);
        var between1 = ((4 * x[0] * Math.Log(x[0])) + (4 * x[1] * Math.Log(x[1]))) / 8;
        Assert.Equal(between2, grouping.Aggregate(BetweenGroupGeneralizedEntropyIndex).Value, Tolerance);
        Assert.Equal(between1, grouping.Aggregate(BetweenGroupTheilIndex).Value, Tolerance);
        Assert.Equal(Math.Sqrt(2 * between2), grouping.Aggregate(BetweenGroupCoefficientOfVariation).Value, Tolerance);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(-1)]
    public void Evaluate_GeneralizedEntropyAlpha_MatchesDefinition(double alpha)
    {
        // No false negatives, so every b > 0 and GE is finite for any α: b = [1,1,2,1,1,1,2,2].
        var input = FairnessInput.Create([1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 1, 0, 1, 1, 1, 1], [FairnessFixtures.E1Group()]).Value!;
        var report = FairnessFixtures.Evaluate(input, new FairnessOptions { BootstrapSamples = 0, GeneralizedEntropyAlpha = alpha });
        double[] b = [1, 1, 2, 1, 1, 1, 2, 2];
        var mu = b.Average();
        var expected = b.Sum(v => Math.Pow(v / mu, alpha) - 1) / (b.Length * alpha * (alpha - 1));
        Assert.Equal(expected, report.Grouping("group").Aggregate(GeneralizedEntropyIndex).Value, Tolerance);
    }

    [Fact]
    public void Evaluate_GeneralizedEntropyAlphaZeroWithFalseNegative_IsUndefinedWithReason()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options() with { GeneralizedEntropyAlpha = 0 });
        var ge = report.Grouping("group").Aggregate(GeneralizedEntropyIndex);
        Assert.False(ge.IsDefined);
        Assert.Contains("infinite", ge.UndefinedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_E3E4AequitasAndAiVerifyQuantities_MatchReference()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options());
        var grouping = report.Grouping("group");
        var a = grouping.Group("a");
        var b = grouping.Group("b");

        // E3: AI Verify's equal selection parity is a raw count difference; disparate impact 0.5.
        Assert.Equal(2, Math.Abs(a.Counts.PredictedPositives - b.Counts.PredictedPositives));
        Assert.Equal(0.5, grouping.Aggregate(Aif360DisparateImpact).Value, Tolerance);

        // E4: Aequitas pprev = selection rate, ppr = share of predicted positives; disparity vs b = 0.5 is outside [0.8, 1.25].
        Assert.Equal(2.0 / 6, a.PredictedPositiveShare.Value, Tolerance);
        Assert.Equal(4.0 / 6, b.PredictedPositiveShare.Value, Tolerance);
        var disparity = a.SelectionRate.Value / b.SelectionRate.Value;
        Assert.Equal(0.5, disparity, Tolerance);
        var verdict = report.Verdicts.Single(v => v.Key == FairnessThresholds.DisparateImpactRatio);
        Assert.Equal(VerdictOutcome.Fail, verdict.Outcome);
    }

    [Fact]
    public void Evaluate_ThreeGroups_EachComparedWithPrivileged()
    {
        // Selection rates: x 1/2, y 1/4, z 1/1; privileged y. TPRs: x 1/1, y 1/2, z undefined (no y = 1).
        int[] yTrue = [1, 0, 1, 1, 0, 0, 0];
        int[] yPred = [1, 0, 1, 0, 0, 0, 1];
        var feature = SensitiveFeature.FromValues("g", ["x", "x", "y", "y", "y", "y", "z"]);
        var options = new FairnessOptions { BootstrapSamples = 0, PrivilegedGroups = ImmutableDictionary<string, string>.Empty.Add("g", "y") };
        var grouping = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [feature]).Value!, options).Grouping("g");
        double[] Compared(string group) => [.. grouping.Group(group).ComparedWithPrivileged.Select(m => m.Value)];
        Assert.Equal([2.0, 0.25, 0.5], Compared("x"));
        Assert.Equal([1.0, 0.0, 0.0], Compared("y"));
        var z = grouping.Group("z").ComparedWithPrivileged;
        Assert.Equal(4.0, z[0].Value, Tolerance);
        Assert.Equal(0.75, z[1].Value, Tolerance);
        Assert.False(z[2].IsDefined);
        Assert.Equal("The true positive rate of group 'z' is undefined: it has no rows with y = 1.", z[2].UndefinedReason);
        Assert.Equal(
            [SelectionRateRatioToPrivileged, SelectionRateDifferenceToPrivileged, TruePositiveRateDifferenceToPrivileged],
            z.Select(m => m.Name).ToArray());

        // AIF360 pools x and z against y: x selects 1 of 2 and z 1 of 1, so 2/3 against 1/4.
        Assert.Equal((2.0 / 3) - 0.25, grouping.Aggregate(Aif360StatisticalParityDifference).Value, Tolerance);
    }

    [Fact]
    public void Evaluate_GroupWithoutPositives_ReportsUndefinedRatesNotZero()
    {
        // Group c has only y = 0 rows: its TPR and FNR are undefined, and equal opportunity leaves it out with a note.
        int[] yTrue = [1, 0, 1, 0, 0, 0];
        int[] yPred = [1, 0, 0, 1, 1, 0];
        var feature = SensitiveFeature.FromValues("g", ["a", "a", "b", "b", "c", "c"]);
        var report = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [feature]).Value!, new FairnessOptions { BootstrapSamples = 0 });
        var grouping = report.Grouping("g");
        var c = grouping.Group("c");
        Assert.True(double.IsNaN(c.TruePositiveRate.Value));
        Assert.True(double.IsNaN(c.FalseNegativeRate.Value));
        Assert.Equal("Group 'c' has no rows with y = 1.", c.TruePositiveRate.UndefinedReason);
        Assert.Equal(0.5, c.FalsePositiveRate.Value, Tolerance);

        var eo = grouping.Aggregate(EqualOpportunityDifference);
        Assert.Equal(1.0, eo.Value, Tolerance);
        Assert.Contains("'c'", eo.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TprDefinedInOneGroupOnly_AggregateUndefinedWithReason()
    {
        int[] yTrue = [1, 0, 0, 0];
        int[] yPred = [1, 0, 1, 0];
        var feature = SensitiveFeature.FromValues("g", ["a", "a", "b", "b"]);
        var report = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [feature]).Value!, new FairnessOptions { BootstrapSamples = 0 });
        var grouping = report.Grouping("g");
        foreach (var name in new[] { EqualOpportunityDifference, EqualOpportunityRatio, EqualizedOddsDifference, EqualizedOddsRatio })
        {
            var estimate = grouping.Aggregate(name);
            Assert.False(estimate.IsDefined, name);
            Assert.Contains("defined in 1 group", estimate.UndefinedReason, StringComparison.Ordinal);
        }

        // The largest group is a tie, so the first ('a') is privileged; the unprivileged rows have no y = 1.
        Assert.Equal("a", grouping.PrivilegedGroup);
        Assert.Equal("largest group", grouping.PrivilegedChosenBy);
        Assert.Contains("unprivileged", grouping.Aggregate(Aif360EqualOpportunityDifference).UndefinedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NobodySelected_RatiosUndefined()
    {
        int[] yTrue = [1, 0, 1, 0];
        int[] yPred = [0, 0, 0, 0];
        var feature = SensitiveFeature.FromValues("g", ["a", "a", "b", "b"]);
        var report = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [feature]).Value!, new FairnessOptions { BootstrapSamples = 0 });
        var grouping = report.Grouping("g");
        Assert.Equal(0, grouping.Aggregate(DemographicParityDifference).Value);
        Assert.False(grouping.Aggregate(DemographicParityRatio).IsDefined);
        Assert.False(grouping.Aggregate(Aif360DisparateImpact).IsDefined);
        Assert.False(grouping.Group("a").PredictedPositiveShare.IsDefined);
        var verdict = report.Verdicts.Single(v => v.Key == FairnessThresholds.DisparateImpactRatio);
        Assert.Equal(VerdictOutcome.Undefined, verdict.Outcome);
    }

    [Fact]
    public void Evaluate_TwoFeatures_AddsIntersectionWithCrossedGroups()
    {
        int[] yTrue = [1, 0, 1, 0, 1, 0, 1, 1];
        int[] yPred = [1, 0, 0, 0, 1, 1, 1, 0];
        var sex = SensitiveFeature.FromValues("sex", ["F", "F", "F", "F", "M", "M", "M", "M"]);
        var age = SensitiveFeature.FromValues("age", ["old", "young", "old", "young", "old", "old", "old", "old"]);
        var options = new FairnessOptions
        {
            BootstrapSamples = 0,
            PrivilegedGroups = ImmutableDictionary<string, string>.Empty.Add("sex", "M").Add("age", "old"),
        };
        var report = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [sex, age]).Value!, options);
        Assert.Equal(["sex", "age", "sex & age"], report.Groupings.Select(g => g.Name));
        var cross = report.Grouping("sex & age");
        Assert.Equal(["F & old", "F & young", "M & old"], cross.Groups.Select(g => g.Group));
        Assert.Equal(["M", "old"], cross.Group("M & old").Values.ToArray());
        Assert.Equal("M & old", cross.PrivilegedGroup);
        Assert.Equal("given", cross.PrivilegedChosenBy);

        // F & old: rows 0, 2 -> SR 0.5; F & young: rows 1, 3 -> SR 0; M & old: rows 4-7 -> SR 0.75.
        Assert.Equal(0.5, cross.Group("F & old").SelectionRate.Value, Tolerance);
        Assert.Equal(0.0, cross.Group("F & young").SelectionRate.Value, Tolerance);
        Assert.Equal(0.75, cross.Group("M & old").SelectionRate.Value, Tolerance);
        Assert.Equal(0.75, cross.Aggregate(DemographicParityDifference).Value, Tolerance);
        Assert.Equal(0.0, cross.Aggregate(DemographicParityRatio).Value, Tolerance);

        // AIF360 pools every non-privileged row: F rows select 1 of 4 against 3 of 4.
        Assert.Equal(0.25 - 0.75, cross.Aggregate(Aif360StatisticalParityDifference).Value, Tolerance);
        Assert.Equal(3, report.Verdicts.Count(v => v.Key == FairnessThresholds.DemographicParityDifference));
    }

    [Fact]
    public void Evaluate_IntersectionOff_OnlySingleFeatures()
    {
        var (yTrue, yPred, sex, age) = FairnessFixtures.Synthetic(200, 1);
        var input = FairnessInput.Create(yTrue, yPred, [SensitiveFeature.FromValues("sex", sex), SensitiveFeature.FromValues("age", age)]).Value!;
        var report = FairnessFixtures.Evaluate(input, new FairnessOptions { BootstrapSamples = 0, IncludeIntersection = false });
        Assert.Equal(["sex", "age"], report.Groupings.Select(g => g.Name));
    }

    [Fact]
    public void Evaluate_Scores_CalibrationBinsAndExpectedError()
    {
        int[] yTrue = [1, 0, 1, 1, 0, 0];
        int[] yPred = [1, 0, 1, 1, 1, 0];
        double[] scores = [0.95, 0.05, 0.7, 1.0, 0.55, 0.15];
        var feature = SensitiveFeature.FromValues("g", ["a", "a", "a", "b", "b", "b"]);
        var report = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [feature], scores).Value!, new FairnessOptions { BootstrapSamples = 0, CalibrationBins = 2 });
        var a = report.Grouping("g").Group("a");

        // Group a: bin [0, .5) holds 0.05 (y 0); bin [.5, 1] holds 0.95 and 0.7 (y 1, 1).
        Assert.Equal(2, a.Calibration.Length);
        Assert.Equal(1, a.Calibration[0].Count);
        Assert.Equal(0.05, a.Calibration[0].MeanScore, Tolerance);
        Assert.Equal(0.0, a.Calibration[0].ObservedRate, Tolerance);
        Assert.Equal(0.825, a.Calibration[1].MeanScore, Tolerance);
        Assert.Equal(1.0, a.Calibration[1].ObservedRate, Tolerance);
        Assert.Equal(((1 * 0.05) + (2 * 0.175)) / 3, a.ExpectedCalibrationError!.Value, Tolerance);

        // Score 1.0 falls in the last bin.
        var b = report.Grouping("g").Group("b");
        Assert.Equal(2, b.Calibration[1].Count);
        Assert.Equal(6, report.Overall.Calibration.Sum(bin => bin.Count));
    }

    [Fact]
    public void Evaluate_NoScores_NoCalibration()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options());
        Assert.Empty(report.Overall.Calibration);
        Assert.Null(report.Grouping("group").Group("a").ExpectedCalibrationError);
    }
}
