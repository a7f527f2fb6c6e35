using Rampart.ML.Onnx;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;
using Rampart.Tests.ML.Training;
using static Rampart.Tests.ML.Onnx.AiOnnxMl.MlTestModels;

namespace Rampart.Tests.ML.Onnx.AiOnnxMl;

/// <summary>OnnxTreeEnsembleReader: which graphs qualify, the arrays it returns, and raw scores equal to the kernels'.</summary>
public sealed class OnnxTreeEnsembleReaderTests
{
    private static readonly OnnxPredictorOptions Raw = new() { Kind = PredictionKind.Regression };

    /// <summary>
    /// Two trees on 2 features, node ids out of order. Tree 3: root id 4 (x0 GT 1; NaN true) -> leaf id 0 (5) / branch id 7
    /// (x1 EQ 2) -> leaf id 9 (1) / leaf id 8 (−2). Tree 1: root id 0 (x1 NEQ 0) -> leaf id 1 (0.5, target 1 gets 3) /
    /// leaf id 2 (−1.5; two weights on target 0 that sum).
    /// </summary>
    private static IEnumerable<OnnxAttributeValue> Trees(string prefix) =>
    [
        OnnxAttributeValue.OfInts("nodes_treeids", 3, 3, 3, 3, 3, 1, 1, 1),
        OnnxAttributeValue.OfInts("nodes_nodeids", 0, 7, 4, 8, 9, 2, 0, 1),
        OnnxAttributeValue.OfStrings("nodes_modes", "LEAF", "BRANCH_EQ", "BRANCH_GT", "LEAF", "LEAF", "LEAF", "BRANCH_NEQ", "LEAF"),
        OnnxAttributeValue.OfInts("nodes_featureids", 0, 1, 0, 0, 0, 0, 1, 0),
        OnnxAttributeValue.OfFloats("nodes_values", 0, 2, 1, 0, 0, 0, 0, 0),
        OnnxAttributeValue.OfInts("nodes_truenodeids", 0, 9, 0, 0, 0, 0, 1, 0),
        OnnxAttributeValue.OfInts("nodes_falsenodeids", 0, 8, 7, 0, 0, 0, 2, 0),
        OnnxAttributeValue.OfInts("nodes_missing_value_tracks_true", 0, 0, 1, 0, 0, 0, 0, 0),
        OnnxAttributeValue.OfInts(prefix + "_treeids", 3, 3, 3, 1, 1, 1, 1),
        OnnxAttributeValue.OfInts(prefix + "_nodeids", 0, 9, 8, 1, 1, 2, 2),
        OnnxAttributeValue.OfInts(prefix + "_ids", 0, 0, 0, 0, 1, 0, 0),
        OnnxAttributeValue.OfFloats(prefix + "_weights", 5, 1, -2, 0.5f, 3, -1, -0.5f),
    ];

    private static OnnxModelBuilder Regressor(string aggregate = "SUM", string transform = "NONE") =>
        Single(
            "TreeEnsembleRegressor",
            OnnxDataType.Float,
            [null, 2],
            [("y", OnnxDataType.Float, [null, 2])],
            [.. Trees("target"), OnnxAttributeValue.OfInt("n_targets", 2), OnnxAttributeValue.OfFloats("base_values", 0.25f, -4), OnnxAttributeValue.OfString("aggregate_function", aggregate), OnnxAttributeValue.OfString("post_transform", transform)]);

    private static OnnxTreeEnsemble Read(OnnxModelBuilder b, OnnxPredictorOptions? options = null) => Read(b.ToBytes(), options);

    private static OnnxTreeEnsemble Read(byte[] bytes, OnnxPredictorOptions? options = null)
    {
        var result = OnnxTreeEnsembleReader.TryRead(bytes, "test", options);
        Assert.True(result.Qualifies, result.Reason);
        Assert.Null(result.Reason);
        return result.Ensemble!;
    }

    private static string Refusal(byte[] bytes, OnnxPredictorOptions? options = null)
    {
        var result = OnnxTreeEnsembleReader.TryRead(bytes, "test", options);
        Assert.False(result.Qualifies);
        Assert.Null(result.Ensemble);
        Assert.StartsWith("The model is not a tree ensemble TreeSHAP can read: ", result.Reason, StringComparison.Ordinal);
        return result.Reason!;
    }

    [Fact]
    public void TryRead_NodeIdsOutOfOrder_RenumbersEachTreeInPreOrderWithEveryField()
    {
        var e = Read(Regressor("AVERAGE"), Raw);

        Assert.Equal(OnnxTreeEnsembleKind.Regressor, e.Kind);
        Assert.Equal([1L, 3L], e.Trees.Select(t => t.TreeId));
        var t3 = e.Trees[1];
        Assert.Equal([OnnxTreeNodeMode.BranchGt, OnnxTreeNodeMode.Leaf, OnnxTreeNodeMode.BranchEq, OnnxTreeNodeMode.Leaf, OnnxTreeNodeMode.Leaf], t3.Modes.ToArray());
        Assert.Equal([0, -1, 1, -1, -1], t3.Features.ToArray());
        Assert.Equal([1.0, 0, 2, 0, 0], t3.Thresholds.ToArray());
        Assert.Equal([1, -1, 3, -1, -1], t3.TrueChildren.ToArray());
        Assert.Equal([2, -1, 4, -1, -1], t3.FalseChildren.ToArray());
        Assert.Equal([true, false, false, false, false], t3.MissingTracksTrue.ToArray());
        Assert.Equal([5.0, 0], t3.LeafWeights[1].ToArray());
        Assert.Equal([1.0, 0], t3.LeafWeights[3].ToArray());
        Assert.Equal([-2.0, 0], t3.LeafWeights[4].ToArray());
        Assert.Empty(t3.LeafWeights[0]);
        var t1 = e.Trees[0];
        Assert.Equal([OnnxTreeNodeMode.BranchNeq, OnnxTreeNodeMode.Leaf, OnnxTreeNodeMode.Leaf], t1.Modes.ToArray());
        Assert.Equal([0.5, 3], t1.LeafWeights[1].ToArray());
        Assert.Equal([-1.5, 0], t1.LeafWeights[2].ToArray());
        Assert.Equal([0.25, -4], e.BaseValues.ToArray());
        Assert.Equal(("AVERAGE", "NONE", 2, 2), (e.Aggregate, e.PostTransform, e.TargetCount, e.FeatureCount));
        Assert.Equal(("x", "y", OnnxTreeOutputLink.None), (e.InputName, e.OutputName, e.OutputLink));
        Assert.Empty(e.ClassLabels.ToArray());
        Assert.Null(e.BinaryScoreClass);
    }

    [Theory]
    [InlineData("SUM")]
    [InlineData("AVERAGE")]
    public async Task RawScore_EveryRowAndTarget_EqualsTheKernelsOutput(string aggregate)
    {
        var bytes = Regressor(aggregate).ToBytes();
        var e = Read(bytes, Raw);
        var rows = new FloatMatrix(6, 2, [2, 2, 2, 0, 1, 2, 0, 0, float.NaN, 2, float.NaN, 5]);
        var y = await OnnxPredictor.Load(bytes, "test", Raw).PredictAsync(rows, CancellationToken.None);

        for (var r = 0; r < rows.Rows; r++)
        {
            for (var k = 0; k < 2; k++)
            {
                Assert.Equal(y[r, k], e.RawScore(rows.Row(r), k), 6);
            }
        }

        // Row [2, 2]: tree 3 goes 2 > 1 -> leaf 5; tree 1: 2 != 0 -> (0.5, 3). Row [NaN, 2]: NaN tracks true -> 5.
        Assert.Equal(aggregate == "SUM" ? 5.5 + 0.25 : (5.5 / 2) + 0.25, e.RawScore(rows.Row(0), 0), 12);
        Assert.Equal(aggregate == "SUM" ? 3 - 4 : (3.0 / 2) - 4, e.RawScore(rows.Row(0), 1), 12);
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData("LOGISTIC")]
    [InlineData("PROBIT")]
    public async Task RawScore_BinaryClassifierWithOneWeightColumn_FollowsTheKernelsRule(string transform)
    {
        // All weights on class id 0 with labels (0, 1): the kernel treats s as class 1's score.
        var b = Single(
            "TreeEnsembleClassifier",
            OnnxDataType.Float,
            [null, 2],
            [("label", OnnxDataType.Int64, [null]), ("probabilities", OnnxDataType.Float, [null, 2])],
            [.. Trees("class").Where(a => a.Name != "class_ids"), OnnxAttributeValue.OfInts("class_ids", 0, 0, 0, 0, 0, 0, 0), OnnxAttributeValue.OfInts("classlabels_int64s", 0, 1), OnnxAttributeValue.OfFloats("base_values", 0.125f), OnnxAttributeValue.OfString("post_transform", transform)]);
        var bytes = b.ToBytes();
        var e = Read(bytes, Raw);
        var rows = new FloatMatrix(3, 2, [2, 2, 0, 0, 1, 2]);
        var p = await OnnxPredictor.Load(bytes, "test", Raw).PredictAsync(rows, CancellationToken.None);

        Assert.Equal(0, e.BinaryScoreClass);
        Assert.Equal(["0", "1"], e.ClassLabels.ToArray());
        for (var r = 0; r < rows.Rows; r++)
        {
            var s = e.RawScore(rows.Row(r), 1);
            Assert.Equal(transform is "NONE" or "PROBIT" ? 1 - s : -s, e.RawScore(rows.Row(r), 0), 12);
            double[] expected = transform switch
            {
                "NONE" => [1 - s, s],
                "LOGISTIC" => [Sigmoid(-s), Sigmoid(s)],
                _ => [Probit(1 - s), Probit(s)],
            };
            Close(expected, [p[r, 0], p[r, 1]], 1e-5);
        }

        Assert.Equal("raw score of class '1' before post_transform " + transform, e.DescribeOutput(1));
    }

    [Fact]
    public void TryRead_SklearnDecisionTreeThroughZipMap_QualifiesWithStringLabels()
    {
        var e = Read(SklearnGraphTests.DecisionTree());

        Assert.Equal(OnnxTreeEnsembleKind.Classifier, e.Kind);
        Assert.Equal(["cat", "dog", "fish"], e.ClassLabels.ToArray());
        Assert.Equal("output_probability", e.OutputName);
        Assert.Equal(OnnxTreeOutputLink.None, e.OutputLink);
        Assert.Equal(0.75, e.RawScore([1f, 1f], 1), 6);
    }

    [Fact]
    public void TryRead_CastAndIdentityAroundTheEnsemble_Qualify()
    {
        var b = Builder().AddInput("x", OnnxDataType.Float, null, 2)
            .AddNode("Cast", ["x"], ["xd"], OnnxAttributeValue.OfInt("to", (long)OnnxDataType.Double))
            .AddNode("Identity", ["xd"], ["xi"])
            .AddNode("TreeEnsembleRegressor", Ml, ["xi"], ["s"], [.. Trees("target"), OnnxAttributeValue.OfInt("n_targets", 2)])
            .AddNode("Identity", ["s"], ["y"])
            .AddOutput("y", OnnxDataType.Float, null, 2);

        var e = Read(b, Raw);

        Assert.Equal(2, e.Trees.Length);
        Assert.Empty(e.BaseValues.ToArray());
    }

    [Theory]
    [InlineData(2, OnnxTreeOutputLink.SigmoidPair)]
    [InlineData(3, OnnxTreeOutputLink.Softmax)]
    public void TryRead_ExportedGbdt_QualifiesAndRawScoresEqualTheModels(int classes, OnnxTreeOutputLink link)
    {
        var data = classes == 2 ? TrainingFixtures.Blobs(200, 4) : TrainingFixtures.ThreeClasses(200, 4);
        var model = GbdtTrainer.Fit(data, new GbdtOptions { Trees = 10, MaxDepth = 3, MinSamplesLeaf = 5 });

        var e = Read(OnnxExport.ToOnnx(model));

        Assert.Equal(link, e.OutputLink);
        Assert.Equal(model.Trees.Count, e.Trees.Length);
        Assert.Equal(model.BaseScores.Count, e.TargetCount);
        Assert.Equal(OnnxExport.OutputName, e.OutputName);
        var scores = new float[model.BaseScores.Count];
        for (var r = 0; r < 20; r++)
        {
            model.RawScores(data.Features.Row(r), scores);
            for (var k = 0; k < scores.Length; k++)
            {
                Assert.Equal(scores[k], e.RawScore(data.Features.Row(r), k), 5);
            }
        }

        Assert.EndsWith("before post_transform NONE and the graph's " + (classes == 2 ? "Sigmoid" : "Softmax"), e.DescribeOutput(0), StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NoTreeEnsemble_SaysSoAndListsTheOperators()
    {
        var reason = Refusal(SklearnGraphTests.LogisticRegression());

        Assert.Contains("the graph has no TreeEnsembleClassifier or TreeEnsembleRegressor node (operators: LinearClassifier, Normalizer, ZipMap)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OperatorChangingTheScores_IsRefusedNamingIt()
    {
        var b = Builder().AddInput("x", OnnxDataType.Float, null, 2)
            .AddInitializer("two", [2f], 1)
            .AddNode("TreeEnsembleRegressor", Ml, ["x"], ["s"], [.. Trees("target"), OnnxAttributeValue.OfInt("n_targets", 2)])
            .AddNode("Mul", ["s", "two"], ["y"], [])
            .AddOutput("y", OnnxDataType.Float, null, 2);

        var reason = Refusal(b.ToBytes(), Raw);

        Assert.Contains("output 'y' is computed by node 'Mul_1' (Mul), which would change the ensemble's scores", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OperatorBetweenInputAndEnsemble_IsRefusedNamingIt()
    {
        var b = Builder().AddInput("x", OnnxDataType.Float, null, 2)
            .AddNode("Scaler", Ml, ["x"], ["z"], OnnxAttributeValue.OfFloats("scale", 2, 2), OnnxAttributeValue.OfFloats("offset", 0, 0))
            .AddNode("TreeEnsembleRegressor", Ml, ["z"], ["y"], [.. Trees("target"), OnnxAttributeValue.OfInt("n_targets", 2)])
            .AddOutput("y", OnnxDataType.Float, null, 2);

        var reason = Refusal(b.ToBytes(), Raw);

        Assert.Contains("is computed from the model input by node 'Scaler_0' (Scaler)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_SoftmaxAfterAProbabilityTransform_IsRefused()
    {
        var b = Builder().AddInput("x", OnnxDataType.Float, null, 2)
            .AddNode("TreeEnsembleRegressor", Ml, ["x"], ["s"], [.. Trees("target"), OnnxAttributeValue.OfInt("n_targets", 2), OnnxAttributeValue.OfString("post_transform", "SOFTMAX")])
            .AddNode("Softmax", ["s"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
            .AddOutput("probabilities", OnnxDataType.Float, null, 2);

        var reason = Refusal(b.ToBytes());

        Assert.Contains("whose post_transform is already SOFTMAX", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OutputIsTheClassifiersLabel_IsRefused()
    {
        var b = Single(
            "TreeEnsembleClassifier",
            OnnxDataType.Float,
            [null, 2],
            [("label", OnnxDataType.Int64, [null]), ("scores", OnnxDataType.Float, [null, 2])],
            [.. Trees("class"), OnnxAttributeValue.OfInts("classlabels_int64s", 0, 1)]);
        b.AddNode("Cast", ["label"], ["label_f"], OnnxAttributeValue.OfInt("to", (long)OnnxDataType.Float)).AddOutput("label_f", OnnxDataType.Float, [null]);

        var reason = Refusal(b.ToBytes(), Raw with { OutputName = "label_f" });

        Assert.Contains("output 'label_f' is the predicted label of node 'TreeEnsembleClassifier_0' (TreeEnsembleClassifier), not its scores", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NodeSharedByTwoBranches_IsCopiedUnderEach()
    {
        // Root (x0 LEQ 0) sends both branches to one branch node (x1 LEQ 0) whose leaves are 1 and 2.
        var b = Single(
            "TreeEnsembleRegressor",
            OnnxDataType.Float,
            [null, 2],
            [("y", OnnxDataType.Float, [null, 1])],
            OnnxAttributeValue.OfInts("nodes_treeids", 0, 0, 0, 0),
            OnnxAttributeValue.OfInts("nodes_nodeids", 0, 1, 2, 3),
            OnnxAttributeValue.OfStrings("nodes_modes", "BRANCH_LEQ", "BRANCH_LEQ", "LEAF", "LEAF"),
            OnnxAttributeValue.OfInts("nodes_featureids", 0, 1, 0, 0),
            OnnxAttributeValue.OfFloats("nodes_values", 0, 0, 0, 0),
            OnnxAttributeValue.OfInts("nodes_truenodeids", 1, 2, 0, 0),
            OnnxAttributeValue.OfInts("nodes_falsenodeids", 1, 3, 0, 0),
            OnnxAttributeValue.OfInts("target_treeids", 0, 0),
            OnnxAttributeValue.OfInts("target_nodeids", 2, 3),
            OnnxAttributeValue.OfInts("target_ids", 0, 0),
            OnnxAttributeValue.OfFloats("target_weights", 1, 2),
            OnnxAttributeValue.OfInt("n_targets", 1));

        var tree = Read(b).Trees[0];

        Assert.Equal(7, tree.NodeCount);
        Assert.Equal([1, 2, -1, -1, 5, -1, -1], tree.TrueChildren.ToArray());
        Assert.Equal([4, 3, -1, -1, 6, -1, -1], tree.FalseChildren.ToArray());
    }

    [Fact]
    public void RawScore_MinAggregate_IsNotAdditive()
    {
        var e = Read(Regressor("MIN"), Raw);

        Assert.False(e.IsAdditive);
        Assert.Throws<InvalidOperationException>(() => e.RawScore([0f, 0f], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => e.RawScoreConstant(2));
    }
}
