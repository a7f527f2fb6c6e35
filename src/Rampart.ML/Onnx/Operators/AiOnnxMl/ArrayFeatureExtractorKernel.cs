using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// ArrayFeatureExtractor: selects the given indices along the last axis; output shape X.shape[:-1] + [k] (a 1-D X
/// gives [1, k], as ONNX Runtime does). Indices outside the last dimension are an error.
/// </summary>
internal sealed class ArrayFeatureExtractorKernel : IKernel
{
    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(2, 2);
        var t = c.RequireType(0, x => x is OnnxDataType.String || MlInput.Numeric(x), MlInput.NumericNames + ", STRING");
        c.RequireType(1, x => x == OnnxDataType.Int64, "INT64");
        return KernelBinding.Of(new ArrayFeatureExtractorKernel(), t);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var indices = inputs[1]!.As<long>();
        if (x.Rank == 0)
        {
            throw new OnnxRuntimeException("ArrayFeatureExtractor needs an input of rank 1 or more.");
        }

        var last = x.Shape[^1];
        foreach (var i in indices)
        {
            if (i < 0 || i >= last)
            {
                throw new OnnxRuntimeException(FormattableString.Invariant($"ArrayFeatureExtractor index {i} is outside 0 to {last - 1}."));
            }
        }

        var outer = last == 0 ? 0 : x.Length / last;
        var k = indices.Length;
        var o = OnnxTypes.Allocate(x.Type, checked(outer * k));
        for (var r = 0; r < outer; r++)
        {
            for (var j = 0; j < k; j++)
            {
                Array.Copy(x.Data, (r * last) + (int)indices[j], o, (r * k) + j, 1);
            }
        }

        int[] shape = x.Rank == 1 ? [1, k] : [.. x.Shape[..^1], k];
        outputs[0] = new OnnxTensor(x.Type, shape, o);
    }
}
