using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>An operator that only changes the shape (Identity, Flatten, Reshape, Squeeze, Unsqueeze): data is shared, gradients are reshaped back.</summary>
internal sealed class ViewKernel(Func<OnnxTensor?[], int[]> shapeOf) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var shape = shapeOf(inputs);
        if (OnnxTensor.ShapeSize(shape) != x.Length)
        {
            throw new OnnxRuntimeException($"Cannot reshape {OnnxTensor.Format(x.Shape)} ({x.Length} elements) to {OnnxTensor.Format(shape)}.");
        }

        outputs[0] = x.WithShape(shape);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads) =>
        inputGrads[0] = outputGrads[0]!.WithShape(inputs[0]!.Shape);
}
