using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>A broadcasting element-wise binary operator.</summary>
internal sealed class BinaryKernel<TA, TB, TO, TOp> : IKernel
    where TOp : IBinaryFunc<TA, TB, TO>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var a = inputs[0]!;
        var b = inputs[1]!;
        var shape = Broadcast.Shape(a.Shape, b.Shape);
        var o = new TO[OnnxTensor.ShapeSize(shape)];
        Broadcast.Binary<TA, TB, TO, TOp>(a.As<TA>(), a.Shape, b.As<TB>(), b.Shape, o, shape);
        outputs[0] = OnnxTensor.Create(shape, o);
    }
}
