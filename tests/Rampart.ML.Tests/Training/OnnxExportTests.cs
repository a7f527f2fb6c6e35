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

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Gbdt_ExportedAndReloaded_PredictsTheSame(int classes)
    {
        var data = classes == 2 ? TrainingFixtures.Blobs(300, 4) : TrainingFixtures.ThreeClasses(300, 4);
        var model = GbdtTrainer.Fit(data, new GbdtOptions { Trees = 25, MaxDepth = 4, MinSamplesLeaf = 5 });
        var onnx = OnnxPredictor.Load(OnnxExport.ToOnnx(model), "test");
        AssertSamePredictions(model.Predict(data.Features), await onnx.PredictAsync(data.Features, CancellationToken.None));
    }

    [Fact]
    public void Exports_OfEveryTrainer_PassTheReferenceOnnxChecker()
    {
        if (!Rampart.Tests.ML.Onnx.AiOnnxMl.OnnxCheckerTests.PythonOnnxAvailable(out var why))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"python3-onnx is missing in CI: {why}");
            return;
        }

        using var folder = new TempFolder();
        var binary = TrainingFixtures.Blobs(200, 1);
        var three = TrainingFixtures.ThreeClasses(200, 1);
        var models = new (string Name, byte[] Bytes)[]
        {
            ("logreg2", OnnxExport.ToOnnx(LogisticRegressionTrainer.Fit(binary))),
            ("logreg3", OnnxExport.ToOnnx(LogisticRegressionTrainer.Fit(three))),
            ("mlp", OnnxExport.ToOnnx(MlpTrainer.Fit(three, new MlpOptions { HiddenLayers = [8], MaxEpochs = 5 }))),
            ("gbdt2", OnnxExport.ToOnnx(GbdtTrainer.Fit(binary, new GbdtOptions { Trees = 5, MaxDepth = 3 }))),
            ("gbdt3", OnnxExport.ToOnnx(GbdtTrainer.Fit(three, new GbdtOptions { Trees = 5, MaxDepth = 3 }))),
        };
        var paths = models.Select(m =>
        {
            var path = Path.Combine(folder.Path, m.Name + ".onnx");
            File.WriteAllBytes(path, m.Bytes);
            return "full:" + path;
        }).ToList();
        var (exit, text) = Rampart.Tests.ML.Onnx.AiOnnxMl.OnnxCheckerTests.RunPython(["-c", Rampart.Tests.ML.Onnx.AiOnnxMl.OnnxCheckerTests.Script, .. paths]);
        Assert.True(exit == 0, text);
        Assert.Equal(models.Length, text.Split('\n').Count(l => l.StartsWith("OK ", StringComparison.Ordinal)));
    }
}
