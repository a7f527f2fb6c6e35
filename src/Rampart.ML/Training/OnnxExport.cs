using Rampart.ML.Onnx;

namespace Rampart.ML.Training;

/// <summary>
/// Writes the built-in models as ONNX (IR 8, ai.onnx opset 13) that Rampart's interpreter, ONNX Runtime and
/// scikit-learn-style consumers can run: one float input <c>input</c> of shape [N, features] and one output
/// <c>probabilities</c> of shape [N, classes]. The predictions of the exported graph equal the model's own.
/// </summary>
public static class OnnxExport
{
    /// <summary>The input name of exported models.</summary>
    public const string InputName = "input";

    /// <summary>The output name of exported models.</summary>
    public const string OutputName = "probabilities";

    /// <summary>Exports a logistic regression as Gemm and Softmax.</summary>
    /// <param name="model">The model.</param>
    /// <param name="metadata">Extra metadata_props (training seed, dataset hash, feature names...), or <c>null</c>.</param>
    /// <returns>ONNX bytes.</returns>
    public static byte[] ToOnnx(LinearModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var features = model.Info.FeatureCount;
        var classes = model.ClassCount;
        float[] weights;
        float[] bias;
        if (model.Weights.Count == 1)
        {
            // Binary: logits (-z/2, z/2) with z = w.x + b, so that the softmax is the sigmoid of z.
            var w = model.Weights[0];
            weights = [.. w.Select(v => -v / 2), .. w.Select(v => v / 2)];
            bias = [-model.Bias[0] / 2, model.Bias[0] / 2];
        }
        else
        {
            weights = [.. model.Weights.SelectMany(w => w)];
            bias = [.. model.Bias];
        }

        var builder = Start("rampart_logistic_regression", features, classes, metadata, model.Info.ClassLabels)
            .AddInitializer("W", weights, classes, features)
            .AddInitializer("B", bias, classes)
            .AddNode("Gemm", [InputName, "W", "B"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
            .AddNode("Softmax", ["logits"], [OutputName], OnnxAttributeValue.OfInt("axis", 1));
        return builder.ToBytes();
    }

    /// <summary>Exports a multilayer perceptron as Gemm and Relu layers and a Softmax.</summary>
    /// <param name="model">The model.</param>
    /// <param name="metadata">Extra metadata_props, or <c>null</c>.</param>
    /// <returns>ONNX bytes.</returns>
    public static byte[] ToOnnx(MlpModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sizes = model.Sizes;
        var builder = Start("rampart_mlp", sizes[0], sizes[^1], metadata, model.Info.ClassLabels);
        var current = InputName;
        for (var l = 0; l < model.LayerWeights.Count; l++)
        {
            var last = l == model.LayerWeights.Count - 1;
            var gemm = last ? "logits" : $"z{l}";
            builder.AddInitializer($"W{l}", [.. model.LayerWeights[l]], sizes[l + 1], sizes[l])
                .AddInitializer($"B{l}", [.. model.LayerBiases[l]], sizes[l + 1])
                .AddNode("Gemm", [current, $"W{l}", $"B{l}"], [gemm], OnnxAttributeValue.OfInt("transB", 1));
            if (!last)
            {
                builder.AddNode("Relu", [gemm], [$"a{l}"]);
                current = $"a{l}";
            }
        }

        builder.AddNode("Softmax", ["logits"], [OutputName], OnnxAttributeValue.OfInt("axis", 1));
        return builder.ToBytes();
    }

    /// <summary>
    /// Exports a gradient-boosted tree ensemble as an <c>ai.onnx.ml</c> TreeEnsembleRegressor computing the raw
    /// scores (BRANCH_LEQ nodes, SUM aggregation, the base scores as base_values), followed by a sigmoid (binary, as
    /// [1 - p, p]) or a softmax (multiclass).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="metadata">Extra metadata_props, or <c>null</c>.</param>
    /// <returns>ONNX bytes.</returns>
    public static byte[] ToOnnx(GbdtModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var outputs = model.BaseScores.Count;
        List<long> treeIds = [], nodeIds = [], featureIds = [], trueIds = [], falseIds = [], targetTrees = [], targetNodes = [], targetIds = [];
        List<float> values = [], targetWeights = [];
        List<string> modes = [];
        for (var t = 0; t < model.Trees.Count; t++)
        {
            var tree = model.Trees[t];
            for (var node = 0; node < tree.Feature.Length; node++)
            {
                var leaf = tree.Feature[node] < 0;
                treeIds.Add(t);
                nodeIds.Add(node);
                featureIds.Add(leaf ? 0 : tree.Feature[node]);
                values.Add(leaf ? 0 : tree.Threshold[node]);
                modes.Add(leaf ? "LEAF" : "BRANCH_LEQ");
                trueIds.Add(leaf ? 0 : tree.Left[node]);
                falseIds.Add(leaf ? 0 : tree.Right[node]);
                if (leaf)
                {
                    targetTrees.Add(t);
                    targetNodes.Add(node);
                    targetIds.Add(tree.Target);
                    targetWeights.Add(tree.Value[node]);
                }
            }
        }

        var builder = Start("rampart_gbdt", model.Info.FeatureCount, model.ClassCount, metadata, model.Info.ClassLabels)
            .ImportOpset("ai.onnx.ml", 3)
            .AddNode("TreeEnsembleRegressor", "ai.onnx.ml", [InputName], ["scores"],
                OnnxAttributeValue.OfInts("nodes_treeids", [.. treeIds]),
                OnnxAttributeValue.OfInts("nodes_nodeids", [.. nodeIds]),
                OnnxAttributeValue.OfInts("nodes_featureids", [.. featureIds]),
                OnnxAttributeValue.OfFloats("nodes_values", [.. values]),
                OnnxAttributeValue.OfStrings("nodes_modes", [.. modes]),
                OnnxAttributeValue.OfInts("nodes_truenodeids", [.. trueIds]),
                OnnxAttributeValue.OfInts("nodes_falsenodeids", [.. falseIds]),
                OnnxAttributeValue.OfInts("target_treeids", [.. targetTrees]),
                OnnxAttributeValue.OfInts("target_nodeids", [.. targetNodes]),
                OnnxAttributeValue.OfInts("target_ids", [.. targetIds]),
                OnnxAttributeValue.OfFloats("target_weights", [.. targetWeights]),
                OnnxAttributeValue.OfInt("n_targets", outputs),
                OnnxAttributeValue.OfFloats("base_values", [.. model.BaseScores]),
                OnnxAttributeValue.OfString("aggregate_function", "SUM"),
                OnnxAttributeValue.OfString("post_transform", "NONE"));
        if (outputs == 1)
        {
            builder.AddInitializer("one", [1f], 1)
                .AddNode("Sigmoid", ["scores"], ["p1"])
                .AddNode("Sub", ["one", "p1"], ["p0"])
                .AddNode("Concat", ["p0", "p1"], [OutputName], OnnxAttributeValue.OfInt("axis", 1));
        }
        else
        {
            builder.AddNode("Softmax", ["scores"], [OutputName], OnnxAttributeValue.OfInt("axis", 1));
        }

        return builder.ToBytes();
    }

    private static OnnxModelBuilder Start(string name, int features, int classes, IReadOnlyDictionary<string, string>? metadata, IReadOnlyList<string> labels)
    {
        var builder = new OnnxModelBuilder(name)
            .AddInput(InputName, OnnxDataType.Float, null, features)
            .AddOutput(OutputName, OnnxDataType.Float, null, classes)
            .AddMetadata("rampart.class_labels", string.Join(",", labels));
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            builder.AddMetadata(key, value);
        }

        return builder;
    }
}
