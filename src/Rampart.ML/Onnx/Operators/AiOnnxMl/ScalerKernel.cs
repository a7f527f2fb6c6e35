using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// Scaler: Y = (X - offset) * scale in float, offset and scale of length 1 (all features) or F (the last dimension).
/// A missing offset is 0 and a missing scale 1; when both are set they must have the same length.
/// </summary>
internal sealed class ScalerKernel(float[] offset, float[] scale) : IKernel
{
    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        c.RequireType(0, MlInput.Numeric, MlInput.NumericNames);
        var offset = c.Floats("offset");
        var scale = c.Floats("scale");
        if (IsSet(offset) && IsSet(scale))
        {
            RequireLength(c, "scale", scale!.Length, offset!.Length, "offset");
        }

        return KernelBinding.Of(new ScalerKernel(IsSet(offset) ? offset! : [0f], IsSet(scale) ? scale! : [1f]), OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var values = MlInput.ToDoubles(x);
        var features = x.Rank == 0 ? 1 : x.Shape[^1];
        foreach (var (name, list) in new[] { ("offset", offset), ("scale", scale) })
        {
            if (list.Length != 1 && list.Length != features)
            {
                throw new OnnxRuntimeException(Invariant($"Scaler's '{name}' has {list.Length} values; the input's last dimension is {features}."));
            }
        }

        var y = new float[values.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var f = features == 0 ? 0 : i % features;
            y[i] = ((float)values[i] - offset[offset.Length == 1 ? 0 : f]) * scale[scale.Length == 1 ? 0 : f];
        }

        outputs[0] = OnnxTensor.Create(x.Shape, y);
    }
}
