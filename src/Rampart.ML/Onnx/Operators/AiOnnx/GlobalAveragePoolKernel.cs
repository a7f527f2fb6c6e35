using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>GlobalAveragePool over all spatial dimensions (float).</summary>
internal sealed class GlobalAveragePoolKernel : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var (planes, size) = Layout(x);
        var src = x.Floats;
        var y = new float[planes];
        for (var p = 0; p < planes; p++)
        {
            double sum = 0;
            for (var i = 0; i < size; i++)
            {
                sum += src[(p * size) + i];
            }

            y[p] = (float)(sum / size);
        }

        outputs[0] = OnnxTensor.Create(x.Shape.Select((d, i) => i < 2 ? d : 1).ToArray(), y);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var x = inputs[0]!;
        var (planes, size) = Layout(x);
        var dy = outputGrads[0]!.Floats;
        var dx = new float[x.Length];
        for (var p = 0; p < planes; p++)
        {
            dx.AsSpan(p * size, size).Fill(dy[p] / size);
        }

        inputGrads[0] = OnnxTensor.Create(x.Shape, dx);
    }

    private static (int Planes, int Size) Layout(OnnxTensor x)
    {
        if (x.Rank < 3)
        {
            throw new OnnxRuntimeException($"GlobalAveragePool needs rank 3 or more, got {OnnxTensor.Format(x.Shape)}.");
        }

        var planes = x.Shape[0] * x.Shape[1];
        return (planes, planes == 0 ? 0 : x.Length / planes);
    }
}
