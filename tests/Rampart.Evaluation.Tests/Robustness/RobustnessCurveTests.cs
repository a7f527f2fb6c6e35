using Rampart.Evaluation.Robustness;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Tests.Robustness;

public sealed class RobustnessCurveTests
{
    [Fact]
    public async Task BuildAsync_FgsmOnLinearModel_AccuracyIsShareOfRowsBeyondEachEpsilon()
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(200, 21));
        var curve = (await RobustnessCurve.BuildAsync(
            [0.3, 0, 0.1, 0.1, 0.6],
            (eps, ct) => FastGradientAttack.RunAsync(model, input, new FastGradientOptions { Epsilon = eps }, ct))).Value!;

        Assert.Equal("fgsm", curve.Attack);
        Assert.Equal(PerturbationNorm.LInfinity, curve.Norm);
        Assert.Equal([0, 0.1, 0.3, 0.6], curve.Points.Select(p => p.Epsilon).ToArray());
        Assert.Equal(1.0, curve.Points[0].Accuracy);
        var distances = Enumerable.Range(0, input.RowCount).Select(r => LinearFixtures.MinimalDistance(model, input.Features.Row(r), PerturbationNorm.LInfinity)).ToArray();
        foreach (var point in curve.Points.Skip(1))
        {
            var expected = distances.Count(d => d >= point.Epsilon) / (double)distances.Length;
            Assert.Equal(expected, point.Accuracy, 12);
            Assert.Equal(1 - expected, point.SuccessRate, 12);
        }

        Assert.True(curve.Points.Zip(curve.Points.Skip(1)).All(p => p.Second.Accuracy <= p.First.Accuracy));
    }

    [Fact]
    public async Task BuildAsync_HostileGrid_ListsEveryBadBudget()
    {
        var result = await RobustnessCurve.BuildAsync([0.1, -1, double.NaN], (_, _) => throw new InvalidOperationException("not run"));
        Assert.Equal(["epsilons[1]", "epsilons[2]"], result.Problems.Select(p => p.Field!).ToArray());
        Assert.Equal("epsilons", Assert.Single((await RobustnessCurve.BuildAsync([], (_, _) => throw new InvalidOperationException())).Problems).Field);
        Assert.Equal("epsilons", Assert.Single((await RobustnessCurve.BuildAsync([0], (_, _) => throw new InvalidOperationException())).Problems).Field);
    }

    [Fact]
    public async Task FastGradient_TrainedLogisticRegression_MatchesClosedForm()
    {
        // The built-in LinearModel's own loss gradients, on a model trained here.
        var rows = LinearFixtures.Rows(300, 22);
        var labels = Enumerable.Range(0, rows.Rows).Select(r => rows[r, 0] + rows[r, 1] - rows[r, 2] > 0 ? 1f : 0f).ToArray();
        var model = LogisticRegressionTrainer.Fit(new TrainingSet(rows, labels, 2));
        var predicted = model.Predict(rows);
        var classes = Enumerable.Range(0, rows.Rows).Select(r => predicted[r, 1] > predicted[r, 0] ? 1 : 0).ToArray();
        var input = RobustnessInput.Create(rows, classes, model.Info).Value!;
        var result = (await FastGradientAttack.RunAsync(model, input)).Value!;

        var w = model.Weights[0];
        var norm1 = w.Sum(v => Math.Abs((double)v));
        var compared = 0;
        for (var r = 0; r < rows.Rows; r++)
        {
            var f = (double)model.Bias[0];
            for (var j = 0; j < w.Length; j++)
            {
                f += w[j] * (double)rows[r, j];
            }

            var exact = Math.Abs(f) / norm1;
            if (Math.Abs(exact - 0.3) > 1e-3)
            {
                Assert.Equal(exact < 0.3, result.Success[r]);
                compared++;
            }
        }

        Assert.True(compared > 290);
        Assert.Equal(model.Queries.Rows, result.Queries.Sum());
    }

    [Fact]
    public void Metrics_KnownValues_MatchHandComputation()
    {
        Assert.Equal(2, RobustnessMetrics.MedianPerturbation([1, 5, 3, 9], [true, false, true, false]));
        Assert.Equal(2.5, RobustnessMetrics.MedianPerturbation([1, 2, 3, 4], [true, true, true, true]));
        Assert.True(double.IsNaN(RobustnessMetrics.MedianPerturbation([1], [false])));
        Assert.Equal(0.75, RobustnessMetrics.Accuracy([1, 0, 1, 1], [1, 0, 0, 1]));

        // Rows (3, 4) and (0, 0): only the first counts (‖x‖ = 0 is left out); ‖δ‖₂ = 1, ‖x‖₂ = 5.
        var clean = new FloatMatrix(2, 2, [3, 4, 0, 0]);
        var adversarial = new FloatMatrix(2, 2, [3, 5, 1, 0]);
        Assert.Equal(0.2, RobustnessMetrics.EmpiricalRobustness(clean, adversarial, [true, true], PerturbationNorm.L2), 12);
        Assert.Equal(0.25, RobustnessMetrics.EmpiricalRobustness(clean, adversarial, [true, false], PerturbationNorm.LInfinity), 12);
        Assert.Throws<ArgumentException>(() => RobustnessMetrics.Accuracy([1], [1, 0]));
    }
}
