using Rampart.ML.Onnx;

namespace Rampart.Tests.ML.Onnx;

/// <summary>Small seeded models built in code with <see cref="OnnxModelBuilder"/>.</summary>
internal static class OnnxTestModels
{
    public static float[] Random(Random rng, int count, float scale = 1f) =>
        Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() * 2) - 1) * scale).ToArray();

    /// <summary>An MLP features -> hidden (Relu) -> ... -> classes, with Gemm layers (transB=1, as PyTorch exports) and a final Softmax when asked.</summary>
    public static byte[] Mlp(int seed, int[] layers, bool softmax, string hiddenActivation = "Relu", string outputName = "probabilities")
    {
        var rng = new Random(seed);
        var b = new OnnxModelBuilder("mlp");
        b.AddInput("input", OnnxDataType.Float, null, layers[0]);
        var current = "input";
        for (var l = 1; l < layers.Length; l++)
        {
            int fanIn = layers[l - 1], fanOut = layers[l];
            b.AddInitializer($"w{l}", Random(rng, fanIn * fanOut, 1f / MathF.Sqrt(fanIn) * 1.5f), fanOut, fanIn);
            b.AddInitializer($"b{l}", Random(rng, fanOut, 0.1f), fanOut);
            var last = l == layers.Length - 1;
            var z = last && !softmax ? outputName : $"z{l}";
            b.AddNode("Gemm", [current, $"w{l}", $"b{l}"], [z], OnnxAttributeValue.OfInt("transB", 1));
            current = z;
            if (!last)
            {
                b.AddNode(hiddenActivation, [z], [$"h{l}"]);
                current = $"h{l}";
            }
        }

        if (softmax)
        {
            b.AddNode("Softmax", [current], [outputName], OnnxAttributeValue.OfInt("axis", 1));
        }

        b.AddOutput(outputName, OnnxDataType.Float, null, layers[^1]);
        return b.ToBytes();
    }

    /// <summary>A small CNN: Conv(pads) -> BatchNormalization -> Relu -> MaxPool -> Conv(stride 2) -> Tanh -> AveragePool -> Flatten -> MatMul -> Add -> Softmax.</summary>
    public static byte[] Cnn(int seed)
    {
        var rng = new Random(seed);
        var b = new OnnxModelBuilder("cnn");
        b.AddInput("image", OnnxDataType.Float, null, 1, 6, 6);
        b.AddInitializer("k1", Random(rng, 3 * 1 * 3 * 3, 0.5f), 3, 1, 3, 3);
        b.AddInitializer("c1", Random(rng, 3, 0.1f), 3);
        b.AddInitializer("scale", [1.2f, 0.8f, 1.0f], 3);
        b.AddInitializer("shift", [0.1f, -0.1f, 0.05f], 3);
        b.AddInitializer("mean", [0.05f, -0.02f, 0.1f], 3);
        b.AddInitializer("var", [0.9f, 1.1f, 0.7f], 3);
        b.AddInitializer("k2", Random(rng, 4 * 3 * 2 * 2, 0.5f), 4, 3, 2, 2);
        b.AddInitializer("w", Random(rng, 4 * 2, 0.7f), 4, 2);
        b.AddInitializer("bias", [0.1f, -0.1f], 2);
        b.AddNode("Conv", ["image", "k1", "c1"], ["a1"], OnnxAttributeValue.OfInts("pads", 1, 1, 1, 1));
        b.AddNode("BatchNormalization", ["a1", "scale", "shift", "mean", "var"], ["a2"]);
        b.AddNode("Relu", ["a2"], ["a3"]);
        b.AddNode("MaxPool", ["a3"], ["a4"], OnnxAttributeValue.OfInts("kernel_shape", 2, 2), OnnxAttributeValue.OfInts("strides", 2, 2));
        b.AddNode("Conv", ["a4", "k2"], ["a5"], OnnxAttributeValue.OfInts("strides", 1, 1));
        b.AddNode("Tanh", ["a5"], ["a6"]);
        b.AddNode("AveragePool", ["a6"], ["a7"], OnnxAttributeValue.OfInts("kernel_shape", 2, 2));
        b.AddNode("Flatten", ["a7"], ["a8"]);
        b.AddNode("MatMul", ["a8", "w"], ["a9"]);
        b.AddNode("Add", ["a9", "bias"], ["logits"]);
        b.AddNode("Softmax", ["logits"], ["probabilities"]);
        b.AddOutput("probabilities", OnnxDataType.Float, null, 2);
        return b.ToBytes();
    }

    /// <summary>Shape and arithmetic operators on the gradient path: Unsqueeze, Transpose, Squeeze, Concat, Reshape, Identity, Dropout, Sub, Mul, LeakyRelu, Sigmoid, GlobalAveragePool, LogSoftmax.</summary>
    public static byte[] Mixed(int seed)
    {
        var rng = new Random(seed);
        var b = new OnnxModelBuilder("mixed");
        b.AddInput("x", OnnxDataType.Float, null, 4);
        b.AddInitializer("axes", [1L], 1);
        b.AddInitializer("axes2", [2L], 1);
        b.AddInitializer("shape", [-1L, 2L, 2L, 2L], 4);
        b.AddInitializer("m", Random(rng, 4, 1f), 4);
        b.AddInitializer("s", Random(rng, 4, 0.3f), 1, 4);
        b.AddInitializer("w", Random(rng, 2 * 3, 1f), 2, 3);
        b.AddNode("Unsqueeze", ["x", "axes"], ["u"]);
        b.AddNode("Transpose", ["u"], ["t"], OnnxAttributeValue.OfInts("perm", 0, 2, 1));
        b.AddNode("Squeeze", ["t", "axes2"], ["sq"]);
        b.AddNode("Mul", ["sq", "m"], ["p"]);
        b.AddNode("Sub", ["p", "s"], ["q"]);
        b.AddNode("LeakyRelu", ["q"], ["l"], OnnxAttributeValue.OfFloat("alpha", 0.2f));
        b.AddNode("Sigmoid", ["x"], ["g"]);
        b.AddNode("Concat", ["l", "g"], ["c"], OnnxAttributeValue.OfInt("axis", 1));
        b.AddNode("Reshape", ["c", "shape"], ["r"]);
        b.AddNode("Identity", ["r"], ["i"]);
        b.AddNode("Dropout", ["i"], ["d"]);
        b.AddNode("GlobalAveragePool", ["d"], ["gap"]);
        b.AddNode("Flatten", ["gap"], ["f"]);
        b.AddNode("MatMul", ["f", "w"], ["logits"]);
        b.AddNode("LogSoftmax", ["logits"], ["log_probabilities"], OnnxAttributeValue.OfInt("axis", 1));
        b.AddOutput("log_probabilities", OnnxDataType.Float, null, 3);
        return b.ToBytes();
    }
}
