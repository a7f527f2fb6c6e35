using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Protobuf;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.Tests.ML.Onnx.AiOnnxMl;

/// <summary>Builds and runs one-operator ai.onnx.ml models.</summary>
internal static class MlTestModels
{
    public const string Ml = "ai.onnx.ml";

    public static OnnxModelBuilder Builder(long mlOpset = 3) => new OnnxModelBuilder("ml").ImportOpset(Ml, mlOpset);

    /// <summary>A model X -> op -> outputs, X of the given type and shape ([N, F] with N symbolic when <paramref name="dims"/> starts with null).</summary>
    public static OnnxModelBuilder Single(string op, OnnxDataType inputType, long?[] dims, (string Name, OnnxDataType Type, long?[] Dims)[] outputs, params OnnxAttributeValue[] attributes) =>
        Single(3, op, inputType, dims, outputs, attributes);

    public static OnnxModelBuilder Single(long mlOpset, string op, OnnxDataType inputType, long?[] dims, (string Name, OnnxDataType Type, long?[] Dims)[] outputs, params OnnxAttributeValue[] attributes)
    {
        var b = Builder(mlOpset).AddInput("x", inputType, dims);
        b.AddNode(op, Ml, ["x"], outputs.Select(o => o.Name).ToArray(), attributes);
        foreach (var (name, type, d) in outputs)
        {
            b.AddOutput(name, type, d);
        }

        return b;
    }

    public static Dictionary<string, OnnxTensor> Run(OnnxModelBuilder b, OnnxTensor x) =>
        OnnxModel.Load(b.ToBytes(), "ml").Run(new Dictionary<string, OnnxTensor>(StringComparer.Ordinal) { ["x"] = x });

    public static OnnxTensor Matrix(int rows, params float[] values) => OnnxTensor.Create([rows, values.Length / rows], values);

    /// <summary>Loading the model fails at load time; returns the message.</summary>
    public static string LoadError(OnnxModelBuilder b) => Assert.Throws<OnnxFormatException>(() => b.ToBytes()).Message;

    public static void Close(double[] expected, float[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) && float.IsNaN(actual[i]))
            {
                continue;
            }

            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"value {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static double[] Softmax(params double[] v)
    {
        var max = v.Max();
        var e = v.Select(x => Math.Exp(x - max)).ToArray();
        var s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }

    /// <summary>The ONNX reference probit: sqrt(2) * erfinv(2p - 1) with Winitzki's approximation (a = 0.147).</summary>
    public static double Probit(double p)
    {
        var x = (2 * p) - 1;
        var sign = x < 0 ? -1.0 : 1.0;
        var ln = Math.Log((1 - x) * (1 + x));
        var a = (2 / (Math.PI * 0.147)) + (ln / 2);
        return Math.Sqrt(2) * sign * Math.Sqrt(-a + Math.Sqrt((a * a) - (ln / 0.147)));
    }

    /// <summary>
    /// Rewrites a model so that graph output <paramref name="output"/> is declared as seq(map(key, tensor(float))),
    /// as scikit-learn converters declare ZipMap's output (the builder can only declare tensors).
    /// </summary>
    public static byte[] WithSequenceOfMapsOutput(byte[] model, string output, OnnxDataType keyType)
    {
        var valueType = new ProtoWriter();
        var tensor = new ProtoWriter();
        tensor.WriteInt64(1, (long)OnnxDataType.Float);
        valueType.WriteMessage(1, tensor);
        var map = new ProtoWriter();
        map.WriteInt64(1, (long)keyType);
        map.WriteMessage(2, valueType);
        var mapType = new ProtoWriter();
        mapType.WriteMessage(5, map);
        var sequence = new ProtoWriter();
        sequence.WriteMessage(1, mapType);
        var type = new ProtoWriter();
        type.WriteMessage(4, sequence);
        var info = new ProtoWriter();
        info.WriteString(1, output);
        info.WriteMessage(2, type);
        var replacement = info.ToArray();
        return Rewrite(model, 7, graph => Rewrite(graph, 12, v => NameOf(v) == output ? replacement : v));
    }

    private static byte[] Rewrite(ReadOnlySpan<byte> message, int field, Func<byte[], byte[]> change)
    {
        var r = new ProtoReader(message, "test");
        var w = new ProtoWriter();
        while (!r.AtEnd)
        {
            var (f, wire) = r.ReadTag();
            switch (wire)
            {
                case WireType.Varint:
                    w.WriteTag(f, wire);
                    w.WriteVarint(r.ReadVarint());
                    break;
                case WireType.LengthDelimited:
                    var bytes = r.ReadBytes().ToArray();
                    w.WriteBytes(f, f == field ? change(bytes) : bytes);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected wire type {wire} in field {f}");
            }
        }

        return w.ToArray();
    }

    private static string NameOf(byte[] valueInfo)
    {
        var r = new ProtoReader(valueInfo, "test");
        while (!r.AtEnd)
        {
            var (f, wire) = r.ReadTag();
            if (f == 1)
            {
                return r.ReadString();
            }

            r.Skip(wire);
        }

        return string.Empty;
    }
}
