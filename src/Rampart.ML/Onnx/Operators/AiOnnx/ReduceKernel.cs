using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>The kinds of reduction implemented.</summary>
internal enum ReduceKind
{
    Sum,
    Mean,
    Max,
}

/// <summary>
/// ReduceSum / ReduceMean / ReduceMax over axes given as an attribute or (ReduceSum 13+, others 18+) as input 1.
/// No axes means all axes, unless noop_with_empty_axes is set, which makes the operator the identity.
/// </summary>
internal sealed class ReduceKernel<T>(ReduceKind kind, long[]? attrAxes, bool axesFromInput, bool keepDims, bool noopWithEmptyAxes) : IKernel
    where T : INumber<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var axes = axesFromInput ? (inputs.Length > 1 && inputs[1] is { } a ? a.ToInt64Array() : null) : attrAxes;
        if ((axes is null || axes.Length == 0) && noopWithEmptyAxes)
        {
            outputs[0] = x;
            return;
        }

        var rank = x.Rank;
        var reduce = new bool[rank];
        if (axes is null || axes.Length == 0)
        {
            Array.Fill(reduce, true);
        }
        else
        {
            foreach (var ax in axes)
            {
                reduce[ArrayOps.Axis(ax, rank, "Reduce")] = true;
            }
        }

        var keptShape = x.Shape.Select((d, i) => reduce[i] ? 1 : d).ToArray();
        var outShape = keepDims ? keptShape : x.Shape.Where((_, i) => !reduce[i]).ToArray();
        var size = OnnxTensor.ShapeSize(keptShape);
        var o = new T[size];
        var src = x.As<T>();
        var map = Broadcast.IndexMap(keptShape, x.Shape);
        if (kind == ReduceKind.Max)
        {
            Array.Fill(o, T.CreateSaturating(double.NegativeInfinity));
            for (var i = 0; i < src.Length; i++)
            {
                ref var slot = ref o[map[i]];
                if (src[i] > slot || T.IsNaN(src[i]))
                {
                    slot = src[i];
                }
            }
        }
        else
        {
            for (var i = 0; i < src.Length; i++)
            {
                o[map[i]] += src[i];
            }

            if (kind == ReduceKind.Mean && size > 0)
            {
                var count = T.CreateTruncating(src.Length / size);
                for (var i = 0; i < o.Length; i++)
                {
                    o[i] /= count;
                }
            }
        }

        outputs[0] = new OnnxTensor(x.Type, outShape, o);
    }
}
