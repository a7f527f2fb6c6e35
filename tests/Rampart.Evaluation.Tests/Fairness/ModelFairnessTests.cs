using System.Text;
using Rampart.Evaluation.Fairness;
using Rampart.ML.Data;
using Rampart.ML.Onnx;
using Rampart.Tests;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class ModelFairnessTests
{
    private static ModelUnderTest Model(int features = 1) =>
        ModelUnderTest.FromOnnx(OnnxPredictor.Load(FairnessTestData.ThresholdModel(features), "m.onnx"), "m.onnx").Value!;

    private static async Task<TabularDataset> ReadAsync(string csv, string label = "y", params string[] sensitive)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var read = await TabularDatasetReader.ReadAsync(stream, "test.csv", new DatasetReadOptions { Label = label, Sensitive = [.. sensitive] }, CancellationToken.None);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        return read.Value!;
    }

    private static readonly ModelFairnessOptions NoBootstrap = new() { Fairness = new FairnessOptions { BootstrapSamples = 0 } };

    [Fact]
    public async Task EvaluateAsync_CraftedModel_ExactCountsScoresAndMostFrequentFavourable()
    {
        var data = await ReadAsync(FairnessTestData.BiasedCsv(), "y", "g");
        var result = await ModelFairness.EvaluateAsync(Model(), data, NoBootstrap, CancellationToken.None);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var value = result.Value!;
        Assert.Equal(("1", "most frequent class", 1), (value.FavourableClass, value.FavourableChosenBy, value.FeatureCount));
        Assert.Equal(["0", "1"], value.ModelClasses.ToArray());
        var a = value.Report.Grouping("g").Group("a");
        Assert.Equal((28L, 4L, 6L, 2L), (a.Counts.TruePositives, a.Counts.FalsePositives, a.Counts.TrueNegatives, a.Counts.FalseNegatives));
        Assert.Equal(0.45, value.Report.Grouping("g").Aggregate(FairnessMetricNames.DemographicParityDifference).Value, 12);

        // Scores are P(1): σ(5) for x = 1 and σ(-5) for x = 0, so the first calibration bin holds the 34 rows with x = 0.
        var bins = value.Report.Overall.Calibration;
        Assert.Equal(2, bins.Length);
        Assert.Equal(34, bins[0].Count);
        Assert.Equal(1 / (1 + Math.Exp(5)), bins[0].MeanScore, 6);
    }

    [Fact]
    public async Task EvaluateAsync_FavourableZero_SelectionIsTheOtherClass()
    {
        var data = await ReadAsync(FairnessTestData.BiasedCsv(), "y", "g");
        var result = await ModelFairness.EvaluateAsync(Model(), data, NoBootstrap with { FavourableClass = "0" }, CancellationToken.None);
        var report = result.Value!.Report;
        Assert.Equal("given", result.Value.FavourableChosenBy);
        Assert.Equal(8.0 / 40, report.Grouping("g").Group("a").SelectionRate.Value, 12);
        Assert.Equal(26.0 / 40, report.Grouping("g").Group("b").SelectionRate.Value, 12);
    }

    [Fact]
    public async Task EvaluateAsync_ClassNamesTheModelLacks_ProblemNamingBoth()
    {
        var data = await ReadAsync("x,g,y\n1,a,yes\n0,a,no\n1,b,yes\n0,b,no\n", "y", "g");
        var result = await ModelFairness.EvaluateAsync(Model(), data, NoBootstrap with { FavourableClass = "yes" }, CancellationToken.None);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("model", problem.Field);
        Assert.Equal("The model's classes (0, 1) do not include the favourable class 'yes' of the label 'y'.", problem.Message);
    }

    [Fact]
    public async Task EvaluateAsync_NumericLabelAndNoSensitive_EveryProblemAtOnce()
    {
        var data = await ReadAsync("x,g,y\n1,a,0.5\n0,a,1.5\n1,b,2.5\n0,b,3.5\n1,a,4.5\n0,b,5.5\n1,a,6.5\n0,b,7.5\n1,a,8.25\n0,a,9.75\n1,b,10.5\n0,b,11.5\n1,a,12.5\n0,a,13.5\n1,b,14.5\n0,b,15.5\n1,a,16.5\n0,a,17.5\n1,b,18.5\n0,b,19.5\n1,a,20.5\n0,a,21.5\n1,b,22.5\n0,b,23.5\n");
        var result = await ModelFairness.EvaluateAsync(Model(), data, NoBootstrap, CancellationToken.None);
        Assert.Contains(result.Problems, p => p.Field == "y" && p.Message.Contains("is numeric (regression)", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Field == "sensitive_features");
    }

    [Fact]
    public async Task EvaluateAsync_TextColumnWithoutFeatureMap_ProblemNamingIt()
    {
        var data = await ReadAsync("x,city,g,y\n1,rome,a,1\n0,oslo,a,0\n1,rome,b,1\n0,oslo,b,1\n", "y", "g");
        var result = await ModelFairness.EvaluateAsync(Model(), data, NoBootstrap, CancellationToken.None);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("city", problem.Field);
        Assert.Contains("'city' is not", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOnnx_NotOnnx_ProblemUnderModel()
    {
        using var folder = new TempFolder();
        var path = folder.Write("m.onnx", "plain text");
        var problem = Assert.Single(ModelUnderTest.LoadOnnx(path, "models/m.onnx").Problems);
        Assert.Equal(("models/m.onnx", "model"), (problem.File, problem.Field));
    }
}
