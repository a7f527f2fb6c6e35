using Rampart.Evaluation.Robustness;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Tests.Robustness;

/// <summary>Every attack keeps immutable features, integers, one-hot groups and bounds (constraints of <see cref="FeatureConstraintsTests.Mixed"/>).</summary>
public sealed class ConstrainedAttackTests
{
    private static readonly ExactLinearModel Model = new([0.05, 0.5, 2, -1, 0.5, 1.5], -4.5);

    [Fact]
    public async Task FastGradient_Constrained_EveryRowPlausible() =>
        AssertPlausible(await FastGradientAttack.RunAsync(Model, Input(), new FastGradientOptions { Epsilon = 1 }), 1);

    [Fact]
    public async Task ProjectedGradient_L2Constrained_EveryRowPlausible() =>
        AssertPlausible(await ProjectedGradientAttack.RunAsync(Model, Input(), new ProjectedGradientOptions { Norm = PerturbationNorm.L2, Epsilon = 2, RandomInit = true, Seed = 3 }), 2);

    [Fact]
    public async Task HopSkipJump_Constrained_EveryRowPlausible() =>
        AssertPlausible(await HopSkipJumpAttack.RunAsync(Model, Input(), new HopSkipJumpOptions { MaxIterations = 10, Seed = 1 }), null);

    [Fact]
    public async Task HopSkipJump_LInfinityConstrained_EveryRowPlausible() =>
        AssertPlausible(await HopSkipJumpAttack.RunAsync(Model, Input(), new HopSkipJumpOptions { Norm = PerturbationNorm.LInfinity, MaxIterations = 10, Seed = 1 }), null);

    [Fact]
    public async Task Square_Constrained_EveryRowPlausible() =>
        AssertPlausible(await SquareAttack.RunAsync(Model, Input(), new SquareOptions { Epsilon = 1, Seed = 2 }), 1);

    [Fact]
    public async Task ProjectedGradient_StepsSmallerThanAnIntegerUnit_AddUpAndMoveTheFeature()
    {
        // f = x0 − 0.5 on an integer feature: the row x0 = 0 is class 0 and x0 = 1 is class 1. Steps of 0.25 are each
        // rounded back to 0, so only an iterate that stays continuous reaches 1 (after four steps).
        var model = new ExactLinearModel([1.0], -0.5);
        var rows = new FloatMatrix(1, 1);
        var constraints = new FeatureConstraints { FeatureCount = 1, IntegerFeatures = [0], Bounds = [new FeatureBound(0, 0, 10)] };
        var input = LinearFixtures.Input(model, rows, constraints);
        var result = (await ProjectedGradientAttack.RunAsync(model, input, new ProjectedGradientOptions { Epsilon = 1, EpsilonStep = 0.25, MaxIterations = 10 })).Value!;
        Assert.True(result.Success[0]);
        Assert.Equal(1f, result.Adversarial[0, 0]);
        Assert.Equal(5, result.Queries[0]); // the clean prediction and four steps
    }

    [Fact]
    public async Task HopSkipJump_UnboundedFeature_ProblemNamesIt()
    {
        var constraints = FeatureConstraintsTests.Mixed() with { Bounds = [] };
        var input = LinearFixtures.Input(Model, Rows(), constraints);
        var result = await HopSkipJumpAttack.RunAsync(Model, input);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("constraints.bounds", problem.Field);
        Assert.Contains("income, owner have none", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attacks_AllFeaturesImmutable_NothingChanges()
    {
        var constraints = new FeatureConstraints { FeatureCount = 6, ImmutableFeatures = [0, 1, 2, 3, 4, 5] };
        var input = LinearFixtures.Input(Model, Rows(), constraints);
        var results = new[]
        {
            (await FastGradientAttack.RunAsync(Model, input, new FastGradientOptions { Epsilon = 5 })).Value!,
            (await SquareAttack.RunAsync(Model, input, new SquareOptions { Epsilon = 5 })).Value!,
            (await HopSkipJumpAttack.RunAsync(Model, input)).Value!,
        };
        foreach (var result in results)
        {
            Assert.Equal(input.Features.Data, result.Adversarial.Data);
            Assert.Equal(0, result.SuccessRate);
            Assert.True(double.IsNaN(result.MedianPerturbation));
        }
    }

    internal static FloatMatrix Rows()
    {
        var random = new Random(5);
        var rows = new FloatMatrix(40, 6);
        for (var r = 0; r < rows.Rows; r++)
        {
            rows[r, 0] = random.Next(20, 70);
            rows[r, 1] = (float)(random.NextDouble() * 10);
            rows[r, 2 + random.Next(3)] = 1;
            rows[r, 5] = random.Next(2);
        }

        return rows;
    }

    private static RobustnessInput Input() => LinearFixtures.Input(Model, Rows(), FeatureConstraintsTests.Mixed());

    private static void AssertPlausible(Rampart.Diagnostics.ValidationResult<AttackResult> run, double? epsilon)
    {
        Assert.True(run.IsValid, string.Join("\n", run.Problems));
        var result = run.Value!;
        var input = Input();
        var projection = input.Projection;
        for (var r = 0; r < input.RowCount; r++)
        {
            var original = input.Features.Row(r);
            var adversarial = result.Adversarial.Row(r);
            Assert.Empty(projection.Violations(original, adversarial));
            Assert.Equal(original[0], adversarial[0]);
            if (epsilon is { } eps)
            {
                Assert.True(result.Distances[r] <= eps * (1 + 1e-6), $"row {r}: {result.Distances[r]}");
            }

            Assert.Equal(Model.Margin(adversarial) > 0 ? 1 : 0, result.AdversarialPredictions[r]);
        }

        Assert.True(result.SuccessRate > 0, "the attack should fool some rows, or the test shows nothing");
    }
}
