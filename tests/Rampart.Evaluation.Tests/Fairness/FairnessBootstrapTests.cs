using Rampart.Evaluation.Fairness;
using static Rampart.Evaluation.Fairness.FairnessMetricNames;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class FairnessBootstrapTests
{
    private static FairnessInput SyntheticInput(int rows, int seed)
    {
        var (yTrue, yPred, sex, age) = FairnessFixtures.Synthetic(rows, seed);
        return FairnessInput.Create(yTrue, yPred, [SensitiveFeature.FromValues("sex", sex), SensitiveFeature.FromValues("age", age)]).Value!;
    }

    [Fact]
    public void Evaluate_SameSeed_SameIntervals()
    {
        var input = SyntheticInput(2000, 3);
        var first = FairnessFixtures.Evaluate(input, new FairnessOptions { Seed = 42 });
        var second = FairnessFixtures.Evaluate(input, new FairnessOptions { Seed = 42 });
        var other = FairnessFixtures.Evaluate(input, new FairnessOptions { Seed = 43 });
        var a = first.Grouping("sex").Aggregate(DemographicParityDifference).Interval!;
        var b = second.Grouping("sex").Aggregate(DemographicParityDifference).Interval!;
        var c = other.Grouping("sex").Aggregate(DemographicParityDifference).Interval!;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(first.Overall.SelectionRate.Interval, second.Overall.SelectionRate.Interval);
    }

    [Fact]
    public void Evaluate_AnotherFeatureAdded_IntervalsOfTheFirstUnchanged()
    {
        var (yTrue, yPred, sex, age) = FairnessFixtures.Synthetic(1000, 8);
        var sexFeature = SensitiveFeature.FromValues("sex", sex);
        var alone = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [sexFeature]).Value!, new FairnessOptions { Seed = 5 });
        var both = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, [SensitiveFeature.FromValues("age", age), sexFeature]).Value!, new FairnessOptions { Seed = 5 });
        Assert.Equal(
            alone.Grouping("sex").Aggregate(DemographicParityDifference).Interval,
            both.Grouping("sex").Aggregate(DemographicParityDifference).Interval);
    }

    [Fact]
    public void Evaluate_Bootstrap_IntervalsContainPointEstimates()
    {
        var report = FairnessFixtures.Evaluate(SyntheticInput(5000, 4), new FairnessOptions { Seed = 7 });
        var estimates = report.Groupings.SelectMany(g => g.Aggregates.Concat(g.Groups.SelectMany(x => x.Metrics.Concat(x.ComparedWithPrivileged)))).Concat(report.Overall.Metrics);
        foreach (var estimate in estimates.Where(e => e.IsDefined))
        {
            var ci = estimate.Interval;
            Assert.NotNull(ci);
            Assert.Equal(1000, ci.Replicates);
            Assert.Equal(0.95, ci.Level);
            Assert.True(ci.Lower <= estimate.Value && estimate.Value <= ci.Upper, $"{estimate.Name}: {estimate.Value} outside [{ci.Lower}, {ci.Upper}]");
        }

        // The intervals are not degenerate: the demographic parity difference of sex is uncertain to about ±0.03.
        var dpd = report.Grouping("sex").Aggregate(DemographicParityDifference).Interval!;
        Assert.InRange(dpd.Upper - dpd.Lower, 0.02, 0.1);
    }

    [Fact]
    public void Evaluate_ZeroBootstrapSamples_NoIntervals()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options(bootstrap: 0));
        Assert.Null(report.Grouping("group").Aggregate(DemographicParityDifference).Interval);
        Assert.Null(report.Overall.SelectionRate.Interval);
    }

    [Fact]
    public void Evaluate_CountBootstrap_AgreesWithRowResamplingBootstrap()
    {
        // The count-based bootstrap must have the distribution of the textbook one (resample each group's rows with
        // replacement and recount). Compare the spread of the DP difference over 2,000 replicates of each.
        var (yTrue, yPred, sex, _) = FairnessFixtures.Synthetic(1000, 5);
        var input = FairnessInput.Create(yTrue, yPred, [SensitiveFeature.FromValues("sex", sex)]).Value!;
        var report = FairnessFixtures.Evaluate(input, new FairnessOptions { BootstrapSamples = 2000, Seed = 1 });
        var fast = report.Grouping("sex").Aggregate(DemographicParityDifference).Interval!;

        var rowsF = Enumerable.Range(0, yPred.Length).Where(i => sex[i] == "F").ToArray();
        var rowsM = Enumerable.Range(0, yPred.Length).Where(i => sex[i] == "M").ToArray();
        var random = new Random(99);
        double Rate(int[] rows)
        {
            var selected = 0;
            for (var k = 0; k < rows.Length; k++)
            {
                selected += yPred[rows[random.Next(rows.Length)]];
            }

            return (double)selected / rows.Length;
        }

        var slow = Enumerable.Range(0, 2000).Select(_ => Math.Abs(Rate(rowsF) - Rate(rowsM))).Order().ToArray();
        var slowLower = slow[(int)(0.025 * 1999)];
        var slowUpper = slow[(int)(0.975 * 1999)];
        Assert.Equal(slowLower, fast.Lower, 0.015);
        Assert.Equal(slowUpper, fast.Upper, 0.015);
    }

    [Fact]
    public void Evaluate_SmallGroups_Warned()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options());
        var codes = report.Warnings.Select(w => (w.Code, w.Group)).ToHashSet();
        Assert.Contains(("small-group", "a"), codes);
        Assert.Contains(("small-group", "b"), codes);
        Assert.Contains(("few-positives", "a"), codes);
        Assert.Contains(("few-negatives", "b"), codes);
        Assert.All(report.Warnings, w => Assert.Equal("group", w.Grouping));
        Assert.Contains("4 rows (fewer than 30)", report.Warnings.First(w => w.Code == "small-group").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LargeGroups_NoWarnings()
    {
        var report = FairnessFixtures.Evaluate(SyntheticInput(2000, 6), new FairnessOptions { BootstrapSamples = 0 });
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Evaluate_WarningLimitsLowered_NoWarnings()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options() with { MinGroupSize = 4, MinClassCount = 0 });
        Assert.Empty(report.Warnings);
    }
}
