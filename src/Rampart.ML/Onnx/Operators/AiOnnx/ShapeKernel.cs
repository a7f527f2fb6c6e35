using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Shape, with the opset-15 start/end window (clamped).</summary>
internal sealed class ShapeKernel(long start, long? end) : IKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var shape = inputs[0]!.Shape;
        var rank = shape.Length;
        var s = Math.Clamp(start < 0 ? start + rank : start, 0, rank);
        var e = Math.Clamp(end is { } v ? (v < 0 ? v + rank : v) : rank, 0, rank);
        var dims = e > s ? shape[(int)s..(int)e].Select(d => (long)d).ToArray() : [];
        outputs[0] = OnnxTensor.Create([dims.Length], dims);
    }
}
