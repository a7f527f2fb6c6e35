using Rampart.Evaluation.Explainability;
using Rampart.ML.Onnx;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;
using static Rampart.Evaluation.Tests.Explainability.ExplainFixtures;

namespace Rampart.Evaluation.Tests.Explainability;

/// <summary>
/// TreeSHAP of ONNX tree ensembles against brute-force Shapley values of the raw score, computed by running the same
/// model with post_transform NONE through the interpreter.
/// </summary>
public sealed class TreeShapOnnxTests
{
    private const string Ml = "ai.onnx.ml";
    private const int Features = 6;
    private static readonly string[] BranchModes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"];
    private static readonly OnnxPredictorOptions Raw = new() { Kind = PredictionKind.Regression };

    /// <summary>
    /// Seeded random trees on <see cref="Features"/> features: depth up to 3, the six branch modes in turn, thresholds
    /// in {0, 1, 2} (rows take 0 to 3, so equality cases occur), random missing-value tracks, leaf weights that are
    /// multiples of 1/8 (exact in float32) on <paramref name="weightIds"/>, node ids shuffled, tree ids 10, 13, ….
    /// </summary>
    private static List<OnnxAttributeValue> RandomTrees(int seed, int trees, string prefix, int[] weightIds)
    {
        var rng = new Random(seed);
        List<long> treeIds = [], ids = [], features = [], trueIds = [], falseIds = [], missing = [], wTrees = [], wNodes = [], wIds = [];
        List<float> values = [], weights = [];
        List<string> modes = [];
        var modeTurn = seed;
        for (var t = 0; t < trees; t++)
        {
            var nodes = new List<(string Mode, int Feature, float Value, int True, int False, bool Missing)>();
            var leafWeights = new Dictionary<int, float[]>();
            int Build(int depth)
            {
                var i = nodes.Count;
                nodes.Add(default);
                if (depth == 3 || (depth > 0 && rng.NextDouble() < 0.2))
                {
                    nodes[i] = ("LEAF", 0, 0, 0, 0, false);
                    leafWeights[i] = [.. weightIds.Select(_ => rng.Next(-16, 17) / 8f)];
                    return i;
                }

                var mode = BranchModes[modeTurn++ % BranchModes.Length];
                var feature = rng.Next(Features);
                var threshold = rng.Next(0, 3);
                var missingTrue = rng.Next(2) == 1;
                var whenTrue = Build(depth + 1);
                var whenFalse = Build(depth + 1);
                nodes[i] = (mode, feature, threshold, whenTrue, whenFalse, missingTrue);
                return i;
            }

            Build(0);
            var id = Enumerable.Range(0, nodes.Count).Select(i => (long)(i * 5) + 3).OrderBy(_ => rng.Next()).ToArray();
            foreach (var i in Enumerable.Range(0, nodes.Count).OrderBy(_ => rng.Next()))
            {
                var n = nodes[i];
                treeIds.Add(10 + (3 * t));
                ids.Add(id[i]);
                modes.Add(n.Mode);
                features.Add(n.Feature);
                values.Add(n.Value);
                trueIds.Add(n.Mode == "LEAF" ? 0 : id[n.True]);
                falseIds.Add(n.Mode == "LEAF" ? 0 : id[n.False]);
                missing.Add(n.Missing ? 1 : 0);
                if (n.Mode == "LEAF")
                {
                    for (var k = 0; k < weightIds.Length; k++)
                    {
                        wTrees.Add(10 + (3 * t));
                        wNodes.Add(id[i]);
                        wIds.Add(weightIds[k]);
                        weights.Add(leafWeights[i][k]);
                    }
                }
            }
        }

        return
        [
            OnnxAttributeValue.OfInts("nodes_treeids", [.. treeIds]),
            OnnxAttributeValue.OfInts("nodes_nodeids", [.. ids]),
            OnnxAttributeValue.OfStrings("nodes_modes", [.. modes]),
            OnnxAttributeValue.OfInts("nodes_featureids", [.. features]),
            OnnxAttributeValue.OfFloats("nodes_values", [.. values]),
            OnnxAttributeValue.OfInts("nodes_truenodeids", [.. trueIds]),
            OnnxAttributeValue.OfInts("nodes_falsenodeids", [.. falseIds]),
            OnnxAttributeValue.OfInts("nodes_missing_value_tracks_true", [.. missing]),
            OnnxAttributeValue.OfInts(prefix + "_treeids", [.. wTrees]),
            OnnxAttributeValue.OfInts(prefix + "_nodeids", [.. wNodes]),
            OnnxAttributeValue.OfInts(prefix + "_ids", [.. wIds]),
            OnnxAttributeValue.OfFloats(prefix + "_weights", [.. weights]),
        ];
    }

    /// <summary>A one-node model: a TreeEnsembleRegressor (output y) or TreeEnsembleClassifier (outputs label, probabilities).</summary>
    private sealed record Ensemble(bool Classifier, int Outputs, int Seed, int Trees, string Aggregate = "SUM", bool OneWeightColumn = false)
    {
        public byte[] Bytes(string transform)
        {
            var b = new OnnxModelBuilder("trees").ImportOpset(Ml, 3).AddInput("x", OnnxDataType.Float, null, Features);
            var baseValues = Enumerable.Range(0, OneWeightColumn ? 1 : Outputs).Select(k => (k + 1) * 0.375f).ToArray();
            if (Classifier)
            {
                int[] ids = OneWeightColumn ? [0] : [.. Enumerable.Range(0, Outputs)];
                b.AddNode("TreeEnsembleClassifier", Ml, ["x"], ["label", "probabilities"], [.. RandomTrees(Seed, Trees, "class", ids), OnnxAttributeValue.OfInts("classlabels_int64s", [.. Enumerable.Range(0, Outputs).Select(k => (long)k)]), OnnxAttributeValue.OfFloats("base_values", baseValues), OnnxAttributeValue.OfString("post_transform", transform)])
                    .AddOutput("label", OnnxDataType.Int64, [null])
                    .AddOutput("probabilities", OnnxDataType.Float, null, Outputs);
            }
            else
            {
                b.AddNode("TreeEnsembleRegressor", Ml, ["x"], ["y"], [.. RandomTrees(Seed, Trees, "target", [.. Enumerable.Range(0, Outputs)]), OnnxAttributeValue.OfInt("n_targets", Outputs), OnnxAttributeValue.OfString("aggregate_function", Aggregate), OnnxAttributeValue.OfFloats("base_values", baseValues), OnnxAttributeValue.OfString("post_transform", transform)])
                    .AddOutput("y", OnnxDataType.Float, null, Outputs);
            }

            return b.ToBytes();
        }
    }

    private static OnnxTreeEnsemble Read(byte[] bytes, OnnxPredictorOptions? options = null)
    {
        var result = OnnxTreeEnsembleReader.TryRead(bytes, "test", options);
        Assert.True(result.Qualifies, result.Reason);
        return result.Ensemble!;
    }

    /// <summary>Rows of integers 0 to 3.</summary>
    private static FloatMatrix Grid(int rows, int seed)
    {
        var rng = new Random(seed);
        var m = new FloatMatrix(rows, Features);
        for (var i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = rng.Next(0, 4);
        }

        return m;
    }

    /// <summary>Column <paramref name="output"/> of the model run by the interpreter; cells equal to <paramref name="missing"/> are fed as NaN.</summary>
    private static ExplainedOutput Interpreted(byte[] bytes, int output, float missing = float.NaN)
    {
        var predictor = OnnxPredictor.Load(bytes, "reference", Raw);
        return ExplainedOutput.FromFunction(Features, rows =>
        {
            var fed = new FloatMatrix(rows.Rows, rows.Columns, [.. rows.Data.Select(v => v == missing ? float.NaN : v)]);
            var y = predictor.PredictAsync(fed, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return [.. Enumerable.Range(0, rows.Rows).Select(r => (double)y[r, output])];
        });
    }

    public static TheoryData<bool, int, string, string, bool> Models() => new()
    {
        { false, 2, "AVERAGE", "NONE", false },
        { false, 1, "SUM", "LOGISTIC", false },
        { true, 3, "SUM", "SOFTMAX", false },
        { true, 2, "SUM", "LOGISTIC", false },
        { true, 2, "SUM", "NONE", true },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Explain_RandomTreesEveryBranchMode_MatchesBruteForceShapleyOfTheInterpretedRawScore(bool classifier, int outputs, string aggregate, string transform, bool oneWeightColumn)
    {
        var model = new Ensemble(classifier, outputs, Seed: outputs + (classifier ? 10 : 0), Trees: 4, aggregate, oneWeightColumn);
        var ensemble = Read(model.Bytes(transform), Raw);
        var reference = model.Bytes("NONE");
        var background = Grid(7, seed: 1);
        var rows = Grid(6, seed: 2);
        Assert.Equal(oneWeightColumn ? 0 : null, ensemble.BinaryScoreClass);
        for (var k = 0; k < outputs; k++)
        {
            var tree = TreeShap.Explain(ensemble, background, rows, k);
            var exact = await BruteForceShapley.ExplainAsync(Interpreted(reference, k), background, rows);

            AssertClose(exact, tree, 1e-8);
            AssertEfficient(tree, 1e-9);
            for (var r = 0; r < rows.Rows; r++)
            {
                Assert.Equal(exact.Rows[r].Prediction, tree.Rows[r].Prediction, 1e-9);
            }

            Assert.Equal(0, tree.ModelEvaluations);
            Assert.True(tree.Exact);
            Assert.Contains("before post_transform " + transform, tree.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Explain_TransformedOutput_IsTheTransformOfThePrediction()
    {
        // SOFTMAX over the three explained raw scores gives the model's probabilities.
        var bytes = new Ensemble(true, 3, Seed: 5, Trees: 3).Bytes("SOFTMAX");
        var ensemble = Read(bytes);
        var rows = Grid(4, seed: 3);
        var raw = Enumerable.Range(0, 3).Select(k => TreeShap.Explain(ensemble, Grid(2, seed: 4), rows, k)).ToArray();
        var p = await OnnxPredictor.Load(bytes, "t").PredictAsync(rows, CancellationToken.None);
        for (var r = 0; r < rows.Rows; r++)
        {
            var z = raw.Select(e => e.Rows[r].Prediction).ToArray();
            var softmax = z.Select(v => Math.Exp(v - z.Max())).ToArray();
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(softmax[k] / softmax.Sum(), p[r, k], 1e-6);
            }
        }
    }

    [Fact]
    public async Task Explain_BinaryOneWeightColumnLogistic_ClassZeroIsTheNegatedScore()
    {
        var bytes = new Ensemble(true, 2, Seed: 8, Trees: 3, OneWeightColumn: true).Bytes("LOGISTIC");
        var ensemble = Read(bytes, Raw);
        var background = Grid(5, seed: 6);
        var rows = Grid(4, seed: 7);
        var one = TreeShap.Explain(ensemble, background, rows, 1);
        var zero = TreeShap.Explain(ensemble, background, rows, 0);
        var p = await OnnxPredictor.Load(bytes, "t", Raw).PredictAsync(rows, CancellationToken.None);

        Assert.Equal(-one.BaseValue, zero.BaseValue, 12);
        for (var r = 0; r < rows.Rows; r++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-one.Rows[r].Prediction)), p[r, 1], 1e-6);
            Assert.Equal(1 / (1 + Math.Exp(-zero.Rows[r].Prediction)), p[r, 0], 1e-6);
            for (var i = 0; i < Features; i++)
            {
                Assert.Equal(-one.Rows[r].Contributions[i], zero.Rows[r].Contributions[i], 12);
            }
        }
    }

    [Fact]
    public async Task Explain_MissingValues_FollowTheMissingTracksAsTheInterpreterDoes()
    {
        // NaN cells in both the explained rows and the background; brute force feeds the sentinel −100 as NaN.
        const float Sentinel = -100f;
        var model = new Ensemble(false, 1, Seed: 21, Trees: 4);
        var ensemble = Read(model.Bytes("NONE"));
        var background = Grid(6, seed: 8);
        var rows = Grid(5, seed: 9);
        var rng = new Random(10);
        foreach (var m in new[] { background, rows })
        {
            for (var i = 0; i < m.Data.Length; i++)
            {
                if (rng.NextDouble() < 0.3)
                {
                    m.Data[i] = float.NaN;
                }
            }
        }

        static FloatMatrix WithSentinel(FloatMatrix m) => new(m.Rows, m.Columns, [.. m.Data.Select(v => float.IsNaN(v) ? Sentinel : v)]);
        var tree = TreeShap.Explain(ensemble, background, rows);
        var exact = await BruteForceShapley.ExplainAsync(Interpreted(model.Bytes("NONE"), 0, Sentinel), WithSentinel(background), WithSentinel(rows));

        AssertClose(exact, tree, 1e-8);
        AssertEfficient(tree, 1e-9);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Explain_ExportedGbdt_EqualsTheBuiltInPath(int classes)
    {
        var x = Random(240, 5, seed: classes);
        var labels = new float[x.Rows];
        for (var r = 0; r < x.Rows; r++)
        {
            var score = (x[r, 0] * x[r, 1]) + Math.Max(x[r, 2], 0) - (0.5 * x[r, 4]);
            labels[r] = classes == 2 ? (score > 0.3 ? 1 : 0) : score < -0.5 ? 0 : score < 0.8 ? 1 : 2;
        }

        var model = GbdtTrainer.Fit(new TrainingSet(x, labels, classes), new GbdtOptions { Trees = 8, MaxDepth = 4, MinSamplesLeaf = 5, MaxBins = 16 });
        var ensemble = Read(OnnxExport.ToOnnx(model));
        var background = Random(10, 5, seed: 30);
        var rows = Random(6, 5, seed: 31);
        for (var k = 0; k < model.BaseScores.Count; k++)
        {
            var builtIn = TreeShap.Explain(model, background, rows, k);
            var onnx = TreeShap.Explain(ensemble, background, rows, k);

            AssertClose(builtIn, onnx, 1e-12);
            for (var r = 0; r < rows.Rows; r++)
            {
                Assert.Equal(builtIn.Rows[r].Prediction, onnx.Rows[r].Prediction, 12);
            }
        }

        Assert.Equal(classes == 2 ? "raw score (log-odds of class 1) before post_transform NONE and the graph's Sigmoid" : "raw score of target 1 (logit of class 1) before post_transform NONE and the graph's Softmax", TreeShap.Explain(ensemble, background, rows, classes - 2).Output);
    }

    [Fact]
    public void Explain_MinAggregate_IsRefusedWithTheReason()
    {
        var ensemble = Read(new Ensemble(false, 1, Seed: 3, Trees: 2, Aggregate: "MIN").Bytes("NONE"));

        Assert.False(TreeShap.CanExplain(ensemble, out var reason));
        Assert.Contains("aggregates its trees with MIN, which is not a sum of per-tree values", reason, StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => TreeShap.Explain(ensemble, Grid(1, 1), Grid(1, 2)));
        Assert.Equal("ensemble", error.ParamName);
    }

    [Fact]
    public void Explain_HostileArguments_NameTheArgument()
    {
        var ensemble = Read(new Ensemble(true, 3, Seed: 4, Trees: 2).Bytes("NONE"));

        Assert.Throws<ArgumentOutOfRangeException>(() => TreeShap.Explain(ensemble, Grid(1, 1), Grid(1, 2), output: 3));
        Assert.Equal("background", Assert.Throws<ArgumentException>(() => TreeShap.Explain(ensemble, new FloatMatrix(0, Features), Grid(1, 2))).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => TreeShap.Explain(ensemble, Grid(1, 1), new FloatMatrix(1, Features - 1))).ParamName);
        Assert.Throws<ArgumentNullException>(() => TreeShap.Explain((OnnxTreeEnsemble)null!, Grid(1, 1), Grid(1, 2)));
    }
}
