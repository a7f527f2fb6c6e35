using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Tests.ML.Training;

public sealed class TrainerTests
{
    private static double LogitOf(LinearModel model, FloatMatrix x, int row, int c)
    {
        Span<float> logits = stackalloc float[model.ClassCount];
        model.Logits(x.Row(row), logits);
        return logits[c];
    }

    private static double LossOf(Func<FloatMatrix, int, float[]> logits, FloatMatrix x, int row, int label)
    {
        var z = logits(x, row);
        var max = z.Max();
        var logSum = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
        return logSum - z[label];
    }

    [Fact]
    public void LogisticRegression_Blobs_SeparatesAndIsDeterministic()
    {
        var data = TrainingFixtures.Blobs(400, seed: 1);
        var model = LogisticRegressionTrainer.Fit(data);
        var again = LogisticRegressionTrainer.Fit(data);
        Assert.Equal(model.Weights[0], again.Weights[0]);
        Assert.True(TrainingFixtures.Accuracy(model.Predict(data.Features), data.Labels) > 0.9);
        Assert.Single(model.Weights);
        Assert.True(model.Weights[0][0] > 0, "class 1 lies at positive x");
    }

    [Fact]
    public void LogisticRegression_WeightTwo_EqualsADuplicatedRow()
    {
        var baseData = TrainingFixtures.Blobs(60, seed: 3);
        var weights = Enumerable.Repeat(1f, 60).ToArray();
        weights[5] = 2;
        var weighted = LogisticRegressionTrainer.Fit(new TrainingSet(baseData.Features, baseData.Labels, 2, weights), new LogisticRegressionOptions { Tolerance = 1e-9 });

        var rows = Enumerable.Range(0, 60).Append(5).ToArray();
        var duplicated = new TrainingSet(baseData.Features.SelectRows(rows), [.. rows.Select(i => baseData.Labels[i])], 2);
        var plain = LogisticRegressionTrainer.Fit(duplicated, new LogisticRegressionOptions { Tolerance = 1e-9 });
        for (var j = 0; j < 2; j++)
        {
            Assert.Equal(plain.Weights[0][j], weighted.Weights[0][j], 4);
        }

        Assert.Equal(plain.Bias[0], weighted.Bias[0], 4);
    }

    [Fact]
    public void LogisticRegression_Multinomial_ProbabilitiesSumToOneAndClassify()
    {
        var data = TrainingFixtures.ThreeClasses(300, seed: 5);
        var model = LogisticRegressionTrainer.Fit(data);
        var p = model.Predict(data.Features);
        Assert.Equal(3, p.Columns);
        for (var r = 0; r < p.Rows; r++)
        {
            Assert.Equal(1.0, p.Row(r).ToArray().Sum(), 5);
        }

        Assert.True(TrainingFixtures.Accuracy(p, data.Labels) > 0.95);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void LinearModel_InputGradient_AgreesWithFiniteDifferences(int classes)
    {
        var data = classes == 2 ? TrainingFixtures.Blobs(50, 7) : TrainingFixtures.ThreeClasses(60, 7);
        var model = LogisticRegressionTrainer.Fit(data);
        var x = data.Features.SelectRows([0, 1, 2, 3]);
        var labels = new[] { data.Labels[0], data.Labels[1], data.Labels[2], data.Labels[3] };
        for (var c = 0; c < classes; c++)
        {
            var error = GradientCheck.RelativeError(model, x, new GradientTarget(GradientKind.Logit, c), labels, (m, r) => LogitOf(model, m, r, c));
            Assert.True(error < 1e-3, $"class {c}: relative error {error}");
        }

        float[] Logits(FloatMatrix m, int r)
        {
            var z = new float[classes];
            model.Logits(m.Row(r), z);
            return z;
        }

        var lossError = GradientCheck.RelativeError(model, x, new GradientTarget(GradientKind.Loss, 0), labels, (m, r) => LossOf(Logits, m, r, (int)labels[r]));
        Assert.True(lossError < 1e-3, $"loss: relative error {lossError}");
    }

    [Fact]
    public void Mlp_Xor_LearnsWhatALinearModelCannot()
    {
        var data = TrainingFixtures.Xor(800, seed: 11);
        var options = new MlpOptions { HiddenLayers = [16, 16], LearningRate = 0.01f, MaxEpochs = 300, Seed = 3 };
        var model = MlpTrainer.Fit(data, options);
        Assert.True(TrainingFixtures.Accuracy(model.Predict(data.Features), data.Labels) > 0.93);
        Assert.True(TrainingFixtures.Accuracy(LogisticRegressionTrainer.Fit(data).Predict(data.Features), data.Labels) < 0.7);
    }

    [Fact]
    public void Mlp_SameSeed_SameWeights_OtherSeed_Different()
    {
        var data = TrainingFixtures.Blobs(200, seed: 2);
        var options = new MlpOptions { HiddenLayers = [8], MaxEpochs = 20, Seed = 9 };
        var a = MlpTrainer.Fit(data, options);
        var b = MlpTrainer.Fit(data, options);
        var c = MlpTrainer.Fit(data, options with { Seed = 10 });
        Assert.Equal(a.LayerWeights[0], b.LayerWeights[0]);
        Assert.NotEqual(a.LayerWeights[0], c.LayerWeights[0]);
    }

    [Fact]
    public void Mlp_InputGradient_AgreesWithFiniteDifferences()
    {
        var data = TrainingFixtures.ThreeClasses(120, seed: 4);
        var model = MlpTrainer.Fit(data, new MlpOptions { HiddenLayers = [12, 6], MaxEpochs = 30, Seed = 1 });
        var x = data.Features.SelectRows([0, 1, 2, 3, 4, 5]);
        var labels = Enumerable.Range(0, 6).Select(i => data.Labels[i]).ToArray();

        float[] Logits(FloatMatrix m, int r)
        {
            var buffers = model.Buffers();
            model.Forward(m.Row(r), buffers);
            return buffers[^1];
        }

        // Same ReLU pattern at x - eps and x + eps: the network is linear in between.
        bool Smooth(FloatMatrix plus, FloatMatrix minus, int r)
        {
            var a = model.Buffers();
            var b = model.Buffers();
            model.Forward(plus.Row(r), a);
            model.Forward(minus.Row(r), b);
            return Enumerable.Range(1, a.Length - 2).All(l => a[l].Zip(b[l]).All(p => (p.First > 0) == (p.Second > 0)));
        }

        for (var c = 0; c < 3; c++)
        {
            var error = GradientCheck.RelativeError(model, x, new GradientTarget(GradientKind.Logit, c), labels, (m, r) => Logits(m, r)[c], Smooth);
            Assert.True(error < 1e-3, $"class {c}: relative error {error}");
        }

        var lossError = GradientCheck.RelativeError(model, x, new GradientTarget(GradientKind.Loss, 0), labels, (m, r) => LossOf(Logits, m, r, (int)labels[r]), Smooth);
        Assert.True(lossError < 1e-3, $"loss: relative error {lossError}");
    }

    [Fact]
    public void Gbdt_StepFunction_IsLearnedExactly()
    {
        var x = new FloatMatrix(200, 1);
        var y = new float[200];
        for (var i = 0; i < 200; i++)
        {
            x[i, 0] = i;
            y[i] = i >= 120 ? 1 : 0;
        }

        var model = GbdtTrainer.Fit(new TrainingSet(x, y, 2), new GbdtOptions { Trees = 20, MaxDepth = 2, MinSamplesLeaf = 5 });
        Assert.Equal(1.0, TrainingFixtures.Accuracy(model.Predict(x), y));
        Assert.Equal(119.5f, model.Trees[0].Threshold[0]);
    }

    [Fact]
    public void Gbdt_Multiclass_AndSubsample_AreDeterministic()
    {
        var data = TrainingFixtures.ThreeClasses(300, seed: 8);
        var options = new GbdtOptions { Trees = 15, MaxDepth = 3, Subsample = 0.7, Seed = 4 };
        var a = GbdtTrainer.Fit(data, options);
        var b = GbdtTrainer.Fit(data, options);
        Assert.Equal(45, a.Trees.Count);
        Assert.Equal(a.Predict(data.Features).Data, b.Predict(data.Features).Data);
        Assert.True(TrainingFixtures.Accuracy(a.Predict(data.Features), data.Labels) > 0.95);
    }

    [Fact]
    public void Gbdt_ZeroWeightRows_AreIgnored()
    {
        var x = new FloatMatrix(100, 1);
        var y = new float[100];
        var w = new float[100];
        for (var i = 0; i < 100; i++)
        {
            x[i, 0] = i;
            y[i] = i >= 50 ? 1 : 0;
            w[i] = 1;
        }

        // Flip the labels of the first ten rows but give them no weight: the model must not learn them.
        for (var i = 0; i < 10; i++)
        {
            y[i] = 1;
            w[i] = 0;
        }

        var model = GbdtTrainer.Fit(new TrainingSet(x, y, 2, w), new GbdtOptions { Trees = 30, MaxDepth = 2, MinSamplesLeaf = 3 });
        Assert.True(model.Predict(x.SelectRows([0, 1, 2]))[0, 1] < 0.5);
    }

    [Theory]
    [InlineData(new float[] { 1, 2, 3 }, 255, new float[] { 1.5f, 2.5f })]
    [InlineData(new float[] { 5, 5, 5 }, 255, new float[0])]
    [InlineData(new float[] { 0, 10, 20, 30, 40 }, 2, new float[] { 20f })]
    public void Thresholds_Column_AreMidpointsOrQuantiles(float[] column, int maxBins, float[] expected) =>
        Assert.Equal(expected, GbdtTrainer.Thresholds(column, maxBins));

    [Fact]
    public void TrainingSet_BadInput_IsRefusedWithTheRow()
    {
        var x = new FloatMatrix(2, 1, [1, 2]);
        Assert.Contains("Row 1: label 2", Assert.Throws<ArgumentException>(() => new TrainingSet(x, [0, 2], 2)).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => new TrainingSet(new FloatMatrix(1, 1, [float.NaN]), [0], 2)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TrainingSet(x, [0, 1], 2, [1, -1]));
    }

    [Fact]
    public async Task Predictors_CountQueries()
    {
        var data = TrainingFixtures.Blobs(40, seed: 1);
        var model = LogisticRegressionTrainer.Fit(data);
        await ((IPredictor)model).PredictAsync(data.Features, CancellationToken.None);
        Assert.Equal(40, model.Queries.Rows);
    }
}
