using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Runtime;
using static Rampart.Tests.ML.Onnx.AiOnnxMl.MlTestModels;

namespace Rampart.Tests.ML.Onnx.AiOnnxMl;

/// <summary>Scaler, Normalizer, Imputer, OneHotEncoder, LabelEncoder, Binarizer, ArrayFeatureExtractor and ZipMap on tiny inputs.</summary>
public sealed class PreprocessingOperatorTests
{
    private static OnnxModelBuilder Op(string op, OnnxDataType inputType, long?[] dims, OnnxDataType outputType, params OnnxAttributeValue[] attributes) =>
        Single(op, inputType, dims, [("y", outputType, [.. dims.Select(_ => (long?)null)])], attributes);

    [Fact]
    public void Scaler_PerFeatureOffsetAndScale_SubtractsThenMultiplies()
    {
        var b = Op("Scaler", OnnxDataType.Float, [null, 2], OnnxDataType.Float, OnnxAttributeValue.OfFloats("offset", 1, -2), OnnxAttributeValue.OfFloats("scale", 0.5f, 2));

        var y = Run(b, Matrix(2, 3, 0, -1, 1))["y"];

        Assert.Equal([1f, 4f, -1f, 6f], y.Floats);
    }

    [Fact]
    public void Scaler_OneValue_AppliesToEveryFeatureOfAnInt64Input()
    {
        var b = Op("Scaler", OnnxDataType.Int64, [null, 3], OnnxDataType.Float, OnnxAttributeValue.OfFloats("offset", 1), OnnxAttributeValue.OfFloats("scale", 3));

        var y = Run(b, OnnxTensor.Create([1, 3], new long[] { 1, 2, 4 }))["y"];

        Assert.Equal([0f, 3f, 9f], y.Floats);
    }

    [Fact]
    public void Scaler_OffsetAndScaleLengthsDiffer_RefusedNamingAttribute()
    {
        var message = LoadError(Op("Scaler", OnnxDataType.Float, [null, 2], OnnxDataType.Float, OnnxAttributeValue.OfFloats("offset", 1, 2), OnnxAttributeValue.OfFloats("scale", 1, 2, 3)));

        Assert.Contains("Scaler_0", message, StringComparison.Ordinal);
        Assert.Contains("attribute 'scale' has 3 values, but 'offset' has 2", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MAX", new[] { 0.25, -0.5, 1 }, new[] { 1.0, 2 })]
    [InlineData("L1", new[] { 1.0 / 7, -2.0 / 7, 4.0 / 7 }, new[] { 1.0 / 3, 2.0 / 3 })]
    [InlineData("L2", new[] { 1 / 4.58257569495584, -2 / 4.58257569495584, 4 / 4.58257569495584 }, new[] { -1 / 2.23606797749979, -2 / 2.23606797749979 })]
    public void Normalizer_Norm_DividesEachRow(string norm, double[] first, double[] second)
    {
        var b = Op("Normalizer", OnnxDataType.Float, [3], OnnxDataType.Float, OnnxAttributeValue.OfString("norm", norm));
        var firstRow = Run(b, OnnxTensor.Create([3], new[] { 1f, -2f, 4f }))["y"];
        var pair = Op("Normalizer", OnnxDataType.Double, [1, 2], OnnxDataType.Float, OnnxAttributeValue.OfString("norm", norm));
        var secondInput = norm == "L2" ? new[] { -1.0, -2 } : norm == "MAX" ? new[] { -1.0, -2 } : new[] { 1.0, 2 };
        var secondRow = Run(pair, OnnxTensor.Create([1, 2], secondInput))["y"];

        Close(first, firstRow.Floats);
        Close(second, secondRow.Floats);
    }

    [Fact]
    public void Normalizer_ZeroRow_IsLeftAsItIs()
    {
        var b = Op("Normalizer", OnnxDataType.Float, [null, 2], OnnxDataType.Float, OnnxAttributeValue.OfString("norm", "L2"));

        Assert.Equal([0f, 0f, 0.6f, 0.8f], Run(b, Matrix(2, 0, 0, 3, 4))["y"].Floats);
    }

    [Fact]
    public void Normalizer_UnknownNorm_RefusedNamingAttribute()
    {
        Assert.Contains("attribute 'norm' is 'L3'", LoadError(Op("Normalizer", OnnxDataType.Float, [null, 2], OnnxDataType.Float, OnnxAttributeValue.OfString("norm", "L3"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Imputer_NaNReplacedValue_ReplacesNaNPerFeature()
    {
        var b = Op("Imputer", OnnxDataType.Float, [null, 2], OnnxDataType.Float, OnnxAttributeValue.OfFloats("imputed_value_floats", 7, 8), OnnxAttributeValue.OfFloat("replaced_value_float", float.NaN));

        Assert.Equal([7f, 2f, 3f, 8f], Run(b, Matrix(2, float.NaN, 2, 3, float.NaN))["y"].Floats);
    }

    [Fact]
    public void Imputer_ReplacedValue_ReplacesOnlyThatValue()
    {
        var b = Op("Imputer", OnnxDataType.Float, [null, 2], OnnxDataType.Float, OnnxAttributeValue.OfFloats("imputed_value_floats", 0.5f), OnnxAttributeValue.OfFloat("replaced_value_float", -1));

        var y = Run(b, Matrix(2, -1, float.NaN, 3, -1))["y"].Floats;

        Assert.Equal(0.5f, y[0]);
        Assert.True(float.IsNaN(y[1]));
        Assert.Equal([3f, 0.5f], y[2..]);
    }

    [Fact]
    public void Imputer_Int64Input_UsesTheIntegerAttributes()
    {
        var b = Op("Imputer", OnnxDataType.Int64, [null, 2], OnnxDataType.Int64, OnnxAttributeValue.OfInts("imputed_value_int64s", 9), OnnxAttributeValue.OfInt("replaced_value_int64", 0));

        Assert.Equal([9L, 5L, 9L, 9L], Run(b, OnnxTensor.Create([2, 2], new long[] { 0, 5, 0, 0 }))["y"].As<long>());
    }

    [Fact]
    public void Imputer_IntegerValuesForFloatInput_RefusedNamingAttribute()
    {
        Assert.Contains("attribute 'imputed_value_int64s' is for integer inputs", LoadError(Op("Imputer", OnnxDataType.Float, [null, 2], OnnxDataType.Float, OnnxAttributeValue.OfInts("imputed_value_int64s", 1))), StringComparison.Ordinal);
    }

    [Fact]
    public void Imputer_ValuesNotOnePerFeature_FailsAtRun()
    {
        var b = Op("Imputer", OnnxDataType.Float, [null, 3], OnnxDataType.Float, OnnxAttributeValue.OfFloats("imputed_value_floats", 1, 2));

        Assert.Throws<OnnxRuntimeException>(() => Run(b, Matrix(1, 0, 0, 0)));
    }

    [Fact]
    public void OneHotEncoder_Int64Categories_AddsALastAxis()
    {
        var b = Single("OneHotEncoder", OnnxDataType.Int64, [null], [("y", OnnxDataType.Float, [null, 3])], OnnxAttributeValue.OfInts("cats_int64s", 5, 7, 9));

        var y = Run(b, OnnxTensor.Create([3], new long[] { 7, 4, 9 }))["y"];

        Assert.Equal([3, 3], y.Shape);
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 1f], y.Floats);
    }

    [Fact]
    public void OneHotEncoder_StringCategories_EncodesStrings()
    {
        var b = Single("OneHotEncoder", OnnxDataType.String, [null, 2], [("y", OnnxDataType.Float, [null, 2, 2])], OnnxAttributeValue.OfStrings("cats_strings", "cat", "dog"));

        var y = Run(b, OnnxTensor.Create([1, 2], new[] { "dog", "cat" }))["y"];

        Assert.Equal([1, 2, 2], y.Shape);
        Assert.Equal([0f, 1f, 1f, 0f], y.Floats);
    }

    [Fact]
    public void OneHotEncoder_FloatInput_TruncatesToIntegers()
    {
        var b = Single("OneHotEncoder", OnnxDataType.Float, [null], [("y", OnnxDataType.Float, [null, 2])], OnnxAttributeValue.OfInts("cats_int64s", 1, 2));

        Assert.Equal([0f, 1f, 1f, 0f], Run(b, OnnxTensor.Create([2], new[] { 2.7f, 1f }))["y"].Floats);
    }

    [Fact]
    public void OneHotEncoder_UnknownCategoryWithZerosOff_FailsAtRun()
    {
        var b = Single("OneHotEncoder", OnnxDataType.Int64, [null], [("y", OnnxDataType.Float, [null, 1])], OnnxAttributeValue.OfInts("cats_int64s", 1), OnnxAttributeValue.OfInt("zeros", 0));

        Assert.Throws<OnnxRuntimeException>(() => Run(b, OnnxTensor.Create([1], new long[] { 2 })));
    }

    [Fact]
    public void OneHotEncoder_StringCategoriesForIntInput_Refused()
    {
        var message = LoadError(Single("OneHotEncoder", OnnxDataType.Int64, [null], [("y", OnnxDataType.Float, [null, 1])], OnnxAttributeValue.OfStrings("cats_strings", "a")));

        Assert.Contains("must be 'cats_int64s', not 'cats_strings'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelEncoder_StringsToInt64_MapsWithDefault()
    {
        var b = Single(
            "LabelEncoder",
            OnnxDataType.String,
            [null],
            [("y", OnnxDataType.Int64, [null])],
            OnnxAttributeValue.OfStrings("keys_strings", "Amy", "Sally"),
            OnnxAttributeValue.OfInts("values_int64s", 5, 6),
            OnnxAttributeValue.OfInt("default_int64", -1));

        Assert.Equal([-1L, 5L, 5L, 6L, 6L], Run(b, OnnxTensor.Create([5], new[] { "Dori", "Amy", "Amy", "Sally", "Sally" }))["y"].As<long>());
    }

    [Fact]
    public void LabelEncoder_Int64ToStrings_UsesUnusedAsDefault()
    {
        var b = Single("LabelEncoder", OnnxDataType.Int64, [null], [("y", OnnxDataType.String, [null])], OnnxAttributeValue.OfInts("keys_int64s", 1, 2), OnnxAttributeValue.OfStrings("values_strings", "one", "two"));

        Assert.Equal(["two", "_Unused", "one"], Run(b, OnnxTensor.Create([3], new long[] { 2, 3, 1 }))["y"].As<string>());
    }

    [Fact]
    public void LabelEncoder_FloatKeys_MatchNaNBitForBit()
    {
        var b = Single("LabelEncoder", OnnxDataType.Float, [null], [("y", OnnxDataType.Float, [null])], OnnxAttributeValue.OfFloats("keys_floats", float.NaN, 1.5f), OnnxAttributeValue.OfFloats("values_floats", 0, 10));

        var y = Run(b, OnnxTensor.Create([3], new[] { float.NaN, 1.5f, 2f }))["y"].Floats;

        Assert.Equal([0f, 10f], y[..2]);
        Assert.True(y[2] == 0f && float.IsNegative(y[2]), "the default float is -0.0");
    }

    [Fact]
    public void LabelEncoder_Opset1_MapsStringsToPositions()
    {
        var b = Single(1, "LabelEncoder", OnnxDataType.String, [null], [("y", OnnxDataType.Int64, [null])], OnnxAttributeValue.OfStrings("classes_strings", "a", "b"), OnnxAttributeValue.OfInt("default_int64", 42));

        Assert.Equal([1L, 42L, 0L], Run(b, OnnxTensor.Create([3], new[] { "b", "z", "a" }))["y"].As<long>());
    }

    [Fact]
    public void LabelEncoder_KeysAndValuesDifferInLength_RefusedNamingAttribute()
    {
        var message = LoadError(Single("LabelEncoder", OnnxDataType.Int64, [null], [("y", OnnxDataType.Int64, [null])], OnnxAttributeValue.OfInts("keys_int64s", 1, 2), OnnxAttributeValue.OfInts("values_int64s", 3)));

        Assert.Contains("attribute 'values_int64s' has 1 values, but 'keys_int64s' has 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelEncoder_InputTypeNotKeyType_Refused()
    {
        var message = LoadError(Single("LabelEncoder", OnnxDataType.Int64, [null], [("y", OnnxDataType.Int64, [null])], OnnxAttributeValue.OfStrings("keys_strings", "a"), OnnxAttributeValue.OfInts("values_int64s", 3)));

        Assert.Contains("the keys are 'keys_strings' (STRING)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OnnxDataType.Float)]
    [InlineData(OnnxDataType.Int64)]
    public void Binarizer_Threshold_GivesOneAboveIt(OnnxDataType type)
    {
        var b = Op("Binarizer", type, [null], type, OnnxAttributeValue.OfFloat("threshold", 1));
        var x = type == OnnxDataType.Float ? OnnxTensor.Create([4], new[] { 0.5f, 1f, 1.5f, float.NaN }) : OnnxTensor.Create([4], new long[] { 0, 1, 2, 3 });

        var y = Run(b, x)["y"];

        Assert.Equal(type, y.Type);
        Assert.Equal(type == OnnxDataType.Float ? [0.0, 0, 1, 0] : [0.0, 0, 1, 1], MlInputValues(y));
    }

    private static double[] MlInputValues(OnnxTensor t) => t.Type == OnnxDataType.Float ? t.Floats.Select(v => (double)v).ToArray() : t.As<long>().Select(v => (double)v).ToArray();

    [Fact]
    public void ArrayFeatureExtractor_Indices_SelectAlongTheLastAxis()
    {
        var b = Builder().AddInput("x", OnnxDataType.Float, null, 3).AddInitializer("i", [2L, 0L], 2);
        b.AddNode("ArrayFeatureExtractor", Ml, ["x", "i"], ["y"]);
        b.AddOutput("y", OnnxDataType.Float, null, 2);

        var y = Run(b, Matrix(2, 1, 2, 3, 4, 5, 6))["y"];

        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([3f, 1f, 6f, 4f], y.Floats);
    }

    [Fact]
    public void ArrayFeatureExtractor_IndexOutOfRange_FailsAtRun()
    {
        var b = Builder().AddInput("x", OnnxDataType.Float, null, 2).AddInitializer("i", [2L], 1);
        b.AddNode("ArrayFeatureExtractor", Ml, ["x", "i"], ["y"]);
        b.AddOutput("y", OnnxDataType.Float, null, 1);

        Assert.Throws<OnnxRuntimeException>(() => Run(b, Matrix(1, 1, 2)));
    }

    [Fact]
    public void ZipMap_FloatTensor_PassesThrough()
    {
        var b = Single("ZipMap", OnnxDataType.Float, [null, 2], [("y", OnnxDataType.Float, [null, 2])], OnnxAttributeValue.OfInts("classlabels_int64s", 0, 1));
        var x = Matrix(2, 0.25f, 0.75f, 1, 0);

        Assert.Same(x, Run(b, x)["y"]);
    }

    [Fact]
    public void ZipMap_ColumnsDifferFromLabels_FailsAtRun()
    {
        var b = Single("ZipMap", OnnxDataType.Float, [null, 2], [("y", OnnxDataType.Float, [null, 2])], OnnxAttributeValue.OfStrings("classlabels_strings", "a", "b", "c"));

        Assert.Throws<OnnxRuntimeException>(() => Run(b, Matrix(1, 0.5f, 0.5f)));
    }

    [Fact]
    public void ZipMap_NoLabels_Refused()
    {
        Assert.Contains("neither 'classlabels_int64s' nor 'classlabels_strings' is set", LoadError(Single("ZipMap", OnnxDataType.Float, [null, 2], [("y", OnnxDataType.Float, [null, 2])])), StringComparison.Ordinal);
    }
}
