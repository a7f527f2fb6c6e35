using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>A float element-wise activation with its derivative, given as a function of input x and output y.</summary>
internal sealed class FloatActivationKernel(IKernel inner, Func<float, float, float> derivative) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs) => inner.Run(inputs, outputs);

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var x = inputs[0]!.Floats;
        var y = outputs[0]!.Floats;
        var dy = outputGrads[0]!.Floats;
        var dx = new float[x.Length];
        for (var i = 0; i < dx.Length; i++)
        {
            dx[i] = dy[i] * derivative(x[i], y[i]);
        }

        inputGrads[0] = OnnxTensor.Create(inputs[0]!.Shape, dx);
    }
}
