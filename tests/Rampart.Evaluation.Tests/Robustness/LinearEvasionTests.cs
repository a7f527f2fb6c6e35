using Rampart.Evaluation.Robustness;

namespace Rampart.Evaluation.Tests.Robustness;

/// <summary>E6 (reference §5): for a binary linear model the minimal perturbations are |f|/‖w‖₂ (L2) and |f|/‖w‖₁ (L∞).</summary>
public sealed class LinearEvasionTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.6)]
    public async Task FastGradient_L2OnLinearModel_SucceedsExactlyWhenEpsilonExceedsMinimalDistance(double epsilon)
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(200, 1));
        var result = (await FastGradientAttack.RunAsync(model, input, new FastGradientOptions { Norm = PerturbationNorm.L2, Epsilon = epsilon })).Value!;

        var checkedRows = 0;
        for (var r = 0; r < input.RowCount; r++)
        {
            var exact = LinearFixtures.MinimalDistance(model, input.Features.Row(r), PerturbationNorm.L2);
            if (Math.Abs(exact - epsilon) < 1e-5)
            {
                continue;
            }

            Assert.Equal(epsilon > exact, result.Success[r]);
            Assert.True(result.Distances[r] <= epsilon * (1 + 1e-6), $"row {r}: {result.Distances[r]}");
            checkedRows++;
        }

        Assert.True(checkedRows > 190);
        Assert.Contains(true, result.Success);
        Assert.Contains(false, result.Success);
    }

    [Fact]
    public async Task FastGradient_LInfinityDefaultEpsilon_SucceedsExactlyOnRowsBelowPointThree()
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(300, 2));
        var result = (await FastGradientAttack.RunAsync(model, input)).Value!;

        Assert.Equal("fgsm", result.Attack);
        Assert.Equal(0.3, result.Epsilon);
        for (var r = 0; r < input.RowCount; r++)
        {
            var exact = LinearFixtures.MinimalDistance(model, input.Features.Row(r), PerturbationNorm.LInfinity);
            if (Math.Abs(exact - 0.3) > 1e-5)
            {
                Assert.Equal(exact < 0.3, result.Success[r]);
            }
        }

        // Labels are the model's classes, so accuracy under attack is one minus the success rate.
        Assert.Equal(1.0, result.CleanAccuracy);
        Assert.Equal(1 - result.SuccessRate, result.AdversarialAccuracy, 12);
    }

    [Fact]
    public async Task FastGradient_Minimal_FindsSmallestGridBudgetAboveExactMinimum()
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(100, 3));
        var options = new FastGradientOptions { Epsilon = 1.0, EpsilonStep = 0.05, Minimal = true };
        var result = (await FastGradientAttack.RunAsync(model, input, options)).Value!;

        for (var r = 0; r < input.RowCount; r++)
        {
            var exact = LinearFixtures.MinimalDistance(model, input.Features.Row(r), PerturbationNorm.LInfinity);
            var grid = Math.Floor(exact / 0.05) + 1;
            if (Math.Abs((exact / 0.05) - Math.Round(exact / 0.05)) < 1e-4 || grid * 0.05 > 1.0)
            {
                continue;
            }

            Assert.True(result.Success[r], $"row {r}");
            Assert.Equal(grid * 0.05, result.Distances[r], 5);
        }

        Assert.True(result.MedianPerturbation > 0);
        Assert.True(result.EmpiricalRobustness > 0);
    }

    [Theory]
    [InlineData(PerturbationNorm.LInfinity)]
    [InlineData(PerturbationNorm.L2)]
    public async Task ProjectedGradient_LinearModel_SucceedsExactlyWhenEpsilonExceedsMinimalDistance(PerturbationNorm norm)
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(200, 4));
        var result = (await ProjectedGradientAttack.RunAsync(model, input, new ProjectedGradientOptions { Norm = norm })).Value!;

        for (var r = 0; r < input.RowCount; r++)
        {
            var exact = LinearFixtures.MinimalDistance(model, input.Features.Row(r), norm);
            if (Math.Abs(exact - 0.3) > 1e-5)
            {
                Assert.Equal(exact < 0.3, result.Success[r]);
            }

            Assert.True(result.Distances[r] <= 0.3 * (1 + 1e-6));
        }
    }

    [Fact]
    public async Task HopSkipJump_L2OnLinearModel_RatioToExactMinimumBetweenOneAndOnePointTwo()
    {
        var model = LinearFixtures.Model();
        var rows = LinearFixtures.Rows(20, 5);
        var input = LinearFixtures.Input(model, rows, new FeatureConstraints { FeatureCount = 10, Bounds = [.. Enumerable.Range(0, 10).Select(f => new FeatureBound(f, -3, 3))] });
        var result = (await HopSkipJumpAttack.RunAsync(model, input, new HopSkipJumpOptions { Seed = 7 })).Value!;

        var ratios = new List<double>();
        for (var r = 0; r < input.RowCount; r++)
        {
            Assert.True(result.Success[r], $"row {r}");
            var exact = LinearFixtures.MinimalDistance(model, input.Features.Row(r), PerturbationNorm.L2);
            var ratio = result.Distances[r] / exact;
            Assert.True(ratio >= 1 - 1e-9, $"row {r}: ratio {ratio} below 1 means a bug");
            Assert.True(model.Margin(result.Adversarial.Row(r)) * model.Margin(input.Features.Row(r)) <= 0);
            ratios.Add(ratio);
        }

        Assert.InRange(ratios.Average(), 1, 1.2);
        Assert.All(result.Queries, q => Assert.True(q > 1000));
        Assert.Equal(model.Queries.Rows, result.Queries.Sum());
        Assert.Null(result.Epsilon);
    }

    [Fact]
    public async Task HopSkipJump_LInfinityOnLinearModel_NeverBelowExactMinimum()
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(10, 6), FeatureConstraints.FromData(LinearFixtures.Rows(500, 60)));
        var result = (await HopSkipJumpAttack.RunAsync(model, input, new HopSkipJumpOptions { Norm = PerturbationNorm.LInfinity, Seed = 3, MaxIterations = 30 })).Value!;

        var ratios = new List<double>();
        for (var r = 0; r < input.RowCount; r++)
        {
            Assert.True(result.Success[r], $"row {r}");
            var ratio = result.Distances[r] / LinearFixtures.MinimalDistance(model, input.Features.Row(r), PerturbationNorm.LInfinity);
            Assert.True(ratio >= 1 - 1e-9, $"row {r}: ratio {ratio}");
            ratios.Add(ratio);
        }

        Assert.InRange(ratios.Average(), 1, 1.2);
    }

    [Fact]
    public async Task HopSkipJump_SameSeed_SameResult()
    {
        var model = LinearFixtures.Model();
        var constraints = FeatureConstraints.FromData(LinearFixtures.Rows(200, 70));
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(3, 7), constraints);
        var options = new HopSkipJumpOptions { Seed = 11, MaxIterations = 10 };
        var a = (await HopSkipJumpAttack.RunAsync(model, input, options)).Value!;
        var b = (await HopSkipJumpAttack.RunAsync(LinearFixtures.Model(), input, options)).Value!;
        var c = (await HopSkipJumpAttack.RunAsync(LinearFixtures.Model(), input, options with { Seed = 12 })).Value!;

        Assert.Equal(a.Adversarial.Data, b.Adversarial.Data);
        Assert.Equal(a.Queries.ToArray(), b.Queries.ToArray());
        Assert.NotEqual(a.Adversarial.Data, c.Adversarial.Data);
    }

    [Fact]
    public async Task Square_SameSeed_SameResult()
    {
        var input = LinearFixtures.Input(LinearFixtures.Model(), LinearFixtures.Rows(30, 9));
        var options = new SquareOptions { Seed = 4, MaxIterations = 20 };
        var a = (await SquareAttack.RunAsync(LinearFixtures.Model(), input, options)).Value!;
        var b = (await SquareAttack.RunAsync(LinearFixtures.Model(), input, options)).Value!;
        var c = (await SquareAttack.RunAsync(LinearFixtures.Model(), input, options with { Seed = 5 })).Value!;

        Assert.Equal(a.Adversarial.Data, b.Adversarial.Data);
        Assert.Equal(a.Queries.ToArray(), b.Queries.ToArray());
        Assert.NotEqual(a.Adversarial.Data, c.Adversarial.Data);
    }

    [Fact]
    public async Task ProjectedGradient_RandomInitSeeded_SameSeedSameResult()
    {
        var input = LinearFixtures.Input(LinearFixtures.Model(), LinearFixtures.Rows(30, 10));
        var options = new ProjectedGradientOptions { Norm = PerturbationNorm.L2, RandomInit = true, Seed = 8, Epsilon = 0.05 };
        var a = (await ProjectedGradientAttack.RunAsync(LinearFixtures.Model(), input, options)).Value!;
        var b = (await ProjectedGradientAttack.RunAsync(LinearFixtures.Model(), input, options)).Value!;
        var c = (await ProjectedGradientAttack.RunAsync(LinearFixtures.Model(), input, options with { Seed = 9 })).Value!;

        Assert.Equal(a.Adversarial.Data, b.Adversarial.Data);
        Assert.NotEqual(a.Adversarial.Data, c.Adversarial.Data);
        Assert.All(a.Distances, d => Assert.True(d <= 0.05 * (1 + 1e-6)));
    }

    [Fact]
    public async Task Square_LinearModel_SucceedsOnlyWhereExactMinimumIsWithinEpsilon()
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(100, 8));
        var result = (await SquareAttack.RunAsync(model, input, new SquareOptions { Seed = 1 })).Value!;

        var reachable = 0;
        var found = 0;
        for (var r = 0; r < input.RowCount; r++)
        {
            var exact = LinearFixtures.MinimalDistance(model, input.Features.Row(r), PerturbationNorm.LInfinity);
            Assert.True(result.Distances[r] <= 0.3 + 1e-6);
            if (result.Success[r])
            {
                Assert.True(exact <= 0.3 + 1e-6, $"row {r} fooled beyond the exact minimum {exact}");
                found++;
            }

            reachable += exact < 0.3 ? 1 : 0;
        }

        // A linear model's optimum is a vertex of the box, which the attack samples, so it finds most rows.
        Assert.True(found >= 0.8 * reachable, $"{found} of {reachable}");
        Assert.Equal(model.Queries.Rows, result.Queries.Sum());
    }
}
