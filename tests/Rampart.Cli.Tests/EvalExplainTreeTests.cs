using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Evaluation.Explainability;
using Rampart.Evaluation.Fairness;
using Rampart.ML.Data;
using Rampart.ML.Onnx;

namespace Rampart.Tests;

/// <summary><c>rampart eval explain</c> on a gradient-boosted model trained by <c>rampart train</c>: TreeSHAP through the ONNX path.</summary>
public sealed class EvalExplainTreeTests
{
    private static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("income,colour,sex,approved\n");
        for (var i = 0; i < rows; i++)
        {
            var income = random.Next(10, 100);
            var colour = random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            var approved = income + (colour == "red" ? 20 : 0) > 60 ? "yes" : "no";
            sb.Append(CultureInfo.InvariantCulture, $"{income},{colour},{(i % 2 == 0 ? "f" : "m")},{approved}\n");
        }

        return sb.ToString();
    }

    private static async Task<(TempFolder Folder, string Model, string Data)> TrainedGbdtAsync()
    {
        var folder = new TempFolder();
        var train = folder.Write("train.csv", Csv(300, 1));
        var test = folder.Write("test.csv", Csv(40, 2));
        var model = Path.Combine(folder.Path, "gbdt.onnx");
        var (exit, _, stderr) = await CliRunner.RunAsync("train", "--data", train, "--label", "approved", "--model", "gbdt", "--sensitive", "sex", "--out", model, "--seed", "3");
        Assert.True(exit == 0, stderr);
        return (folder, model, test);
    }

    [Fact]
    public async Task EvalExplain_MethodTreeOnTrainedGbdt_ExactTreeShapEqualToTheLibrary()
    {
        var (folder, model, data) = await TrainedGbdtAsync();
        using var _ = folder;

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "approved", "--method", "tree", "--format", "json", "--background", "100", "--max-rows", "100", "--rows", "1", "2");

        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.False(root.TryGetProperty("kernelShap", out var _));
        var tree = root.GetProperty("treeShap");
        Assert.Equal("raw score (log-odds of class 1) before post_transform NONE and the graph's Sigmoid", tree.GetProperty("output").GetString());
        Assert.True(tree.GetProperty("exact").GetBoolean());
        Assert.Equal(40, tree.GetProperty("backgroundRows").GetInt32());
        var baseValue = tree.GetProperty("baseValue").GetDouble();
        foreach (var local in tree.GetProperty("local").EnumerateArray())
        {
            var sum = local.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("shap").GetDouble());
            Assert.Equal(local.GetProperty("prediction").GetDouble() - baseValue, sum, 1e-9);
        }

        // The same explanation computed with the library: all 40 rows explained against all 40 as background.
        var loaded = ModelUnderTest.LoadOnnx(model).Value!;
        var read = await TabularDatasetReader.ReadAsync(data, new DatasetReadOptions { Label = "approved", Sensitive = ["sex"] }, CancellationToken.None);
        var map = loaded.FeatureMap!;
        var x = map.Encode(read.Value!).Value!;
        var ensemble = OnnxTreeEnsembleReader.TryRead((OnnxPredictor)loaded.Predictor).Ensemble!;
        var expected = ShapSummary.GlobalImportances(ShapSummary.GroupByColumns(TreeShap.Explain(ensemble, x, x, 0, [.. Enumerable.Range(0, map.FeatureCount).Select(map.Describe)]), map));
        var columns = tree.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, columns.Length);
        foreach (var column in columns)
        {
            var match = expected.Single(e => e.Feature == column.GetProperty("column").GetString());
            Assert.Equal(match.MeanAbsoluteShap, column.GetProperty("meanAbsoluteShap").GetDouble(), 1e-12);
        }

        Assert.Equal("income", columns[0].GetProperty("column").GetString());
        Assert.True(root.GetProperty("proxyCheck").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task EvalExplain_DefaultMethodOnTreeModel_PrefersTreeShapAndKernelStaysAvailable()
    {
        var (folder, model, data) = await TrainedGbdtAsync();
        using var _ = folder;

        var all = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "approved");
        var kernel = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "approved", "--method", "kernel");

        Assert.True(all.Exit == 0, all.Error);
        Assert.Contains("\nTreeSHAP of raw score (log-odds of class 1) before post_transform NONE and the graph's Sigmoid: 40 rows, 20 background rows, base value ", all.Out, StringComparison.Ordinal);
        Assert.Contains("\nPermutation importance (", all.Out, StringComparison.Ordinal);
        Assert.Contains("\nSurrogate tree of predicted class", all.Out, StringComparison.Ordinal);
        Assert.True(kernel.Exit == 0, kernel.Error);
        Assert.True(kernel.Out.Contains("\nKernelSHAP of P(class = 1): 40 rows, 20 background rows", StringComparison.Ordinal), kernel.Out);
        Assert.DoesNotContain("TreeSHAP", kernel.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalExplain_MethodTreeOnNonTreeModel_Exit1WithTheReason()
    {
        using var folder = new TempFolder();
        var data = folder.Write("test.csv", Csv(20, 3));
        var model = Path.Combine(folder.Path, "logreg.onnx");
        var train = await CliRunner.RunAsync("train", "--data", folder.Write("train.csv", Csv(200, 4)), "--label", "approved", "--model", "logreg", "--sensitive", "sex", "--out", model);
        Assert.True(train.Exit == 0, train.Error);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "approved", "--method", "tree");

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("error: --method tree: The model is not a tree ensemble TreeSHAP can read: the graph has no TreeEnsembleClassifier or TreeEnsembleRegressor node (operators: Gemm, Softmax).", stderr, StringComparison.Ordinal);
    }
}
