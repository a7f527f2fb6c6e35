using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Runtime;
using static Rampart.Tests.ML.Onnx.AiOnnxMl.MlTestModels;

namespace Rampart.Tests.ML.Onnx.AiOnnxMl;

/// <summary>TreeEnsembleRegressor and TreeEnsembleClassifier on small hand-evaluated ensembles, and malformed trees refused at load.</summary>
public sealed class TreeEnsembleTests
{
    /// <summary>A node table; leaves' weights are given separately.</summary>
    private sealed record Nodes(long[] Trees, long[] Ids, string[] Modes, long[] Features, float[] Values, long[] True, long[] False, long[]? Missing = null)
    {
        public IEnumerable<OnnxAttributeValue> Attributes()
        {
            yield return OnnxAttributeValue.OfInts("nodes_treeids", Trees);
            yield return OnnxAttributeValue.OfInts("nodes_nodeids", Ids);
            yield return OnnxAttributeValue.OfStrings("nodes_modes", Modes);
            yield return OnnxAttributeValue.OfInts("nodes_featureids", Features);
            yield return OnnxAttributeValue.OfFloats("nodes_values", Values);
            yield return OnnxAttributeValue.OfInts("nodes_truenodeids", True);
            yield return OnnxAttributeValue.OfInts("nodes_falsenodeids", False);
            if (Missing is not null)
            {
                yield return OnnxAttributeValue.OfInts("nodes_missing_value_tracks_true", Missing);
            }
        }
    }

    /// <summary>Tree 0 splits feature 0 at 1 (leaves 10 / 20), tree 1 splits feature 1 at 2 (leaves 1 / 2), both with <paramref name="mode"/>.</summary>
    private static Nodes TwoStumps(string mode, long[]? missing = null) => new(
        [0, 0, 0, 1, 1, 1],
        [0, 1, 2, 0, 1, 2],
        [mode, "LEAF", "LEAF", mode, "LEAF", "LEAF"],
        [0, 0, 0, 1, 0, 0],
        [1, 0, 0, 2, 0, 0],
        [1, 0, 0, 1, 0, 0],
        [2, 0, 0, 2, 0, 0],
        missing);

    private static OnnxModelBuilder Regressor(Nodes nodes, string aggregate = "SUM", params OnnxAttributeValue[] extra) =>
        Single(
            "TreeEnsembleRegressor",
            OnnxDataType.Float,
            [null, 2],
            [("y", OnnxDataType.Float, [null, 1])],
            [.. nodes.Attributes(),
                OnnxAttributeValue.OfInts("target_treeids", 0, 0, 1, 1),
                OnnxAttributeValue.OfInts("target_nodeids", 1, 2, 1, 2),
                OnnxAttributeValue.OfInts("target_ids", 0, 0, 0, 0),
                OnnxAttributeValue.OfFloats("target_weights", 10, 20, 1, 2),
                OnnxAttributeValue.OfInt("n_targets", 1),
                OnnxAttributeValue.OfString("aggregate_function", aggregate),
                .. extra]);

    // Rows: A = [0.5, 2] (below, equal), B = [1, 3] (equal, above), C = [1.5, 1] (above, below).
    private static readonly OnnxTensor Rows = Matrix(3, 0.5f, 2, 1, 3, 1.5f, 1);

    [Theory]
    [InlineData("BRANCH_LEQ", 11, 12, 21)]
    [InlineData("BRANCH_LT", 12, 22, 21)]
    [InlineData("BRANCH_GTE", 21, 11, 12)]
    [InlineData("BRANCH_GT", 22, 21, 12)]
    [InlineData("BRANCH_EQ", 21, 12, 22)]
    [InlineData("BRANCH_NEQ", 12, 21, 11)]
    public void TreeEnsembleRegressor_BranchMode_SumsTheLeavesTheModeSelects(string mode, float a, float b, float c)
    {
        var y = Run(Regressor(TwoStumps(mode)), Rows)["y"];

        Assert.Equal([3, 1], y.Shape);
        Assert.Equal([a, b, c], y.Floats);
    }

    [Theory]
    [InlineData("SUM", 11, 12, 21)]
    [InlineData("AVERAGE", 5.5, 6, 10.5)]
    [InlineData("MIN", 1, 2, 1)]
    [InlineData("MAX", 10, 10, 20)]
    public void TreeEnsembleRegressor_Aggregate_CombinesTheTwoTrees(string aggregate, float a, float b, float c)
    {
        // With BRANCH_LEQ the leaves reached are A: (10, 1), B: (10, 2), C: (20, 1).
        var y = Run(Regressor(TwoStumps("BRANCH_LEQ"), aggregate), Rows)["y"];

        Assert.Equal([a, b, c], y.Floats);
    }

    [Fact]
    public void TreeEnsembleRegressor_BaseValues_AddedAfterAveraging()
    {
        var y = Run(Regressor(TwoStumps("BRANCH_LEQ"), "AVERAGE", OnnxAttributeValue.OfFloats("base_values", 100)), Rows)["y"];

        Assert.Equal([105.5f, 106f, 110.5f], y.Floats);
    }

    [Theory]
    [InlineData("BRANCH_LEQ")]
    [InlineData("BRANCH_NEQ")]
    public void TreeEnsembleRegressor_NaNFeature_FollowsMissingValueTracksTrue(string mode)
    {
        // Tree 0 sends NaN to its true leaf (10), tree 1 to its false leaf (2), whatever the comparison would say.
        var y = Run(Regressor(TwoStumps(mode, [1, 0, 0, 0, 0, 0])), Matrix(1, float.NaN, float.NaN))["y"];

        Assert.Equal([12f], y.Floats);
    }

    [Fact]
    public void TreeEnsembleRegressor_FeatureBeyondInput_FailsAtRun()
    {
        var b = Single(
            "TreeEnsembleRegressor",
            OnnxDataType.Float,
            [null, 1],
            [("y", OnnxDataType.Float, [null, 1])],
            [.. TwoStumps("BRANCH_LEQ").Attributes(), OnnxAttributeValue.OfInt("n_targets", 1)]);

        Assert.Throws<OnnxRuntimeException>(() => Run(b, Matrix(1, 0.5f)));
    }

    /// <summary>One stump on feature 0 at 0 (BRANCH_LEQ): all weights on class 0, <paramref name="low"/> for x &lt;= 0 and <paramref name="high"/> above.</summary>
    private static OnnxModelBuilder BinaryClassifier(string transform, float low, float high, params OnnxAttributeValue[] extra) =>
        Single(
            "TreeEnsembleClassifier",
            OnnxDataType.Float,
            [null, 1],
            [("label", OnnxDataType.Int64, [null]), ("probabilities", OnnxDataType.Float, [null, 2])],
            [
                OnnxAttributeValue.OfInts("nodes_treeids", 0, 0, 0),
                OnnxAttributeValue.OfInts("nodes_nodeids", 0, 1, 2),
                OnnxAttributeValue.OfStrings("nodes_modes", "BRANCH_LEQ", "LEAF", "LEAF"),
                OnnxAttributeValue.OfInts("nodes_featureids", 0, 0, 0),
                OnnxAttributeValue.OfFloats("nodes_values", 0, 0, 0),
                OnnxAttributeValue.OfInts("nodes_truenodeids", 1, 0, 0),
                OnnxAttributeValue.OfInts("nodes_falsenodeids", 2, 0, 0),
                OnnxAttributeValue.OfInts("class_treeids", 0, 0),
                OnnxAttributeValue.OfInts("class_nodeids", 1, 2),
                OnnxAttributeValue.OfInts("class_ids", 0, 0),
                OnnxAttributeValue.OfFloats("class_weights", low, high),
                OnnxAttributeValue.OfInts("classlabels_int64s", 0, 1),
                OnnxAttributeValue.OfString("post_transform", transform),
                .. extra,
            ]);

    [Theory]
    [InlineData("NONE")]
    [InlineData("LOGISTIC")]
    [InlineData("SOFTMAX")]
    [InlineData("SOFTMAX_ZERO")]
    public void TreeEnsembleClassifier_BinaryMixedWeights_ExpandsTheSingleColumn(string transform)
    {
        // s = -0.8 for x = -1 and 1.2 for x = 1.
        var y = Run(BinaryClassifier(transform, -0.8f, 1.2f), Matrix(2, -1, 1));

        double[] expected = transform switch
        {
            "NONE" => [1.8, -0.8, -0.2, 1.2],
            "LOGISTIC" => [Sigmoid(0.8), Sigmoid(-0.8), Sigmoid(-1.2), Sigmoid(1.2)],
            _ => [.. Softmax(0.8, -0.8), .. Softmax(-1.2, 1.2)],
        };
        Close(expected, y["probabilities"].Floats);
        Assert.Equal([0L, 1L], y["label"].As<long>());
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData("PROBIT")]
    public void TreeEnsembleClassifier_BinaryPositiveWeights_SplitsAtOneHalf(string transform)
    {
        // s = 0.3 -> [0.7, 0.3], label 0; s = 0.8 -> [0.2, 0.8], label 1.
        var y = Run(BinaryClassifier(transform, 0.3f, 0.8f), Matrix(2, -1, 1));

        double[] raw = [1 - 0.3f, 0.3f, 1 - 0.8f, 0.8f];
        Close(transform == "NONE" ? raw : raw.Select(Probit).ToArray(), y["probabilities"].Floats);
        Assert.Equal([0L, 1L], y["label"].As<long>());
    }

    [Fact]
    public void TreeEnsembleClassifier_BinarySingleBaseValue_AddedToTheScore()
    {
        var y = Run(BinaryClassifier("LOGISTIC", -0.8f, 1.2f, OnnxAttributeValue.OfFloats("base_values", 0.1f)), Matrix(2, -1, 1));

        var low = -0.8f + 0.1f;
        var high = 1.2f + 0.1f;
        Close([Sigmoid(-low), Sigmoid(low), Sigmoid(-high), Sigmoid(high)], y["probabilities"].Floats);
    }

    /// <summary>
    /// Tree 0: x0 &lt;= 0 -> (a 0.6, b 0.3, c 0.1) else (a 0.1, b 0.2, c 0.7). Tree 1: x1 &lt; 5 -> (b 0.5) else (c 0.4, a 0.2).
    /// </summary>
    private static OnnxModelBuilder ThreeClass(string transform, params OnnxAttributeValue[] extra) =>
        Single(
            "TreeEnsembleClassifier",
            OnnxDataType.Float,
            [null, 2],
            [("label", OnnxDataType.String, [null]), ("probabilities", OnnxDataType.Float, [null, 3])],
            [
                OnnxAttributeValue.OfInts("nodes_treeids", 0, 0, 0, 1, 1, 1),
                OnnxAttributeValue.OfInts("nodes_nodeids", 0, 1, 2, 0, 1, 2),
                OnnxAttributeValue.OfStrings("nodes_modes", "BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LT", "LEAF", "LEAF"),
                OnnxAttributeValue.OfInts("nodes_featureids", 0, 0, 0, 1, 0, 0),
                OnnxAttributeValue.OfFloats("nodes_values", 0, 0, 0, 5, 0, 0),
                OnnxAttributeValue.OfInts("nodes_truenodeids", 1, 0, 0, 1, 0, 0),
                OnnxAttributeValue.OfInts("nodes_falsenodeids", 2, 0, 0, 2, 0, 0),
                OnnxAttributeValue.OfInts("class_treeids", 0, 0, 0, 0, 0, 0, 1, 1, 1),
                OnnxAttributeValue.OfInts("class_nodeids", 1, 1, 1, 2, 2, 2, 1, 2, 2),
                OnnxAttributeValue.OfInts("class_ids", 0, 1, 2, 0, 1, 2, 1, 2, 0),
                OnnxAttributeValue.OfFloats("class_weights", 0.6f, 0.3f, 0.1f, 0.1f, 0.2f, 0.7f, 0.5f, 0.4f, 0.2f),
                OnnxAttributeValue.OfStrings("classlabels_strings", "a", "b", "c"),
                OnnxAttributeValue.OfString("post_transform", transform),
                .. extra,
            ]);

    // Row [-1, 0]: (0.6, 0.3 + 0.5, 0.1) = (0.6, 0.8, 0.1), label b. Row [2, 7]: (0.1 + 0.2, 0.2, 0.7 + 0.4) = (0.3, 0.2, 1.1), label c.
    private static readonly double[][] ThreeClassRaw = [[0.6f, 0.3f + 0.5f, 0.1f], [0.1f + 0.2f, 0.2f, 0.7f + 0.4f]];

    [Theory]
    [InlineData("NONE")]
    [InlineData("LOGISTIC")]
    [InlineData("SOFTMAX")]
    [InlineData("SOFTMAX_ZERO")]
    [InlineData("PROBIT")]
    public void TreeEnsembleClassifier_ThreeClasses_SumsVotesThenTransforms(string transform)
    {
        var y = Run(ThreeClass(transform), Matrix(2, -1, 0, 2, 7));

        var expected = ThreeClassRaw.SelectMany(r => transform switch
        {
            "NONE" => r,
            "LOGISTIC" => r.Select(Sigmoid).ToArray(),
            "PROBIT" => r.Select(Probit).ToArray(),
            _ => Softmax(r),
        }).ToArray();
        Close(expected, y["probabilities"].Floats);
        Assert.Equal(["b", "c"], y["label"].As<string>());
    }

    [Fact]
    public void TreeEnsembleClassifier_BaseValues_AddedPerClassBeforeTheLabel()
    {
        var y = Run(ThreeClass("NONE", OnnxAttributeValue.OfFloats("base_values", 0.3f, 0, 0)), Matrix(1, -1, 0));

        Close([0.6f + 0.3f, 0.8f, 0.1f], y["probabilities"].Floats);
        Assert.Equal(["a"], y["label"].As<string>());
    }

    private static string RegressorError(Nodes nodes, params OnnxAttributeValue[] extra) =>
        LoadError(Single(
            "TreeEnsembleRegressor",
            OnnxDataType.Float,
            [null, 2],
            [("y", OnnxDataType.Float, [null, 1])],
            [.. nodes.Attributes(), OnnxAttributeValue.OfInt("n_targets", 1), .. extra]));

    [Fact]
    public void TreeEnsembleRegressor_MismatchedNodeArrays_RefusedNamingAttribute()
    {
        var nodes = TwoStumps("BRANCH_LEQ") with { Values = [1, 0, 0, 2, 0] };

        var message = RegressorError(nodes);

        Assert.Contains("TreeEnsembleRegressor_0", message, StringComparison.Ordinal);
        Assert.Contains("domain 'ai.onnx.ml'", message, StringComparison.Ordinal);
        Assert.Contains("attribute 'nodes_values' has 5 values, but 'nodes_treeids' has 6", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_ChildOutsideTree_RefusedNamingAttribute()
    {
        var nodes = TwoStumps("BRANCH_LEQ") with { True = [7, 0, 0, 1, 0, 0] };

        Assert.Contains("attribute 'nodes_truenodeids' value 7 at index 0 points to node 7, which is not in tree 0", RegressorError(nodes), StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_ChildInAnotherTree_Refused()
    {
        // Node 3 exists only in tree 1.
        var nodes = new Nodes([0, 0, 0, 1], [0, 1, 2, 3], ["BRANCH_LEQ", "LEAF", "LEAF", "LEAF"], [0, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [3, 0, 0, 0]);

        Assert.Contains("attribute 'nodes_falsenodeids' value 3 at index 0 points to node 3, which is not in tree 0", RegressorError(nodes), StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_SelfLoop_RefusedAsCycle()
    {
        // Node 1 is a branch whose true child is itself.
        var nodes = new Nodes([0, 0, 0], [0, 1, 2], ["BRANCH_LEQ", "BRANCH_LEQ", "LEAF"], [0, 0, 0], [1, 1, 0], [1, 1, 0], [2, 2, 0]);

        var message = RegressorError(nodes);

        Assert.Contains("'nodes_truenodeids'/'nodes_falsenodeids' make a cycle in tree 0", message, StringComparison.Ordinal);
        Assert.Contains("node 1 leads back to node 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_CycleThroughRoot_RefusedAsCycle()
    {
        // 0 -> 1 -> 0: every node is someone's child.
        var nodes = new Nodes([0, 0, 0], [0, 1, 2], ["BRANCH_LEQ", "BRANCH_LEQ", "LEAF"], [0, 0, 0], [1, 1, 0], [1, 0, 0], [2, 2, 0]);

        Assert.Contains("make a cycle in tree 0: every node is the child of another", RegressorError(nodes), StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_DuplicateNodeId_RefusedNamingAttribute()
    {
        var nodes = TwoStumps("BRANCH_LEQ") with { Ids = [0, 1, 1, 0, 1, 2] };

        Assert.Contains("attribute 'nodes_nodeids': node 1 of tree 0 is defined twice", RegressorError(nodes), StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_UnknownMode_RefusedNamingAttribute()
    {
        var nodes = TwoStumps("BRANCH_LEQ") with { Modes = ["BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_ABOUT", "LEAF", "LEAF"] };

        Assert.Contains("attribute 'nodes_modes' value 'BRANCH_ABOUT' at index 3", RegressorError(nodes), StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_WeightOnBranchNode_RefusedNamingAttribute()
    {
        var message = RegressorError(
            TwoStumps("BRANCH_LEQ"),
            OnnxAttributeValue.OfInts("target_treeids", 0),
            OnnxAttributeValue.OfInts("target_nodeids", 0),
            OnnxAttributeValue.OfInts("target_ids", 0),
            OnnxAttributeValue.OfFloats("target_weights", 1));

        Assert.Contains("attribute 'target_nodeids' value 0 at index 0 points to node 0 of tree 0, which is a branch, not a LEAF", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_WeightArraysDiffer_RefusedNamingAttribute()
    {
        var message = RegressorError(
            TwoStumps("BRANCH_LEQ"),
            OnnxAttributeValue.OfInts("target_treeids", 0, 0),
            OnnxAttributeValue.OfInts("target_nodeids", 1, 2),
            OnnxAttributeValue.OfInts("target_ids", 0, 0),
            OnnxAttributeValue.OfFloats("target_weights", 1));

        Assert.Contains("attribute 'target_weights' has 1 values, but 'target_treeids' has 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_TargetIdOutOfRange_RefusedNamingAttribute()
    {
        var message = RegressorError(
            TwoStumps("BRANCH_LEQ"),
            OnnxAttributeValue.OfInts("target_treeids", 0),
            OnnxAttributeValue.OfInts("target_nodeids", 1),
            OnnxAttributeValue.OfInts("target_ids", 1),
            OnnxAttributeValue.OfFloats("target_weights", 1));

        Assert.Contains("attribute 'target_ids' value 1 at index 0 is outside 0 to 0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_NoTargetCount_Refused()
    {
        var message = LoadError(Single(
            "TreeEnsembleRegressor",
            OnnxDataType.Float,
            [null, 2],
            [("y", OnnxDataType.Float, [null, 1])],
            [.. TwoStumps("BRANCH_LEQ").Attributes()]));

        Assert.Contains("attribute 'n_targets' is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleRegressor_UnknownAggregate_RefusedNamingAttribute()
    {
        Assert.Contains("attribute 'aggregate_function' is 'MEDIAN'", LoadError(Regressor(TwoStumps("BRANCH_LEQ"), "MEDIAN")), StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleClassifier_ClassIdOutOfRange_RefusedNamingAttribute()
    {
        var b = Single(
            "TreeEnsembleClassifier",
            OnnxDataType.Float,
            [null, 2],
            [("label", OnnxDataType.Int64, [null])],
            [.. TwoStumps("BRANCH_LEQ").Attributes(),
                OnnxAttributeValue.OfInts("class_treeids", 0),
                OnnxAttributeValue.OfInts("class_nodeids", 1),
                OnnxAttributeValue.OfInts("class_ids", 3),
                OnnxAttributeValue.OfFloats("class_weights", 1),
                OnnxAttributeValue.OfInts("classlabels_int64s", 0, 1, 2)]);

        Assert.Contains("attribute 'class_ids' value 3 at index 0 is outside 0 to 2", LoadError(b), StringComparison.Ordinal);
    }

    [Fact]
    public void TreeEnsembleClassifier_BaseValuesWrongLength_RefusedNamingAttribute()
    {
        Assert.Contains("attribute 'base_values' has 2 values for 3 class labels", LoadError(ThreeClass("NONE", OnnxAttributeValue.OfFloats("base_values", 1, 2))), StringComparison.Ordinal);
    }
}
