using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Mitigation;
using Rampart.ML.Tensors;
using Rampart.ML.Training;
using Xunit.Abstractions;

namespace Rampart.Evaluation.Tests.Mitigation;

public sealed class ExponentiatedGradientTests(ITestOutputHelper output)
{
    private static (FloatMatrix X, int[] Y, SensitiveFeature Group) Data(int rows, int seed)
    {
        var (_, labels, group, features) = MitigationFixtures.Biased(rows, seed);
        return (new FloatMatrix(rows, 3, [.. features.SelectMany(f => f)]), labels, group);
    }

    private static double[] Unconstrained(FloatMatrix x, int[] y)
    {
        var model = LogisticRegressionTrainer.Fit(new TrainingSet(x, [.. y.Select(v => (float)v)], 2));
        var member = new MixtureMember { Weight = 1, Index = 0, Model = model, TrainingError = 0 };
        return [.. member.Decide(x).Select(d => (double)d)];
    }

    private static double Gap(double[] p, SensitiveFeature group, Func<int, bool> filter) =>
        Math.Abs(MitigationFixtures.MeanWhere(p, group, "a", filter) - MitigationFixtures.MeanWhere(p, group, "b", filter));

    [Fact]
    public void Fit_DemographicParity_MixtureGapWithinEpsilonAndFarBelowUnconstrained()
    {
        var (x, y, group) = Data(1500, 21);
        var mixture = ExponentiatedGradient.Fit(x, y, [group]).Value!;
        var p = mixture.PositiveProbability(x);
        var after = Gap(p, group, _ => true);
        var before = Gap(Unconstrained(x, y), group, _ => true);
        output.WriteLine($"DPD before {before:F4}, after {after:F4}; iterations {mixture.Iterations}, best {mixture.BestIteration}, gap {mixture.BestGap:G4}, nu {mixture.Nu:G4}, members {mixture.Members.Length}/{mixture.ClassifiersFound}, LP {mixture.FromLinearProgram}");

        var acc = Enumerable.Range(0, y.Length).Average(i => y[i] == 1 ? p[i] : 1 - p[i]);
        output.WriteLine($"accuracy {acc:F4} " + string.Join("; ", mixture.Members.Select(m => $"w {m.Weight:F3} err {m.TrainingError:F3} const {(m.Model is null ? m.Constant.ToString() : "-")}")));
        Assert.True(before > 0.15, $"planted bias: {before}");
        Assert.True(after <= 0.01 + 0.005, $"after {after}");
        Assert.Equal(1.0, mixture.Members.Sum(m => m.Weight), 9);

        // Accuracy pays for it, but not everything.
        var accuracy = Enumerable.Range(0, y.Length).Average(i => y[i] == 1 ? p[i] : 1 - p[i]);
        Assert.InRange(accuracy, 0.6, 0.9);

        // Seeded decisions are reproducible and follow the probabilities.
        var decisions = mixture.Predict(x, seed: 4);
        Assert.Equal(decisions, mixture.Predict(x, seed: 4));
        Assert.All(Enumerable.Range(0, y.Length), i => Assert.True(p[i] > 0 || decisions[i] == 0));

        var tradeoff = MitigationTradeoff.Compute(y, [.. Unconstrained(x, y).Select(v => (int)v)], decisions, [group]).Value!;
        Assert.True(tradeoff.After.DemographicParityDifference < tradeoff.Before.DemographicParityDifference / 4);
    }

    [Fact]
    public void Fit_EqualizedOdds_TprAndFprGapsWithinEpsilon()
    {
        var (x, y, group) = Data(1500, 8);
        var mixture = ExponentiatedGradient.Fit(x, y, [group], new ExponentiatedGradientOptions { Constraint = FairnessConstraint.EqualizedOdds }).Value!;
        var p = mixture.PositiveProbability(x);
        var raw = Unconstrained(x, y);
        var tpr = Gap(p, group, i => y[i] == 1);
        var fpr = Gap(p, group, i => y[i] == 0);
        output.WriteLine($"TPR gap {Gap(raw, group, i => y[i] == 1):F4} → {tpr:F4}; FPR gap {Gap(raw, group, i => y[i] == 0):F4} → {fpr:F4}; iterations {mixture.Iterations}");
        Assert.True(Math.Max(tpr, fpr) <= 0.01 + 0.005, $"TPR gap {tpr}, FPR gap {fpr}");
        Assert.True(Math.Max(Gap(raw, group, i => y[i] == 1), Gap(raw, group, i => y[i] == 0)) > 0.08);
    }

    [Fact]
    public void Fit_WithProgress_OneLinePerIterationWithItsGap()
    {
        var (x, y, group) = Data(400, 5);
        var lines = new List<string>();
        var mixture = ExponentiatedGradient.Fit(x, y, [group], new ExponentiatedGradientOptions { Progress = new Collect(lines) }).Value!;
        Assert.Equal(mixture.Iterations, lines.Count);
        Assert.StartsWith("iteration 1: duality gap ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"iteration {mixture.Iterations}: duality gap ", lines[^1], StringComparison.Ordinal);
    }

    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }

    [Fact]
    public void Fit_WithoutLinearProgram_AverageOfIteratesStillReducesGap()
    {
        var (x, y, group) = Data(800, 2);
        var mixture = ExponentiatedGradient.Fit(x, y, [group], new ExponentiatedGradientOptions { RunLinprogStep = false, MaxIterations = 20 }).Value!;
        Assert.False(mixture.FromLinearProgram);
        var after = Gap(mixture.PositiveProbability(x), group, _ => true);
        var before = Gap(Unconstrained(x, y), group, _ => true);
        output.WriteLine($"no LP: DPD {before:F4} → {after:F4}, gap {mixture.BestGap:G4}");
        Assert.True(after < before / 3, $"after {after}, before {before}");
    }

    [Fact]
    public void Fit_BadInput_ListsEveryProblem()
    {
        var group = SensitiveFeature.FromValues("g", ["a", "b", "a"]);
        var x = new FloatMatrix(2, 1, [1, float.NaN]);
        var result = ExponentiatedGradient.Fit(x, [0, 1, 2], [group], new ExponentiatedGradientOptions { Epsilon = 0, MaxIterations = 0, Eta0 = -1, Nu = double.NaN });
        Assert.Equal(["eps", "eta0", "features", "labels", "max_iter", "nu"], result.Problems.Select(p => p.Field!).Order().ToArray());
    }

    [Fact]
    public void DenseSimplex_SmallLinearProgram_OptimumAndDuals()
    {
        // min −x − 2y s.t. x + y ≤ 4, x + 3y ≤ 6: optimum (3, 1), value −5; duals (shadow prices) 1/2 and 1/2.
        var solved = DenseSimplex.Minimize([-1, -2], [[1, 1], [1, 3]], [4, 6])!.Value;
        Assert.Equal(3, solved.X[0], 12);
        Assert.Equal(1, solved.X[1], 12);
        Assert.Equal(0.5, solved.Duals[0], 12);
        Assert.Equal(0.5, solved.Duals[1], 12);
        Assert.Null(DenseSimplex.Minimize([-1], [[-1]], [1]));
    }
}
