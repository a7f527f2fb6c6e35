using Rampart.Evaluation.Explainability;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using static Rampart.Evaluation.Tests.Explainability.ExplainFixtures;

namespace Rampart.Evaluation.Tests.Explainability;

public sealed class SurrogateTreeTests
{
    private static readonly string[] Names = ["income", "debt", "age"];

    private static DelegatePredictor RuleModel() => new(3, 2, PredictionKind.Classification, x =>
        x[0] > 0.5f && x[1] <= 1 ? [0.1f, 0.9f] : [0.8f, 0.2f]);

    [Fact]
    public async Task FitAsync_ModelIsATwoLevelRule_RecoversItWithFullFidelity()
    {
        var rows = Random(400, 3, seed: 21);
        var result = await SurrogateTree.FitAsync(RuleModel(), rows, featureNames: Names);
        Assert.True(result.Classification);
        Assert.Equal(1.0, result.Fidelity);
        Assert.Equal(1.0, result.TrainingFidelity);
        Assert.Equal(100, result.HoldoutRows);
        Assert.Equal(300, result.TrainingRows);
        Assert.All(result.Nodes, n => Assert.NotEqual(2, n.Feature));
        Assert.Contains(result.Rules, r => r.Contains("income > 0.5", StringComparison.Ordinal) && r.Contains("debt <= 1", StringComparison.Ordinal) && r.Contains("then predicted class = 1 (100% of", StringComparison.Ordinal));
        Assert.Contains("income <= 0.", result.Print(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FitAsync_RegressionOfAStep_HasRSquaredOneAndLeafMeans()
    {
        var f = Function(2, x => x[0] > 1 ? 3 : -1);
        var rows = Random(200, 2, seed: 22);
        var result = await SurrogateTree.FitAsync(f, rows, new SurrogateTreeOptions { MaxDepth = 1 });
        Assert.False(result.Classification);
        Assert.Equal(1.0, result.Fidelity, 12);
        Assert.Equal(3, result.Nodes.Length);
        Assert.Equal(0, result.Nodes[0].Feature);
        Assert.Equal(1.0625, result.Nodes[0].Threshold);
        Assert.Equal(-1.0, result.Nodes[result.Nodes[0].Left].Value);
        Assert.Equal(3.0, result.Nodes[result.Nodes[0].Right].Value);
        Assert.Equal(["if x0 <= 1.0625 then f(x) = -1 (" + result.Nodes[1].Samples + " rows)", "if x0 > 1.0625 then f(x) = 3 (" + result.Nodes[2].Samples + " rows)"], result.Rules.ToArray());
    }

    [Fact]
    public async Task FitAsync_ConstantModel_IsOneLeaf_RSquaredUndefined()
    {
        var result = await SurrogateTree.FitAsync(Function(2, _ => 7), Random(20, 2, seed: 1));
        Assert.Single(result.Nodes);
        Assert.True(double.IsNaN(result.Fidelity));
        Assert.Equal(["if always then f(x) = 7 (15 rows)"], result.Rules.ToArray());
    }

    [Fact]
    public async Task FitAsync_SameSeed_SameTree()
    {
        var rows = Random(150, 3, seed: 23);
        var f = Function(3, x => (x[0] * x[1]) + x[2]);
        var a = await SurrogateTree.FitAsync(f, rows, new SurrogateTreeOptions { Seed = 4 });
        var b = await SurrogateTree.FitAsync(f, rows, new SurrogateTreeOptions { Seed = 4 });
        Assert.Equal(a.Nodes.ToArray(), b.Nodes.ToArray());
        Assert.Equal(a.Fidelity, b.Fidelity);
        Assert.True(a.Nodes.Length <= 15);
    }

    [Fact]
    public async Task FitAsync_HostileInputs_ErrorsNameTheField()
    {
        var f = Function(2, x => x[0]);
        var one = await Assert.ThrowsAsync<ArgumentException>(() => SurrogateTree.FitAsync(f, Random(1, 2, 1)));
        Assert.Equal("rows", one.ParamName);
        var depth = await Assert.ThrowsAsync<ArgumentException>(() => SurrogateTree.FitAsync(f, Random(5, 2, 1), new SurrogateTreeOptions { MaxDepth = 0 }));
        Assert.Contains("options.MaxDepth", depth.Message, StringComparison.Ordinal);
        var share = await Assert.ThrowsAsync<ArgumentException>(() => SurrogateTree.FitAsync(f, Random(5, 2, 1), new SurrogateTreeOptions { HoldoutShare = 1 }));
        Assert.Contains("options.HoldoutShare", share.Message, StringComparison.Ordinal);
        var nan = Random(5, 2, 1);
        nan[3, 0] = float.NaN;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SurrogateTree.FitAsync(f, nan));
        Assert.Contains("rows[3, 0]", error.Message, StringComparison.Ordinal);
        var width = await Assert.ThrowsAsync<ArgumentException>(() => SurrogateTree.FitAsync(RuleModel(), new FloatMatrix(4, 2)));
        Assert.Equal("rows", width.ParamName);
    }
}
