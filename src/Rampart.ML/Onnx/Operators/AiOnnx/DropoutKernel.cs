using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>
/// Dropout at inference: the output is the input and the mask is all true (all ones before opset 10). Training mode
/// (opset 12 input 2) is honoured only with ratio 0, where it is the identity too; random masks are refused.
/// </summary>
internal sealed class DropoutKernel(float attributeRatio, OnnxDataType maskType, bool legacyTraining) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var training = legacyTraining || (inputs.Length > 2 && inputs[2] is { } t && t.As<bool>()[0]);
        var ratio = inputs.Length > 1 && inputs[1] is { } r ? Convert.ToSingle(r.Data.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : attributeRatio;
        if (training && ratio != 0f)
        {
            throw new OnnxRuntimeException($"Dropout in training mode with ratio {ratio} draws a random mask; only inference (or ratio 0) is supported.");
        }

        outputs[0] = x;
        if (outputs.Length > 1)
        {
            var mask = OnnxTensor.Zeros(maskType, x.Shape);
            switch (mask.Data)
            {
                case bool[] b:
                    Array.Fill(b, true);
                    break;
                case float[] f:
                    Array.Fill(f, 1f);
                    break;
                case double[] d:
                    Array.Fill(d, 1d);
                    break;
                case Half[] h:
                    Array.Fill(h, Half.One);
                    break;
                default:
                    throw new OnnxRuntimeException($"Dropout mask type {maskType} is not supported.");
            }

            outputs[1] = mask;
        }
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads) =>
        inputGrads[0] = outputGrads[0];
}
