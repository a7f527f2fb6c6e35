using System.Text;
using Rampart.Evaluation.Fairness;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class DatasetFairnessTests
{
    private const string Csv = "sex,age,default,score\nF,30,1,0.9\nF,41,0,0.2\nM,25,0,0.4\nM,52,1,0.7\nF,33,0,0.1\nM,60,0,0.3\n";

    private static async Task<TabularDataset> ReadAsync()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Csv));
        var result = await TabularDatasetReader.ReadAsync(stream, "credit.csv", new DatasetReadOptions { Label = "default", Sensitive = ["sex"] }, CancellationToken.None);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    [Fact]
    public async Task FromDataset_LabelAndSensitiveColumns_EvaluateEndToEnd()
    {
        var dataset = await ReadAsync();
        var features = SensitiveFeature.FromDataset(dataset);
        Assert.Equal("sex", Assert.Single(features).Name);
        Assert.Equal(["F", "M"], features[0].Groups.ToArray());

        // "0" (did not default) is the favourable outcome, so the selection rate is the share predicted to repay.
        var yTrue = BinaryOutcomes.FromLabel(dataset.Label!, "0").Value!;
        Assert.Equal([0, 1, 1, 0, 1, 1], yTrue);
        int[] yPred = [0, 1, 1, 1, 1, 1];
        var report = FairnessFixtures.Evaluate(FairnessInput.Create(yTrue, yPred, features).Value!, new FairnessOptions { BootstrapSamples = 0 });
        Assert.Equal(2.0 / 3, report.Grouping("sex").Group("F").SelectionRate.Value, 12);
        Assert.Equal(1.0, report.Grouping("sex").Group("M").SelectionRate.Value, 12);
    }

    [Fact]
    public async Task FromLabel_UnknownClass_ProblemWithSuggestion()
    {
        var dataset = await ReadAsync();
        var problem = Assert.Single(BinaryOutcomes.FromLabel(dataset.Label!, "O").Problems);
        Assert.Equal("favourable_class", problem.Field);
        Assert.Contains("is not one of the classes (0, 1)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromClasses_ThreeClasses_OneVersusRest()
    {
        var outcomes = BinaryOutcomes.FromClasses([0, 1, 2, 1], ["low", "mid", "high"], "mid").Value!;
        Assert.Equal([0, 1, 0, 1], outcomes);
        Assert.False(BinaryOutcomes.FromClasses([3], ["low"], "low").IsValid);
    }
}
