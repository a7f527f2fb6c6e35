using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>ArgMax along one axis, first or last index of the maximum.</summary>
internal sealed class ArgMaxKernel<T>(long axis, bool keepDims, bool selectLast) : IKernel
    where T : INumber<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var ax = ArrayOps.Axis(axis, x.Rank, "ArgMax");
        var n = x.Shape[ax];
        var outer = x.Shape[..ax].Aggregate(1, (a, b) => a * b);
        var inner = x.Shape[(ax + 1)..].Aggregate(1, (a, b) => a * b);
        var src = x.As<T>();
        var o = new long[outer * inner];
        for (var a = 0; a < outer; a++)
        {
            for (var c = 0; c < inner; c++)
            {
                var baseIndex = (a * n * inner) + c;
                var best = 0;
                var bestValue = src[baseIndex];
                for (var k = 1; k < n; k++)
                {
                    var v = src[baseIndex + (k * inner)];
                    if (v > bestValue || (selectLast && v == bestValue))
                    {
                        best = k;
                        bestValue = v;
                    }
                }

                o[(a * inner) + c] = best;
            }
        }

        var shape = keepDims ? x.Shape.Select((d, i) => i == ax ? 1 : d).ToArray() : x.Shape.Where((_, i) => i != ax).ToArray();
        outputs[0] = OnnxTensor.Create(shape, o);
    }
}
