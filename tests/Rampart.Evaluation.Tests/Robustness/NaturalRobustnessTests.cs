using Rampart.Evaluation.Robustness;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Tests.Robustness;

public sealed class NaturalRobustnessTests
{
    private static readonly ExactLinearModel Model = new([0.05, 0.5, 2, -1, 0.5, 1.5], -4.5);

    private static RobustnessInput Input() => LinearFixtures.Input(Model, ConstrainedAttackTests.Rows(), FeatureConstraintsTests.Mixed());

    [Theory]
    [InlineData(CorruptionKind.GaussianNoise, 1.0)]
    [InlineData(CorruptionKind.Scaling, 0.5)]
    [InlineData(CorruptionKind.CategoricalFlips, 0.5)]
    [InlineData(CorruptionKind.MissingValues, 0.5)]
    public void Corrupt_AnyKind_KeepsConstraintsAndIsSeeded(CorruptionKind kind, double severity)
    {
        var input = Input();
        var a = NaturalRobustness.Corrupt(input, kind, severity, 42);
        var b = NaturalRobustness.Corrupt(input, kind, severity, 42);
        var c = NaturalRobustness.Corrupt(input, kind, severity, 43);

        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, c.Data);
        Assert.NotEqual(input.Features.Data, a.Data);
        for (var r = 0; r < input.RowCount; r++)
        {
            Assert.Empty(input.Projection.Violations(input.Features.Row(r), a.Row(r)));
        }
    }

    [Fact]
    public void Corrupt_Flips_MoveOneHotToAnotherCategoryAndFlipBinary()
    {
        var input = Input();
        var flipped = NaturalRobustness.Corrupt(input, CorruptionKind.CategoricalFlips, 1.0, 1);
        for (var r = 0; r < input.RowCount; r++)
        {
            var before = input.Features.Row(r);
            var after = flipped.Row(r);
            Assert.NotEqual(ModelTraining.ArgMax(before.Slice(2, 3)), ModelTraining.ArgMax(after.Slice(2, 3)));
            Assert.Equal(1 - before[5], after[5]);
            Assert.Equal(before[1], after[1]);
        }
    }

    [Fact]
    public void Corrupt_SeverityZero_ChangesNothing()
    {
        var input = Input();
        foreach (var kind in Enum.GetValues<CorruptionKind>())
        {
            Assert.Equal(input.Features.Data, NaturalRobustness.Corrupt(input, kind, 0, 1).Data);
        }
    }

    [Fact]
    public async Task Corrupt_MissingWithFeatureMap_EncodesAsTheMapDoes()
    {
        var (map, encoded) = await FeatureConstraintsTests.Encode();
        var constraints = FeatureConstraints.FromFeatureMap(map, encoded).Value!;
        var model = new ExactLinearModel([0.01, 0.001, 1, 1, -1, 0], -2);
        var input = LinearFixtures.Input(model, encoded, constraints);
        var missing = NaturalRobustness.Corrupt(input, CorruptionKind.MissingValues, 1.0, 3, map);

        for (var r = 0; r < input.RowCount; r++)
        {
            Assert.Equal(38.4f, missing[r, 0], 3);
            Assert.Equal(2620.1f, missing[r, 1], 1);
            Assert.Equal(0.6f, missing[r, 2], 5);
            Assert.Equal([0f, 0f, 0f], missing.Row(r).Slice(3, 3).ToArray());
        }
    }

    [Fact]
    public async Task EvaluateAsync_DefaultSeverities_CurvesStartAtCleanAccuracy()
    {
        var input = Input();
        var report = (await NaturalRobustness.EvaluateAsync(Model, input, new NaturalRobustnessOptions { Seed = 9 })).Value!;

        Assert.Equal(1.0, report.CleanAccuracy);
        Assert.Equal(4, report.Corruptions.Length);
        foreach (var curve in report.Corruptions)
        {
            Assert.Equal(new CurvePoint(0, 1.0, 0), curve.Points[0]);
            Assert.Equal(5, curve.Points.Length);
            Assert.All(curve.Points, p => Assert.Equal(1 - p.Accuracy, p.SuccessRate, 12));
        }

        // Flipping every categorical value half the time must cost accuracy on a model driven by them.
        Assert.True(report.Curve(CorruptionKind.CategoricalFlips).Points[^1].Accuracy < 0.9);
        var again = (await NaturalRobustness.EvaluateAsync(Model, input, new NaturalRobustnessOptions { Seed = 9 })).Value!;
        Assert.Equal(report.Corruptions.SelectMany(c => c.Points), again.Corruptions.SelectMany(c => c.Points));
    }

    [Fact]
    public async Task EvaluateAsync_HostileSeverities_ListsEveryField()
    {
        var options = new NaturalRobustnessOptions
        {
            NoiseSeverities = [-1, double.NaN],
            MissingSeverities = [1.5],
            ScalingSeverities = [double.PositiveInfinity],
            FlipSeverities = [],
        };
        var result = await NaturalRobustness.EvaluateAsync(Model, Input(), options);
        Assert.Equal(["noise_severities[0]", "noise_severities[1]", "missing_severities[0]", "scaling_severities[0]"], result.Problems.Select(p => p.Field!).ToArray());
    }

    [Fact]
    public async Task EvaluateAsync_EmptySeverities_SkipsThatCorruption()
    {
        var options = new NaturalRobustnessOptions { MissingSeverities = [], ScalingSeverities = [], FlipSeverities = [] };
        var report = (await NaturalRobustness.EvaluateAsync(Model, Input(), options)).Value!;
        Assert.Equal(CorruptionKind.GaussianNoise, Assert.Single(report.Corruptions).Kind);
        Assert.Throws<KeyNotFoundException>(() => report.Curve(CorruptionKind.Scaling));
    }
}
