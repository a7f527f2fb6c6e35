using System.Collections.Immutable;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Robustness;
using Rampart.ML.Data;
using Rampart.ML.Onnx;

namespace Rampart.Evaluation.Tests.Robustness;

public sealed class ModelRobustnessTests
{
    private static ModelUnderTest StepModel()
    {
        var bytes = new OnnxModelBuilder("step")
            .AddInput("input", OnnxDataType.Float, null, 1)
            .AddInitializer("w", [0f, 20f], 2, 1)
            .AddInitializer("b", [0f, -10f], 2)
            .AddNode("Gemm", ["input", "w", "b"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
            .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
            .AddOutput("probabilities", OnnxDataType.Float, null, 2)
            .AddMetadata("rampart.class_labels", "0,1")
            .ToBytes();
        return ModelUnderTest.FromOnnx(OnnxPredictor.Load(bytes, "step.onnx"), "step.onnx").Value!;
    }

    private static async Task<TabularDataset> DataAsync(string csv)
    {
        using var reader = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        return (await TabularDatasetReader.ReadAsync(reader, "test.csv", new DatasetReadOptions { Label = "y" }, CancellationToken.None)).Value!;
    }

    [Fact]
    public async Task EvaluateAsync_Progress_NamesEachAttackInOrder()
    {
        var data = await DataAsync("x,y\n0.1,0\n0.45,0\n0.55,1\n0.9,1\n");
        var seen = new List<string>();
        var result = await ModelRobustness.EvaluateAsync(StepModel(), data, new ModelRobustnessOptions { Progress = new Collect(seen) }, CancellationToken.None);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(["FGSM", "PGD", "HopSkipJump", "Square", "natural corruptions"], seen);
        Assert.Equal(1, result.Value!.CleanAccuracy);
        Assert.Equal(0.5, result.Value.WorstCase.Single(p => p.Epsilon == 0.1).Accuracy);
    }

    [Fact]
    public async Task EvaluateAsync_CancelledDuringTheRun_ThrowsOperationCanceled()
    {
        var data = await DataAsync("x,y\n0.1,0\n0.45,0\n0.55,1\n0.9,1\n");
        using var cancel = new CancellationTokenSource();
        var progress = new Cancel(cancel, after: "HopSkipJump");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ModelRobustness.EvaluateAsync(StepModel(), data, new ModelRobustnessOptions { Progress = progress }, cancel.Token));
    }

    [Fact]
    public async Task EvaluateAsync_BadOptionsAndLabel_EveryProblemNamed()
    {
        var data = await DataAsync("x,y\n0.1,0\n0.9,maybe\n");
        var bad = await ModelRobustness.EvaluateAsync(StepModel(), data, new ModelRobustnessOptions { MaxRows = 0, Epsilons = ImmutableArray.Create(0.0) }, CancellationToken.None);
        Assert.Equal(["max_rows", "epsilons"], bad.Problems.Select(p => p.Field!).ToArray());

        var label = await ModelRobustness.EvaluateAsync(StepModel(), data, null, CancellationToken.None);
        var problem = Assert.Single(label.Problems);
        Assert.Equal("y", problem.Field);
        Assert.Contains("class(es) 'maybe' that the model's classes (0, 1) do not include", problem.Message, StringComparison.Ordinal);
    }

    private sealed class Collect(List<string> seen) : IProgress<string>
    {
        public void Report(string value) => seen.Add(value);
    }

    private sealed class Cancel(CancellationTokenSource source, string after) : IProgress<string>
    {
        public void Report(string value)
        {
            if (value == after)
            {
                source.Cancel();
            }
        }
    }
}
