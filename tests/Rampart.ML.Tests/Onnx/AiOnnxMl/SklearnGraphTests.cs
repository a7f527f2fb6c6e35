using Rampart.ML.Onnx;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using static Rampart.Tests.ML.Onnx.AiOnnxMl.MlTestModels;

namespace Rampart.Tests.ML.Onnx.AiOnnxMl;

/// <summary>
/// Graphs shaped like scikit-learn-onnx exports: classifier -> ZipMap with output_probability declared as a sequence
/// of maps, read by <see cref="OnnxPredictor"/> as class probabilities.
/// </summary>
public sealed class SklearnGraphTests
{
    /// <summary>LogisticRegression (binary, one-vs-rest): LinearClassifier(LOGISTIC) -> Normalizer(L1) -> ZipMap.</summary>
    internal static byte[] LogisticRegression(string probabilityName = "output_probability")
    {
        var b = Builder(1).AddInput("float_input", OnnxDataType.Float, null, 2);
        b.AddNode(
            "LinearClassifier",
            Ml,
            ["float_input"],
            ["output_label", "probability_tensor"],
            OnnxAttributeValue.OfFloats("coefficients", -1, 2, 1, -2),
            OnnxAttributeValue.OfFloats("intercepts", -0.5f, 0.5f),
            OnnxAttributeValue.OfInts("classlabels_ints", 0, 1),
            OnnxAttributeValue.OfString("post_transform", "LOGISTIC"),
            OnnxAttributeValue.OfInt("multi_class", 0));
        b.AddNode("Normalizer", Ml, ["probability_tensor"], ["probabilities"], OnnxAttributeValue.OfString("norm", "L1"));
        b.AddNode("ZipMap", Ml, ["probabilities"], [probabilityName], OnnxAttributeValue.OfInts("classlabels_int64s", 0, 1));
        b.AddOutput("output_label", OnnxDataType.Int64, [null]);
        b.AddOutput(probabilityName, OnnxDataType.Float, null, 2);
        return WithSequenceOfMapsOutput(b.ToBytesUnchecked(), probabilityName, OnnxDataType.Int64);
    }

    /// <summary>DecisionTreeClassifier with string labels: TreeEnsembleClassifier -> ZipMap.</summary>
    internal static byte[] DecisionTree()
    {
        var b = Builder(1).AddInput("float_input", OnnxDataType.Float, null, 2);
        b.AddNode(
            "TreeEnsembleClassifier",
            Ml,
            ["float_input"],
            ["output_label", "probabilities"],
            OnnxAttributeValue.OfInts("nodes_treeids", 0, 0, 0, 0, 0),
            OnnxAttributeValue.OfInts("nodes_nodeids", 0, 1, 2, 3, 4),
            OnnxAttributeValue.OfStrings("nodes_modes", "BRANCH_LEQ", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF"),
            OnnxAttributeValue.OfInts("nodes_featureids", 0, 0, 1, 0, 0),
            OnnxAttributeValue.OfFloats("nodes_values", 0.5f, 0, 1.5f, 0, 0),
            OnnxAttributeValue.OfInts("nodes_truenodeids", 1, 0, 3, 0, 0),
            OnnxAttributeValue.OfInts("nodes_falsenodeids", 2, 0, 4, 0, 0),
            OnnxAttributeValue.OfFloats("nodes_hitrates", 1, 1, 1, 1, 1),
            OnnxAttributeValue.OfInts("nodes_missing_value_tracks_true", 0, 0, 0, 0, 0),
            OnnxAttributeValue.OfInts("class_treeids", 0, 0, 0, 0, 0, 0, 0, 0, 0),
            OnnxAttributeValue.OfInts("class_nodeids", 1, 1, 1, 3, 3, 3, 4, 4, 4),
            OnnxAttributeValue.OfInts("class_ids", 0, 1, 2, 0, 1, 2, 0, 1, 2),
            OnnxAttributeValue.OfFloats("class_weights", 1, 0, 0, 0.25f, 0.75f, 0, 0, 0.1f, 0.9f),
            OnnxAttributeValue.OfStrings("classlabels_strings", "cat", "dog", "fish"),
            OnnxAttributeValue.OfString("post_transform", "NONE"));
        b.AddNode("ZipMap", Ml, ["probabilities"], ["output_probability"], OnnxAttributeValue.OfStrings("classlabels_strings", "cat", "dog", "fish"));
        b.AddOutput("output_label", OnnxDataType.String, [null]);
        b.AddOutput("output_probability", OnnxDataType.Float, null, 3);
        return WithSequenceOfMapsOutput(b.ToBytesUnchecked(), "output_probability", OnnxDataType.String);
    }

    [Fact]
    public async Task OnnxPredictor_LogisticRegressionWithZipMap_ReadsProbabilities()
    {
        var predictor = OnnxPredictor.Load(LogisticRegression(), "sklearn-lr");

        var p = await predictor.PredictAsync(new FloatMatrix(2, 2, [1, 1, 0, 0]), CancellationToken.None);

        // Row [1, 1]: z = [-1 + 2 - 0.5, 1 - 2 + 0.5] = [0.5, -0.5]; row [0, 0]: [-0.5, 0.5]; then sigmoid and L1.
        double[] Row(double z0, double z1) => [Sigmoid(z0) / (Sigmoid(z0) + Sigmoid(z1)), Sigmoid(z1) / (Sigmoid(z0) + Sigmoid(z1))];
        Close([.. Row(0.5, -0.5), .. Row(-0.5, 0.5)], p.Data);
        Assert.Equal(OnnxOutputMode.Probabilities, predictor.Model.OutputMode);
        Assert.Equal("output_probability", predictor.Model.OutputName);
        Assert.Equal(PredictionKind.Classification, predictor.Info.Kind);
        Assert.Equal(["0", "1"], predictor.Info.ClassLabels.ToArray());
        Assert.Contains(predictor.Model.Notes, n => n.Contains("ZipMap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnnxPredictor_ZipMapOutputWithoutProbInName_StillReadAsProbabilities()
    {
        var predictor = OnnxPredictor.Load(LogisticRegression("scores"), "sklearn-lr");

        var p = await predictor.PredictAsync(new FloatMatrix(1, 2, [0, 0]), CancellationToken.None);

        Assert.Equal(OnnxOutputMode.Probabilities, predictor.Model.OutputMode);
        Assert.Equal(1f, p.Data[0] + p.Data[1], 5);
    }

    [Fact]
    public async Task OnnxPredictor_DecisionTreeWithZipMap_ReadsLeafProbabilitiesAndStringLabels()
    {
        var predictor = OnnxPredictor.Load(DecisionTree(), "sklearn-dt");

        var p = await predictor.PredictAsync(new FloatMatrix(3, 2, [0, 9, 1, 1, 1, 2]), CancellationToken.None);

        Assert.Equal([1f, 0f, 0f, 0.25f, 0.75f, 0f, 0f, 0.1f, 0.9f], p.Data);
        Assert.Equal(["cat", "dog", "fish"], predictor.Info.ClassLabels.ToArray());
        Assert.NotNull(predictor.Model.GradientUnavailableReason);
    }

    [Fact]
    public void Load_SequenceOutputNotFromZipMap_IsRefused()
    {
        var b = Builder().AddInput("x", OnnxDataType.Float, null, 2);
        b.AddNode("Normalizer", Ml, ["x"], ["y"], OnnxAttributeValue.OfString("norm", "L1"));
        b.AddOutput("y", OnnxDataType.Float, null, 2);
        var bytes = WithSequenceOfMapsOutput(b.ToBytesUnchecked(), "y", OnnxDataType.Int64);

        var ex = Assert.Throws<OnnxFormatException>(() => OnnxPredictor.Load(bytes, "seq"));

        Assert.Equal(OnnxErrorKind.UnsupportedType, ex.Kind);
        Assert.Contains("Graph output 'y' is a sequence", ex.Message, StringComparison.Ordinal);
    }
}
