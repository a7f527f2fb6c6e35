using Rampart.ML.Onnx.Operators;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Gradients;

/// <summary>
/// Reverse-mode differentiation over a run of a <see cref="CompiledGraph"/>: from a seed gradient at one value back
/// to one input, through the nodes that lie on a path between them. Every such node must be differentiable.
/// </summary>
internal static class ReverseMode
{
    /// <summary>Operators whose kernels propagate gradients (float only).</summary>
    public static readonly IReadOnlySet<string> Differentiable = new HashSet<string>(StringComparer.Ordinal)
    {
        "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Conv",
        "MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization", "Reshape", "Flatten", "Identity", "Dropout",
        "Transpose", "Concat", "Squeeze", "Unsqueeze",
    };

    /// <summary>Which slots depend on <paramref name="inputSlot"/> (forward reachability).</summary>
    public static bool[] DependsOn(CompiledGraph graph, int inputSlot)
    {
        var depends = new bool[graph.ValueNames.Length];
        depends[inputSlot] = true;
        foreach (var step in graph.Nodes)
        {
            if (step.Inputs.Any(i => i >= 0 && depends[i]))
            {
                foreach (var o in step.Outputs.Where(o => o >= 0))
                {
                    depends[o] = true;
                }
            }
        }

        return depends;
    }

    /// <summary>Checks at load time that every node between the input and <paramref name="seedSlot"/> is differentiable; returns the problem or null.</summary>
    public static string? CheckPath(CompiledGraph graph, int inputSlot, int seedSlot)
    {
        var depends = DependsOn(graph, inputSlot);
        var reaches = new bool[graph.ValueNames.Length];
        reaches[seedSlot] = true;
        for (var n = graph.Nodes.Length - 1; n >= 0; n--)
        {
            var step = graph.Nodes[n];
            if (!step.Outputs.Any(o => o >= 0 && reaches[o]) || !step.Inputs.Any(i => i >= 0 && depends[i]))
            {
                continue;
            }

            if (step.Kernel is not IDifferentiableKernel || !Differentiable.Contains(step.Node.OpType) || step.Outputs.Any(o => o >= 0 && reaches[o] && graph.ValueTypes[o] != OnnxDataType.Float))
            {
                return $"operator {step.Node.OpType} ({step.Node.Describe()}) lies on the path from the input to the differentiated output and is not differentiable (float {string.Join(", ", Differentiable.Order(StringComparer.Ordinal))} are)";
            }

            foreach (var i in step.Inputs.Where(i => i >= 0 && depends[i]))
            {
                reaches[i] = true;
            }
        }

        return reaches[inputSlot] ? null : "the differentiated output does not depend on the input";
    }

    /// <summary>Propagates <paramref name="seed"/> (the gradient at <paramref name="seedSlot"/>) back to <paramref name="inputSlot"/>.</summary>
    public static OnnxTensor Backward(CompiledGraph graph, OnnxTensor?[] values, int inputSlot, int seedSlot, OnnxTensor seed)
    {
        var depends = DependsOn(graph, inputSlot);
        var grads = new OnnxTensor?[values.Length];
        grads[seedSlot] = seed;
        for (var n = graph.Nodes.Length - 1; n >= 0; n--)
        {
            var step = graph.Nodes[n];
            if (!step.Outputs.Any(o => o >= 0 && grads[o] is not null) || !step.Inputs.Any(i => i >= 0 && depends[i]))
            {
                continue;
            }

            if (step.Kernel is not IDifferentiableKernel kernel)
            {
                throw new OnnxRuntimeException($"Operator {step.Node.OpType} ({step.Node.Describe()}) is not differentiable.");
            }

            var inputs = step.Inputs.Select(i => i < 0 ? null : values[i]).ToArray();
            var outputs = step.Outputs.Select(o => o < 0 ? null : values[o]).ToArray();
            var outputGrads = step.Outputs.Select(o => o < 0 ? null : grads[o]).ToArray();
            for (var i = 0; i < outputGrads.Length; i++)
            {
                if (outputGrads[i] is null && outputs[i] is { Type: OnnxDataType.Float } value && i == 0)
                {
                    outputGrads[i] = OnnxTensor.Zeros(OnnxDataType.Float, value.Shape);
                }
            }

            var needed = step.Inputs.Select(i => i >= 0 && depends[i] && graph.ValueTypes[i] == OnnxDataType.Float).ToArray();
            var inputGrads = new OnnxTensor?[inputs.Length];
            kernel.Backward(inputs, outputs, outputGrads, needed, inputGrads);
            for (var i = 0; i < inputGrads.Length; i++)
            {
                if (!needed[i] || inputGrads[i] is not { } g)
                {
                    continue;
                }

                var slot = step.Inputs[i];
                grads[slot] = grads[slot] is { } existing ? Sum(existing, g) : g;
            }
        }

        return grads[inputSlot] ?? OnnxTensor.Zeros(OnnxDataType.Float, values[inputSlot]!.Shape);
    }

    private static OnnxTensor Sum(OnnxTensor a, OnnxTensor b)
    {
        var x = a.Floats;
        var y = b.Floats;
        var r = new float[x.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = x[i] + y[i];
        }

        return OnnxTensor.Create(a.Shape, r);
    }
}
