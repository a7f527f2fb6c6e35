using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// ZipMap as a pass-through. ONNX defines its output as a sequence of maps (class label to probability); Rampart has
/// no map values, so the output keeps the [N, C] float tensor, whose columns are the classes in label order
/// (<see cref="Labels"/>). The number of columns must equal the number of labels.
/// </summary>
internal sealed class ZipMapKernel(Labels labels) : IKernel
{
    /// <summary>The class labels as text, in column order.</summary>
    public IReadOnlyList<string> ClassLabels { get; } = labels.AsText();

    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        c.RequireType(0, t => t == OnnxDataType.Float, "FLOAT");
        var labels = MlAttributes.OneOfLabels(c, "classlabels_int64s", "classlabels_strings");
        return KernelBinding.Of(new ZipMapKernel(labels), OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var columns = x.Rank switch
        {
            1 => x.Shape[0],
            2 => x.Shape[1],
            _ => throw new OnnxRuntimeException($"ZipMap needs a [N, C] or [C] input, got shape {OnnxTensor.Format(x.Shape)}."),
        };
        if (columns != labels.Count)
        {
            throw new OnnxRuntimeException(FormattableString.Invariant($"ZipMap has {labels.Count} class labels, but its input has {columns} columns."));
        }

        outputs[0] = x;
    }
}
