using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Operators.AiOnnx;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.Tests.ML.Onnx;

/// <summary>Opset-dependent semantics and the float GEMM kernel, checked against exact answers.</summary>
public sealed class OnnxOperatorTests
{
    private static float[] RunSingle(long opset, Action<OnnxModelBuilder> build, float[] x, params long[] dims)
    {
        var b = new OnnxModelBuilder("op", opset);
        b.AddInput("x", OnnxDataType.Float, dims.Select(d => (long?)d).ToArray());
        build(b);
        b.AddOutput("y", OnnxDataType.Float);
        var model = OnnxModel.Load(b.ToBytes(), "op");
        return model.Run(new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.Create(dims.Select(d => (int)d).ToArray(), x) })["y"].Floats;
    }

    [Fact]
    public void Softmax_Opset11Versus13_CoercesTo2DOnlyBefore13()
    {
        var x = new[] { 1f, 2f, 3f, 4f };
        var old = RunSingle(11, b => b.AddNode("Softmax", ["x"], ["y"]), x, 1, 2, 2);
        var current = RunSingle(13, b => b.AddNode("Softmax", ["x"], ["y"], OnnxAttributeValue.OfInt("axis", 1)), x, 1, 2, 2);

        var total = Math.Exp(1) + Math.Exp(2) + Math.Exp(3) + Math.Exp(4);
        Assert.Equal(Math.Exp(1) / total, old[0], 5);
        Assert.Equal(Math.Exp(1) / (Math.Exp(1) + Math.Exp(3)), current[0], 5);
    }

    [Fact]
    public void Squeeze_AxesAttributeBefore13AndInputFrom13_GiveSameShape()
    {
        var b11 = new OnnxModelBuilder("s", 11);
        b11.AddInput("x", OnnxDataType.Float, 1, 3, 1);
        b11.AddNode("Squeeze", ["x"], ["y"], OnnxAttributeValue.OfInts("axes", 0, 2));
        b11.AddOutput("y", OnnxDataType.Float);
        var b13 = new OnnxModelBuilder("s", 13);
        b13.AddInput("x", OnnxDataType.Float, 1, 3, 1);
        b13.AddInitializer("axes", [0L, -1L], 2);
        b13.AddNode("Squeeze", ["x", "axes"], ["y"]);
        b13.AddOutput("y", OnnxDataType.Float);
        var feed = new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.Create([1, 3, 1], new[] { 1f, 2f, 3f }) };

        Assert.Equal([3], OnnxModel.Load(b11.ToBytes(), "11").Run(feed)["y"].Shape);
        Assert.Equal([3], OnnxModel.Load(b13.ToBytes(), "13").Run(feed)["y"].Shape);
    }

    [Fact]
    public void Squeeze_AxesAttributeAtOpset13_IsNotAnInput()
    {
        var b = new OnnxModelBuilder("s", 13);
        b.AddInput("x", OnnxDataType.Float, 1, 3);
        b.AddNode("Squeeze", ["x"], ["y"], OnnxAttributeValue.OfInts("axes", 0));
        b.AddOutput("y", OnnxDataType.Float);
        var model = OnnxModel.Load(b.ToBytes(), "s");

        // From opset 13 the attribute is not part of the operator: with no axes input, all size-1 axes go.
        Assert.Equal([3], model.Run(new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.Create([1, 3], new[] { 1f, 2f, 3f }) })["y"].Shape);
    }

    [Fact]
    public void Clip_AttributesBefore11AndInputsFrom11_ClampTheSame()
    {
        var x = new[] { -5f, 0.5f, 5f };
        var old = RunSingle(6, b => b.AddNode("Clip", ["x"], ["y"], OnnxAttributeValue.OfFloat("min", -1f), OnnxAttributeValue.OfFloat("max", 1f)), x, 3);
        var current = RunSingle(13, b =>
        {
            b.AddInitializer("lo", [-1f]);
            b.AddInitializer("hi", [1f]);
            b.AddNode("Clip", ["x", "lo", "hi"], ["y"]);
        }, x, 3);

        Assert.Equal([-1f, 0.5f, 1f], old);
        Assert.Equal(old, current);
    }

    [Fact]
    public void ReduceSum_AxesAttributeBefore13AndInputFrom13_SumTheSameAxis()
    {
        var x = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        var old = RunSingle(11, b => b.AddNode("ReduceSum", ["x"], ["y"], OnnxAttributeValue.OfInts("axes", 1), OnnxAttributeValue.OfInt("keepdims", 0)), x, 2, 3);
        var current = RunSingle(13, b =>
        {
            b.AddInitializer("axes", [1L], 1);
            b.AddNode("ReduceSum", ["x", "axes"], ["y"], OnnxAttributeValue.OfInt("keepdims", 0));
        }, x, 2, 3);

        Assert.Equal([6f, 15f], old);
        Assert.Equal(old, current);
    }

    [Fact]
    public void Slice_AttributesBefore10AndInputsFrom10_TakeTheSameWindow()
    {
        var x = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var old = RunSingle(9, b => b.AddNode("Slice", ["x"], ["y"], OnnxAttributeValue.OfInts("starts", 2), OnnxAttributeValue.OfInts("ends", 7)), x, 10);
        var current = RunSingle(13, b =>
        {
            b.AddInitializer("s", [2L], 1);
            b.AddInitializer("e", [7L], 1);
            b.AddInitializer("a", [0L], 1);
            b.AddInitializer("st", [2L], 1);
            b.AddNode("Slice", ["x", "s", "e", "a", "st"], ["y"]);
        }, x, 10);

        Assert.Equal([2f, 3f, 4f, 5f, 6f], old);
        Assert.Equal([2f, 4f, 6f], current);
    }

    [Fact]
    public void Div_IntegerDivisionByZero_IsARuntimeErrorNamingTheNode()
    {
        var b = new OnnxModelBuilder();
        b.AddInput("x", OnnxDataType.Int64, 2);
        b.AddInitializer("zero", [0L, 1L], 2);
        b.AddNode("Div", ["x", "zero"], ["y"]);
        b.AddOutput("y", OnnxDataType.Int64);
        var model = OnnxModel.Load(b.ToBytes(), "div");

        var ex = Assert.Throws<OnnxRuntimeException>(() => model.Run(new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.Create([2], new[] { 1L, 2L }) }));
        Assert.Contains("Div_0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 16, 16)]
    [InlineData(7, 50, 128)]
    [InlineData(33, 13, 37)]
    [InlineData(5, 64, 2)]
    public void Multiply_RandomShapes_MatchesNaiveProduct(int m, int k, int n)
    {
        var rng = new Random(m * 1000 + k * 10 + n);
        var a = OnnxTestModels.Random(rng, m * k);
        var b = OnnxTestModels.Random(rng, k * n);
        var c = new float[m * n];

        FloatGemm.Multiply(a, b, c, m, k, n, accumulate: false);

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double expected = 0;
                for (var p = 0; p < k; p++)
                {
                    expected += a[(i * k) + p] * (double)b[(p * n) + j];
                }

                Assert.True(Math.Abs(expected - c[(i * n) + j]) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"C[{i},{j}] = {c[(i * n) + j]}, expected {expected}");
            }
        }
    }
}
