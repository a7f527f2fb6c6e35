using Rampart.Evaluation.Explainability;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Tests.Explainability;

public sealed class PermutationImportanceTests
{
    private static (FloatMatrix Rows, double[] Labels) E12Data(int n)
    {
        var random = new Random(3);
        var rows = new FloatMatrix(n, 2);
        var labels = new double[n];
        for (var r = 0; r < n; r++)
        {
            rows[r, 0] = random.Next(2) == 0 ? -1 : 1;
            rows[r, 1] = (float)random.NextDouble();
            labels[r] = 3 * rows[r, 0];
        }

        return (rows, labels);
    }

    private static DelegatePredictor E12Model() => new(2, 1, PredictionKind.Regression, x => [3 * x[0]]);

    [Fact]
    public async Task ComputeAsync_E12_UnusedFeatureZero_UsedFeatureIs36TimesShareChanged()
    {
        var (rows, labels) = E12Data(40);
        var options = new PermutationImportanceOptions { Scoring = ImportanceScoring.NegativeMeanSquaredError, Seed = 11 };
        var result = await PermutationImportance.ComputeAsync(E12Model(), rows, labels, options, ["x1", "x2"]);

        Assert.Equal(0.0, result.BaselineScore);
        var x2 = result.Features[1];
        Assert.Equal("x2", x2.Feature);
        Assert.All(x2.Repeats, v => Assert.Equal(0.0, v));
        Assert.Equal(0.0, x2.Mean);
        Assert.Equal(0.0, x2.StandardDeviation);

        var permutations = PermutationImportance.Permutations(11, 0, 5, rows.Rows);
        var x1 = result.Features[0];
        for (var k = 0; k < 5; k++)
        {
            var changed = Enumerable.Range(0, rows.Rows).Count(r => rows[r, 0] != rows[permutations[k][r], 0]);
            Assert.Equal(36.0 * changed / rows.Rows, x1.Repeats[k], 12);
        }

        Assert.Equal(x1.Repeats.Average(), x1.Mean, 12);
        Assert.True(x1.Lower <= x1.Mean && x1.Mean <= x1.Upper);
        Assert.Equal(40 * (1 + (2 * 5)), result.ModelEvaluations);
    }

    [Fact]
    public async Task ComputeAsync_SameSeed_SameResult_OtherSeed_Differs()
    {
        var (rows, labels) = E12Data(50);
        var options = new PermutationImportanceOptions { Scoring = ImportanceScoring.NegativeMeanSquaredError, Seed = 1 };
        var a = await PermutationImportance.ComputeAsync(E12Model(), rows, labels, options);
        var b = await PermutationImportance.ComputeAsync(E12Model(), rows, labels, options);
        var c = await PermutationImportance.ComputeAsync(E12Model(), rows, labels, options with { Seed = 2 });
        Assert.Equal(a.Features[0].Repeats.ToArray(), b.Features[0].Repeats.ToArray());
        Assert.NotEqual(a.Features[0].Repeats.ToArray(), c.Features[0].Repeats.ToArray());
    }

    [Fact]
    public async Task ComputeAsync_DefaultRegressionScore_IsRSquared()
    {
        var (rows, labels) = E12Data(30);
        var result = await PermutationImportance.ComputeAsync(E12Model(), rows, labels);
        Assert.Equal(ImportanceScoring.RSquared, result.Scoring);
        Assert.Equal(1.0, result.BaselineScore);
        Assert.Equal(0.0, result.Features[1].Mean);
    }

    [Theory]
    [InlineData(ImportanceScoring.Accuracy)]
    [InlineData(ImportanceScoring.NegativeLogLoss)]
    [InlineData(ImportanceScoring.RocAuc)]
    public async Task ComputeAsync_Classifier_UsedFeatureMatters_UnusedIsZero(ImportanceScoring scoring)
    {
        var random = new Random(5);
        var rows = new FloatMatrix(60, 3);
        var labels = new double[60];
        for (var r = 0; r < 60; r++)
        {
            rows[r, 0] = (float)((random.NextDouble() * 4) - 2);
            rows[r, 1] = (float)random.NextDouble();
            rows[r, 2] = (float)random.NextDouble();
            labels[r] = rows[r, 0] > 0 ? 1 : 0;
        }

        var model = new DelegatePredictor(3, 2, PredictionKind.Classification, x =>
        {
            var p = 1 / (1 + MathF.Exp(-4 * x[0]));
            return [1 - p, p];
        });
        var result = await PermutationImportance.ComputeAsync(model, rows, labels, new PermutationImportanceOptions { Scoring = scoring });
        Assert.True(result.Features[0].Mean > 0.1);
        Assert.Equal(0.0, result.Features[1].Mean);
        Assert.Equal(0.0, result.Features[2].Mean);
    }

    [Fact]
    public void Score_RocAuc_E16_IsEightNinths()
    {
        // Members {0.9, 0.8, 0.4} (label 1) against non-members {0.7, 0.3, 0.2} (label 0).
        float[] p = [0.9f, 0.8f, 0.4f, 0.7f, 0.3f, 0.2f];
        var output = new FloatMatrix(6, 2);
        for (var r = 0; r < 6; r++)
        {
            output[r, 0] = 1 - p[r];
            output[r, 1] = p[r];
        }

        Assert.Equal(8.0 / 9, PermutationImportance.Score(ImportanceScoring.RocAuc, output, [1, 1, 1, 0, 0, 0], 0), 12);
    }

    [Fact]
    public async Task ComputeAsync_HostileInputs_ErrorsNameTheField()
    {
        var (rows, labels) = E12Data(10);
        var model = E12Model();
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(model, new FloatMatrix(0, 2), []));
        Assert.Equal("rows", empty.ParamName);
        var count = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(model, rows, labels[..5]));
        Assert.Equal("labels", count.ParamName);
        var width = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(model, new FloatMatrix(10, 3), labels));
        Assert.Equal("rows", width.ParamName);
        var nanLabels = (double[])labels.Clone();
        nanLabels[4] = double.NaN;
        var nan = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(model, rows, nanLabels));
        Assert.Contains("labels[4]", nan.Message, StringComparison.Ordinal);
        var scoring = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(model, rows, labels, new PermutationImportanceOptions { Scoring = ImportanceScoring.Accuracy }));
        Assert.Contains("options.Scoring", scoring.Message, StringComparison.Ordinal);
        var repeats = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(model, rows, labels, new PermutationImportanceOptions { Repeats = 0 }));
        Assert.Contains("options.Repeats", repeats.Message, StringComparison.Ordinal);

        var classifier = new DelegatePredictor(2, 2, PredictionKind.Classification, _ => [0.5f, 0.5f]);
        var label = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(classifier, rows, [.. Enumerable.Repeat(2.0, 10)]));
        Assert.Contains("labels[0] = 2", label.Message, StringComparison.Ordinal);
        var auc = await Assert.ThrowsAsync<ArgumentException>(() => PermutationImportance.ComputeAsync(classifier, rows, [.. Enumerable.Repeat(1.0, 10)], new PermutationImportanceOptions { Scoring = ImportanceScoring.RocAuc }));
        Assert.Contains("single class", auc.Message, StringComparison.Ordinal);
    }
}
