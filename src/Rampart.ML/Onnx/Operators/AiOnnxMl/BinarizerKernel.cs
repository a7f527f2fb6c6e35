using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>Binarizer: 1 where X &gt; threshold (default 0), else 0 (NaN gives 0), in the input's type.</summary>
internal sealed class BinarizerKernel<T>(float threshold) : IKernel
    where T : INumber<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var src = x.As<T>();
        var o = new T[src.Length];
        for (var i = 0; i < o.Length; i++)
        {
            o[i] = double.CreateTruncating(src[i]) > threshold ? T.One : T.Zero;
        }

        outputs[0] = new OnnxTensor(x.Type, x.Shape, o);
    }
}
