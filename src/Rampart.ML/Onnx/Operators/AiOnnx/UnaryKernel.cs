using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>An element-wise unary operator whose output has the input's type and shape.</summary>
internal sealed class UnaryKernel<T, TOp>(TOp op) : IKernel
    where TOp : struct, IUnaryFunc<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var src = x.As<T>();
        var o = new T[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            o[i] = op.Apply(src[i]);
        }

        outputs[0] = new OnnxTensor(x.Type, x.Shape, o);
    }
}
