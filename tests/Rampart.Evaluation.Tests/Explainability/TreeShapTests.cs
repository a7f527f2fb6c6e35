using Rampart.Evaluation.Explainability;
using Rampart.ML.Tensors;
using Rampart.ML.Training;
using static Rampart.Evaluation.Tests.Explainability.ExplainFixtures;

namespace Rampart.Evaluation.Tests.Explainability;

public sealed class TreeShapTests
{
    private static GbdtModel Train(int features, int classes, int seed)
    {
        var x = Random(300, features, seed);
        var labels = new float[x.Rows];
        for (var r = 0; r < x.Rows; r++)
        {
            // Interactions and thresholds, so trees reuse features along paths.
            var score = (x[r, 0] * x[r, 1]) + Math.Max(x[r, 2], 0) - (0.5 * x[r, features - 1]);
            labels[r] = classes == 2 ? (score > 0.3 ? 1 : 0) : score < -0.5 ? 0 : score < 0.8 ? 1 : 2;
        }

        return GbdtTrainer.Fit(new TrainingSet(x, labels, classes), new GbdtOptions { Trees = 12, MaxDepth = 4, MinSamplesLeaf = 5, MaxBins = 16 });
    }

    private static ExplainedOutput RawScore(GbdtModel model, int output) =>
        Function(model.Info.FeatureCount, x =>
        {
            double sum = model.BaseScores[output];
            foreach (var tree in model.Trees.Where(t => t.Target == output))
            {
                sum += tree.Evaluate(x);
            }

            return sum;
        });

    [Theory]
    [InlineData(3, 2)]
    [InlineData(5, 2)]
    [InlineData(6, 3)]
    public async Task Explain_Gbdt_MatchesBruteForceInterventionalShapley(int features, int classes)
    {
        var model = Train(features, classes, seed: features);
        var background = Random(6, features, seed: 50 + features);
        var rows = Random(5, features, seed: 60 + features);
        for (var output = 0; output < model.BaseScores.Count; output++)
        {
            var tree = TreeShap.Explain(model, background, rows, output);
            var exact = await BruteForceShapley.ExplainAsync(RawScore(model, output), background, rows);
            AssertClose(exact, tree, 1e-8);
            AssertEfficient(tree, 1e-9);
            Assert.Equal(0, tree.ModelEvaluations);
        }
    }

    [Fact]
    public void Explain_PredictionIsTheModelsRawScore()
    {
        var model = Train(4, 2, seed: 7);
        var rows = Random(3, 4, seed: 8);
        var tree = TreeShap.Explain(model, Random(4, 4, seed: 9), rows);
        Span<float> scores = stackalloc float[1];
        for (var r = 0; r < rows.Rows; r++)
        {
            model.RawScores(rows.Row(r), scores);
            Assert.Equal(scores[0], tree.Rows[r].Prediction, 1e-5);
        }
    }

    [Fact]
    public void Explain_HandBuiltStump_GivesTheSplitFeatureTheWholeDifference()
    {
        // One split on feature 1 at 0: left 10, right 20. x goes right, background row goes left.
        var stump = new GbdtTree { Feature = [1, -1, -1], Threshold = [0, 0, 0], Left = [1, -1, -1], Right = [2, -1, -1], Value = [0, 10, 20], Target = 0 };
        var result = TreeShap.Explain([stump], 1.0, 2, Matrix(new double[,] { { 5, -1 } }), Matrix(new double[,] { { -5, 1 } }));
        Assert.Equal(0, result.Rows[0].Contributions[0], 15);
        Assert.Equal(10, result.Rows[0].Contributions[1], 15);
        Assert.Equal(11, result.BaseValue, 15);
    }

    [Fact]
    public void Explain_HostileInputs_ErrorsNameTheArgument()
    {
        var model = Train(3, 2, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => TreeShap.Explain(model, new FloatMatrix(0, 3), Random(1, 3, 1)));
        Assert.Equal("background", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => TreeShap.Explain(model, Random(1, 3, 1), Random(1, 3, 1), output: 1));
        var bad = new GbdtTree { Feature = [5, -1, -1], Threshold = [0, 0, 0], Left = [1, -1, -1], Right = [2, -1, -1], Value = [0, 1, 2], Target = 0 };
        var tree = Assert.Throws<ArgumentException>(() => TreeShap.Explain([bad], 0, 2, Random(1, 2, 1), Random(1, 2, 1)));
        Assert.Contains("trees[0]", tree.Message, StringComparison.Ordinal);
    }
}
