using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Runtime;
using static Rampart.Tests.ML.Onnx.AiOnnxMl.MlTestModels;

namespace Rampart.Tests.ML.Onnx.AiOnnxMl;

/// <summary>LinearClassifier and LinearRegressor against hand-computed scores.</summary>
public sealed class LinearModelTests
{
    // Rows of W: [1, 2], [-1, 0.5], [0, -1]; b = [0.5, -0.5, 1].
    // x = [1, 2]  -> [5.5, -0.5, -1]  (class 0)
    // x = [-2, 0] -> [-1.5, 1.5, 1]   (class 1)
    // x = [0, 1]  -> [2.5, 0, 0]      (class 0; zeros for SOFTMAX_ZERO)
    private static readonly double[][] RawScores = [[5.5, -0.5, -1], [-1.5, 1.5, 1], [2.5, 0, 0]];

    private static OnnxModelBuilder ThreeClass(string transform, OnnxDataType inputType = OnnxDataType.Float) =>
        Single(
            "LinearClassifier",
            inputType,
            [null, 2],
            [("label", OnnxDataType.Int64, [null]), ("scores", OnnxDataType.Float, [null, 3])],
            OnnxAttributeValue.OfFloats("coefficients", 1, 2, -1, 0.5f, 0, -1),
            OnnxAttributeValue.OfFloats("intercepts", 0.5f, -0.5f, 1),
            OnnxAttributeValue.OfInts("classlabels_ints", 10, 20, 30),
            OnnxAttributeValue.OfString("post_transform", transform));

    [Fact]
    public void LinearClassifier_NoTransform_GivesRawScoresAndArgMaxLabels()
    {
        var y = Run(ThreeClass("NONE"), Matrix(3, 1, 2, -2, 0, 0, 1));

        Assert.Equal([10L, 20L, 10L], y["label"].As<long>());
        Assert.Equal([3, 3], y["scores"].Shape);
        Close(RawScores.SelectMany(r => r).ToArray(), y["scores"].Floats);
    }

    [Theory]
    [InlineData("SOFTMAX")]
    [InlineData("LOGISTIC")]
    [InlineData("SOFTMAX_ZERO")]
    public void LinearClassifier_PostTransform_AppliesItPerRow(string transform)
    {
        var y = Run(ThreeClass(transform), Matrix(3, 1, 2, -2, 0, 0, 1));

        var expected = RawScores.SelectMany(r => transform switch
        {
            "SOFTMAX" => Softmax(r),
            "LOGISTIC" => r.Select(Sigmoid).ToArray(),
            _ => r.Select(v => v == 0 ? 0 : Math.Exp(v - r.Max())).Select((v, _) => v / r.Where(s => s != 0).Sum(s => Math.Exp(s - r.Max()))).ToArray(),
        }).ToArray();
        Close(expected, y["scores"].Floats);
        Assert.Equal([10L, 20L, 10L], y["label"].As<long>());
    }

    [Fact]
    public void LinearClassifier_SoftmaxZero_KeepsZeroScoresAtZero()
    {
        var y = Run(ThreeClass("SOFTMAX_ZERO"), Matrix(1, 0, 1));

        Close([1, 0, 0], y["scores"].Floats);
    }

    [Fact]
    public void LinearClassifier_Int64Input_ScoresAsFloat()
    {
        var y = Run(ThreeClass("NONE", OnnxDataType.Int64), OnnxTensor.Create([2, 2], new long[] { 1, 2, -2, 0 }));

        Close([5.5, -0.5, -1, -1.5, 1.5, 1], y["scores"].Floats);
    }

    private static OnnxModelBuilder Binary(string transform) =>
        Single(
            "LinearClassifier",
            OnnxDataType.Float,
            [null, 2],
            [("label", OnnxDataType.String, [null]), ("scores", OnnxDataType.Float, [null, 2])],
            OnnxAttributeValue.OfFloats("coefficients", 2, -1),
            OnnxAttributeValue.OfFloats("intercepts", 0.5f),
            OnnxAttributeValue.OfStrings("classlabels_strings", "no", "yes"),
            OnnxAttributeValue.OfString("post_transform", transform));

    [Fact]
    public void LinearClassifier_BinaryNoTransform_ScoresMinusSAndSWithStringLabels()
    {
        // s = 2*1 - 1 + 0.5 = 1.5; s = 0 - 1 + 0.5 = -0.5.
        var y = Run(Binary("NONE"), Matrix(2, 1, 1, 0, 1));

        Assert.Equal(["yes", "no"], y["label"].As<string>());
        Assert.Equal([2, 2], y["scores"].Shape);
        Close([-1.5, 1.5, 0.5, -0.5], y["scores"].Floats);
    }

    [Fact]
    public void LinearClassifier_BinaryLogistic_GivesTwoProbabilities()
    {
        var y = Run(Binary("LOGISTIC"), Matrix(2, 1, 1, 0, 1));

        Assert.Equal(["yes", "no"], y["label"].As<string>());
        Close([Sigmoid(-1.5), Sigmoid(1.5), Sigmoid(0.5), Sigmoid(-0.5)], y["scores"].Floats);
    }

    [Fact]
    public void LinearClassifier_InterceptsDoNotMatchLabels_RefusedNamingAttribute()
    {
        var message = LoadError(Single(
            "LinearClassifier",
            OnnxDataType.Float,
            [null, 3],
            [("label", OnnxDataType.Int64, [null])],
            OnnxAttributeValue.OfFloats("coefficients", 1, 2, 3, 4, 5, 6),
            OnnxAttributeValue.OfFloats("intercepts", 0, 0),
            OnnxAttributeValue.OfInts("classlabels_ints", 0, 1, 2)));

        Assert.Contains("LinearClassifier_0", message, StringComparison.Ordinal);
        Assert.Contains("domain 'ai.onnx.ml'", message, StringComparison.Ordinal);
        Assert.Contains("attribute 'intercepts'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinearClassifier_CoefficientsNotAMultipleOfIntercepts_RefusedNamingAttribute()
    {
        var message = LoadError(Single(
            "LinearClassifier",
            OnnxDataType.Float,
            [null, 2],
            [("label", OnnxDataType.Int64, [null])],
            OnnxAttributeValue.OfFloats("coefficients", 1, 2, 3, 4, 5),
            OnnxAttributeValue.OfFloats("intercepts", 0, 0, 0),
            OnnxAttributeValue.OfInts("classlabels_ints", 0, 1, 2)));

        Assert.Contains("attribute 'coefficients'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinearClassifier_BothLabelLists_Refused()
    {
        var message = LoadError(Single(
            "LinearClassifier",
            OnnxDataType.Float,
            [null, 1],
            [("label", OnnxDataType.Int64, [null])],
            OnnxAttributeValue.OfFloats("coefficients", 1, 2),
            OnnxAttributeValue.OfInts("classlabels_ints", 0, 1),
            OnnxAttributeValue.OfStrings("classlabels_strings", "a", "b")));

        Assert.Contains("'classlabels_ints' and 'classlabels_strings' are both set", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinearClassifier_UnknownPostTransform_RefusedNamingAttribute()
    {
        var message = LoadError(ThreeClass("SIGMOID"));

        Assert.Contains("attribute 'post_transform' is 'SIGMOID'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinearRegressor_TwoTargets_ComputesEachRow()
    {
        var b = Single(
            "LinearRegressor",
            OnnxDataType.Float,
            [null, 2],
            [("y", OnnxDataType.Float, [null, 2])],
            OnnxAttributeValue.OfFloats("coefficients", 1, 2, 3, 4),
            OnnxAttributeValue.OfFloats("intercepts", 0.5f, -1),
            OnnxAttributeValue.OfInt("targets", 2));

        var y = Run(b, Matrix(2, 1, -1, 0.5f, 0.25f))["y"];

        // [1 - 2 + 0.5, 3 - 4 - 1] and [0.5 + 0.5 + 0.5, 1.5 + 1 - 1].
        Assert.Equal([2, 2], y.Shape);
        Close([-0.5, -2, 1.5, 1.5], y.Floats);
    }

    [Fact]
    public void LinearRegressor_InterceptsNotOnePerTarget_RefusedNamingAttribute()
    {
        var message = LoadError(Single(
            "LinearRegressor",
            OnnxDataType.Float,
            [null, 2],
            [("y", OnnxDataType.Float, [null, 2])],
            OnnxAttributeValue.OfFloats("coefficients", 1, 2, 3, 4),
            OnnxAttributeValue.OfFloats("intercepts", 0.5f),
            OnnxAttributeValue.OfInt("targets", 2)));

        Assert.Contains("attribute 'intercepts' has 1 values, but 'targets' has 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinearRegressor_InputWidthDiffersFromCoefficients_FailsAtRun()
    {
        var b = Single(
            "LinearRegressor",
            OnnxDataType.Float,
            [null, 3],
            [("y", OnnxDataType.Float, [null, 1])],
            OnnxAttributeValue.OfFloats("coefficients", 1, 2));

        Assert.Throws<OnnxRuntimeException>(() => Run(b, Matrix(1, 1, 2, 3)));
    }
}
