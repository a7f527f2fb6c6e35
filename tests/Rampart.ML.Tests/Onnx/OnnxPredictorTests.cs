using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Runtime;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Xunit.Abstractions;

namespace Rampart.Tests.ML.Onnx;

public sealed class OnnxPredictorTests(ITestOutputHelper output)
{
    private static FloatMatrix Inputs(int seed, int rows, int columns) =>
        new(rows, columns, OnnxTestModels.Random(new Random(seed), rows * columns, 1.5f));

    [Fact]
    public async Task PredictAsync_SoftmaxMlp_MatchesHandComputedForwardPass()
    {
        var b = new OnnxModelBuilder();
        b.AddInput("x", OnnxDataType.Float, null, 2);
        b.AddInitializer("w", [1f, -1f, 0.5f, 2f], 2, 2);
        b.AddInitializer("c", [0.1f, -0.2f], 2);
        b.AddNode("Gemm", ["x", "w", "c"], ["z"]);
        b.AddNode("Softmax", ["z"], ["probabilities"]);
        b.AddOutput("probabilities", OnnxDataType.Float, null, 2);
        var predictor = OnnxPredictor.Load(b.ToBytes(), "hand");

        var result = await predictor.PredictAsync(new FloatMatrix(1, 2, [1f, 2f]), CancellationToken.None);

        // z = [1*1 + 2*0.5 + 0.1, 1*-1 + 2*2 - 0.2] = [2.1, 2.8]
        var e0 = Math.Exp(2.1);
        var e1 = Math.Exp(2.8);
        Assert.Equal(e0 / (e0 + e1), result[0, 0], 5);
        Assert.Equal(e1 / (e0 + e1), result[0, 1], 5);
        Assert.Equal(OnnxOutputMode.Probabilities, predictor.Model.OutputMode);
        Assert.Equal(PredictionKind.Classification, predictor.Info.Kind);
        Assert.Equal(1, predictor.Queries.Rows);
    }

    [Fact]
    public async Task PredictAsync_LogitsWithoutSoftmax_AppliesSoftmaxAndSaysSo()
    {
        var predictor = OnnxPredictor.Load(OnnxTestModels.Mlp(1, [5, 8, 3], softmax: false, outputName: "logits"), "logits");
        var inputs = Inputs(2, 4, 5);

        var result = await predictor.PredictAsync(inputs, CancellationToken.None);

        Assert.Equal(OnnxOutputMode.LogitsSoftmaxApplied, predictor.Model.OutputMode);
        Assert.Contains(predictor.Model.Notes, n => n.Contains("applies a softmax", StringComparison.Ordinal));
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(1f, result.Row(r).ToArray().Sum(), 4);
        }
    }

    [Fact]
    public async Task PredictAsync_SigmoidOutput_ReportsTwoClassProbabilities()
    {
        var b = new OnnxModelBuilder();
        b.AddInput("x", OnnxDataType.Float, null, 3);
        b.AddInitializer("w", [0.5f, -1f, 2f], 3, 1);
        b.AddNode("MatMul", ["x", "w"], ["z"]);
        b.AddNode("Sigmoid", ["z"], ["p"]);
        b.AddOutput("p", OnnxDataType.Float, null, 1);
        var predictor = OnnxPredictor.Load(b.ToBytes(), "sigmoid");

        var result = await predictor.PredictAsync(new FloatMatrix(1, 3, [1f, 1f, 1f]), CancellationToken.None);

        var p = 1 / (1 + Math.Exp(-1.5));
        Assert.Equal(OnnxOutputMode.BinarySigmoid, predictor.Model.OutputMode);
        Assert.Equal(2, predictor.Info.OutputCount);
        Assert.Equal(1 - p, result[0, 0], 5);
        Assert.Equal(p, result[0, 1], 5);
    }

    [Fact]
    public async Task PredictAsync_OneLinearOutput_IsRegression()
    {
        var b = new OnnxModelBuilder();
        b.AddInput("x", OnnxDataType.Float, null, 2);
        b.AddInitializer("w", [3f, -1f], 2, 1);
        b.AddNode("MatMul", ["x", "w"], ["y"]);
        b.AddOutput("y", OnnxDataType.Float, null, 1);
        var predictor = OnnxPredictor.Load(b.ToBytes(), "regression");

        var result = await predictor.PredictAsync(new FloatMatrix(2, 2, [1f, 2f, 0f, -1f]), CancellationToken.None);

        Assert.Equal(PredictionKind.Regression, predictor.Info.Kind);
        Assert.Equal([1f, 1f], result.Data);
    }

    [Fact]
    public void Load_OutputNamedProbabilities_IsPreferredOverOtherFloatOutputs()
    {
        var b = new OnnxModelBuilder();
        b.AddInput("x", OnnxDataType.Float, null, 2);
        b.AddNode("Identity", ["x"], ["raw"]);
        b.AddNode("Softmax", ["x"], ["output_probability"]);
        b.AddNode("ArgMax", ["x"], ["label"], OnnxAttributeValue.OfInt("axis", 1));
        b.AddOutput("label", OnnxDataType.Int64, null, 1);
        b.AddOutput("raw", OnnxDataType.Float, null, 2);
        b.AddOutput("output_probability", OnnxDataType.Float, null, 2);

        var predictor = OnnxPredictor.Load(b.ToBytes(), "named");

        Assert.Equal("output_probability", predictor.Model.OutputName);
        Assert.Equal(OnnxOutputMode.Probabilities, predictor.Model.OutputMode);
    }

    [Fact]
    public async Task PredictAsync_PastBudget_RefusesAndCountsNothing()
    {
        var predictor = OnnxPredictor.Load(OnnxTestModels.Mlp(3, [4, 3, 2], softmax: true), "budget", new OnnxPredictorOptions { QueryBudget = 5 });
        await predictor.PredictAsync(Inputs(1, 4, 4), CancellationToken.None);

        await Assert.ThrowsAsync<QueryBudgetExceededException>(async () => await predictor.PredictAsync(Inputs(1, 2, 4), CancellationToken.None));
        Assert.Equal(4, predictor.Queries.Rows);
    }

    [Fact]
    public async Task PredictAsync_WrongFeatureCount_ThrowsArgumentException()
    {
        var predictor = OnnxPredictor.Load(OnnxTestModels.Mlp(3, [4, 3, 2], softmax: true), "width");
        await Assert.ThrowsAsync<ArgumentException>(async () => await predictor.PredictAsync(Inputs(1, 2, 5), CancellationToken.None));
    }

    public static TheoryData<string, GradientKind, int> GradientCases() => new()
    {
        { "mlp-relu-softmax", GradientKind.Loss, 0 },
        { "mlp-relu-softmax", GradientKind.Logit, 1 },
        { "mlp-tanh-logits", GradientKind.Loss, 0 },
        { "mlp-tanh-logits", GradientKind.Logit, 2 },
        { "cnn", GradientKind.Loss, 0 },
        { "cnn", GradientKind.Logit, 1 },
        { "mixed", GradientKind.Loss, 0 },
        { "mixed", GradientKind.Logit, 2 },
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void InputGradient_SmallModels_MatchesCentralFiniteDifferences(string model, GradientKind kind, int classIndex)
    {
        var (bytes, features, classes) = model switch
        {
            "mlp-relu-softmax" => (OnnxTestModels.Mlp(11, [6, 10, 7, 3], softmax: true), 6, 3),
            "mlp-tanh-logits" => (OnnxTestModels.Mlp(12, [5, 9, 4], softmax: false, "Tanh", "logits"), 5, 4),
            "cnn" => (OnnxTestModels.Cnn(13), 36, 2),
            _ => (OnnxTestModels.Mixed(14), 4, 3),
        };
        var predictor = OnnxPredictor.Load(bytes, model);
        Assert.Null(predictor.Model.GradientUnavailableReason);
        const int Rows = 3;
        var inputs = Inputs(21, Rows, features);
        var labels = Enumerable.Range(0, Rows).Select(r => (float)(r % classes)).ToArray();
        var target = new GradientTarget(kind, classIndex);

        var analytic = predictor.InputGradient(inputs, target, labels);

        const float Eps = 1e-2f;
        double diff = 0, norm = 0;
        for (var r = 0; r < Rows; r++)
        {
            for (var f = 0; f < features; f++)
            {
                var plus = inputs.Clone();
                plus[r, f] += Eps;
                var minus = inputs.Clone();
                minus[r, f] -= Eps;
                var numeric = (Objective(predictor, plus, r, target, labels[r]) - Objective(predictor, minus, r, target, labels[r])) / (2 * Eps);
                diff += Math.Pow(analytic[r, f] - numeric, 2);
                norm += numeric * numeric;
            }
        }

        var relative = Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), 1e-6);
        output.WriteLine($"{model} {kind} class {classIndex}: relative error {relative:E2} (|grad| {Math.Sqrt(norm):F4})");
        Assert.True(relative < 1e-3, $"relative error {relative:E3}");
        Assert.True(norm > 1e-8, "the gradient should not vanish on these models");
    }

    /// <summary>The differentiated quantity of row <paramref name="row"/>, computed in double from a forward pass.</summary>
    private static double Objective(OnnxPredictor predictor, FloatMatrix inputs, int row, GradientTarget target, float label)
    {
        var model = predictor.CompiledModel;
        var values = model.Graph.Run(new Dictionary<string, OnnxTensor>(StringComparer.Ordinal)
        {
            [predictor.Model.InputName] = OnnxTensor.Create([inputs.Rows, .. model.Graph.Inputs[0].Shape!.Skip(1).Select(d => (int)d.Value!.Value)], (float[])inputs.Data.Clone()),
        });
        var z = values[predictor.LogitSlot]!.Floats;
        var width = z.Length / inputs.Rows;
        var zr = z.Skip(row * width).Take(width).Select(v => (double)v).ToArray();
        if (target.Kind == GradientKind.Logit)
        {
            return zr[target.ClassIndex];
        }

        var max = zr.Max();
        var logSum = max + Math.Log(zr.Sum(v => Math.Exp(v - max)));
        return -(zr[(int)label] - logSum);
    }

    [Fact]
    public void InputGradient_NonDifferentiableOperatorOnPath_ThrowsNamingIt()
    {
        var b = new OnnxModelBuilder();
        b.AddInput("x", OnnxDataType.Float, null, 3);
        b.AddInitializer("w", [1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        b.AddNode("Abs", ["x"], ["a"]);
        b.AddNode("MatMul", ["a", "w"], ["z"]);
        b.AddNode("Softmax", ["z"], ["probabilities"]);
        b.AddOutput("probabilities", OnnxDataType.Float, null, 2);
        var predictor = OnnxPredictor.Load(b.ToBytes(), "abs");

        Assert.Contains("Abs", predictor.Model.GradientUnavailableReason, StringComparison.Ordinal);
        var ex = Assert.Throws<PredictorException>(() => predictor.InputGradient(Inputs(1, 2, 3), new GradientTarget(GradientKind.Logit, 0), []));
        Assert.Contains("operator Abs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not differentiable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FromFile_RecordsHashAndOperators()
    {
        using var folder = new Rampart.Tests.TempFolder();
        var path = Path.Combine(folder.Path, "mlp.onnx");
        var bytes = OnnxTestModels.Mlp(5, [3, 4, 2], softmax: true);
        File.WriteAllBytes(path, bytes);

        var predictor = OnnxPredictor.Load(path);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), predictor.Model.Sha256);
        Assert.Equal(["Gemm", "Relu", "Softmax"], predictor.Model.Operators.ToArray());
        Assert.Equal(8, predictor.Model.IrVersion);
        Assert.Equal(13, predictor.Model.OpsetVersion);
        Assert.Equal(path, predictor.Info.Source);
        Assert.Equal(3, predictor.Info.FeatureCount);
    }
}
