using Rampart.ML.Onnx;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Tests.ML.Training;

public sealed class OnnxExportTests
{
    private static void AssertSamePredictions(FloatMatrix expected, FloatMatrix actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        for (var i = 0; i < expected.Data.Length; i++)
        {
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-5, $"value {i}: model {expected.Data[i]}, ONNX {actual.Data[i]}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task LogisticRegression_ExportedAndReloaded_PredictsTheSame(int classes)
    {
        var data = classes == 2 ? TrainingFixtures.Blobs(200, 1) : TrainingFixtures.ThreeClasses(200, 1);
        var model = LogisticRegressionTrainer.Fit(data);
        var onnx = OnnxPredictor.Load(OnnxExport.ToOnnx(model, new Dictionary<string, string> { ["rampart.seed"] = "1" }), "test");
        AssertSamePredictions(model.Predict(data.Features), await onnx.PredictAsync(data.Features, CancellationToken.None));
        Assert.Equal(classes, onnx.Info.OutputCount);
    }

    [Fact]
    public async Task Mlp_ExportedAndReloaded_PredictsTheSameAndKeepsGradients()
    {
        var data = TrainingFixtures.ThreeClasses(200, 2);
        var model = MlpTrainer.Fit(data, new MlpOptions { HiddenLayers = [16, 8], MaxEpochs = 20, Seed = 5 });
        var onnx = OnnxPredictor.Load(OnnxExport.ToOnnx(model), "test");
        AssertSamePredictions(model.Predict(data.Features), await onnx.PredictAsync(data.Features, CancellationToken.None));

        var x = data.Features.SelectRows([0, 1, 2]);
        float[] labels = [data.Labels[0], data.Labels[1], data.Labels[2]];
        var target = new Rampart.ML.Predictors.GradientTarget(Rampart.ML.Predictors.GradientKind.Loss, 0);
        AssertSamePredictions(model.InputGradient(x, target, labels), onnx.InputGradient(x, target, labels));
    }
}
