using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Clip: bounds from attributes (opset &lt; 11) or optional scalar inputs 1 and 2 (opset 11+); min &gt; max gives max.</summary>
internal sealed class ClipKernel<T>(double attributeMin, double attributeMax) : IKernel
    where T : INumber<T>, IMinMaxValue<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var min = Bound(inputs, 1, attributeMin, T.MinValue);
        var max = Bound(inputs, 2, attributeMax, T.MaxValue);
        var src = x.As<T>();
        var o = new T[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            var v = src[i];
            o[i] = v < min ? min : v;
            o[i] = o[i] > max ? max : o[i];
        }

        outputs[0] = new OnnxTensor(x.Type, x.Shape, o);
    }

    private static T Bound(OnnxTensor?[] inputs, int index, double attribute, T none)
    {
        if (inputs.Length > index && inputs[index] is { } t)
        {
            if (t.Length != 1)
            {
                throw new OnnxRuntimeException($"Clip bound input {index} must be a scalar, got shape {OnnxTensor.Format(t.Shape)}.");
            }

            return t.As<T>()[0];
        }

        return double.IsInfinity(attribute) ? none : T.CreateSaturating(attribute);
    }
}
