using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>
/// Softmax and LogSoftmax. From opset 13 the operator works along one axis (default -1); before, the input is
/// coerced to 2-D at the axis (default 1) and the operator works on whole rows.
/// </summary>
internal sealed class SoftmaxKernel<T>(long axis, bool coerce2D, bool log) : IDifferentiableKernel
    where T : IFloatingPointIeee754<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var (outer, n, inner) = Layout(x.Shape);
        var src = x.As<T>();
        var o = new T[src.Length];
        for (var a = 0; a < outer; a++)
        {
            for (var c = 0; c < inner; c++)
            {
                var baseIndex = (a * n * inner) + c;
                var max = T.NegativeInfinity;
                for (var k = 0; k < n; k++)
                {
                    var v = src[baseIndex + (k * inner)];
                    if (v > max || T.IsNaN(v))
                    {
                        max = v;
                    }
                }

                var sum = T.Zero;
                for (var k = 0; k < n; k++)
                {
                    var e = T.Exp(src[baseIndex + (k * inner)] - max);
                    o[baseIndex + (k * inner)] = e;
                    sum += e;
                }

                var logSum = T.Log(sum);
                for (var k = 0; k < n; k++)
                {
                    var i = baseIndex + (k * inner);
                    o[i] = log ? src[i] - max - logSum : o[i] / sum;
                }
            }
        }

        outputs[0] = new OnnxTensor(x.Type, x.Shape, o);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var y = outputs[0]!.As<T>();
        var dy = outputGrads[0]!.As<T>();
        var (outer, n, inner) = Layout(inputs[0]!.Shape);
        var dx = new T[y.Length];
        for (var a = 0; a < outer; a++)
        {
            for (var c = 0; c < inner; c++)
            {
                var baseIndex = (a * n * inner) + c;
                var dot = T.Zero;
                for (var k = 0; k < n; k++)
                {
                    var i = baseIndex + (k * inner);
                    dot += log ? dy[i] : dy[i] * y[i];
                }

                for (var k = 0; k < n; k++)
                {
                    var i = baseIndex + (k * inner);
                    dx[i] = log ? dy[i] - (T.Exp(y[i]) * dot) : y[i] * (dy[i] - dot);
                }
            }
        }

        inputGrads[0] = new OnnxTensor(inputs[0]!.Type, inputs[0]!.Shape, dx);
    }

    private (int Outer, int N, int Inner) Layout(int[] shape)
    {
        var rank = shape.Length;
        var ax = axis < 0 ? axis + rank : axis;
        if (rank == 0 || ax < 0 || ax >= rank)
        {
            if (rank == 0)
            {
                return (1, 1, 1);
            }

            throw new OnnxRuntimeException($"Softmax axis {axis} is out of range for shape {OnnxTensor.Format(shape)}.");
        }

        var outer = 1;
        for (var i = 0; i < ax; i++)
        {
            outer *= shape[i];
        }

        if (coerce2D)
        {
            var rest = 1;
            for (var i = (int)ax; i < rank; i++)
            {
                rest *= shape[i];
            }

            return (outer, rest, 1);
        }

        var inner = 1;
        for (var i = (int)ax + 1; i < rank; i++)
        {
            inner *= shape[i];
        }

        return (outer, shape[ax], inner);
    }
}
