using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Slice with starts/ends/axes/steps from inputs (opset 10+) or attributes (before), clamped as the spec says.</summary>
internal sealed class SliceKernel(long[]? attrStarts, long[]? attrEnds, long[]? attrAxes) : IKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var starts = attrStarts ?? inputs[1]!.ToInt64Array();
        var ends = attrEnds ?? inputs[2]!.ToInt64Array();
        var axes = attrAxes ?? (inputs.Length > 3 && inputs[3] is { } a ? a.ToInt64Array() : null);
        var steps = attrStarts is null && inputs.Length > 4 && inputs[4] is { } s ? s.ToInt64Array() : null;
        axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || (steps is not null && steps.Length != starts.Length))
        {
            throw new OnnxRuntimeException("Slice starts, ends, axes and steps differ in length.");
        }

        var rank = x.Rank;
        var begin = new long[rank];
        var step = Enumerable.Repeat(1L, rank).ToArray();
        var shape = (int[])x.Shape.Clone();
        var seen = new HashSet<int>();
        for (var i = 0; i < starts.Length; i++)
        {
            var ax = ArrayOps.Axis(axes[i], rank, "Slice");
            if (!seen.Add(ax))
            {
                throw new OnnxRuntimeException($"Slice axis {ax} is repeated.");
            }

            long dim = x.Shape[ax];
            var st = steps?[i] ?? 1;
            if (st == 0)
            {
                throw new OnnxRuntimeException("Slice step cannot be 0.");
            }

            var b = starts[i] < 0 ? starts[i] + dim : starts[i];
            var e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long count;
            if (st > 0)
            {
                b = Math.Clamp(b, 0, dim);
                e = Math.Clamp(e, 0, dim);
                count = e > b ? ((e - b) + st - 1) / st : 0;
            }
            else
            {
                b = Math.Clamp(b, 0, dim - 1);
                e = Math.Clamp(e, -1, dim - 1);
                count = b > e ? ((b - e) + (-st) - 1) / -st : 0;
            }

            begin[ax] = b;
            step[ax] = st;
            shape[ax] = (int)count;
        }

        var strides = ArrayOps.Strides(x.Shape);
        var size = OnnxTensor.ShapeSize(shape);
        var map = new int[size];
        var idx = new int[rank];
        for (var q = 0; q < size; q++)
        {
            long off = 0;
            for (var d = 0; d < rank; d++)
            {
                off += (begin[d] + (idx[d] * step[d])) * strides[d];
            }

            map[q] = (int)off;
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++idx[d] < shape[d])
                {
                    break;
                }

                idx[d] = 0;
            }
        }

        outputs[0] = new OnnxTensor(x.Type, shape, ArrayOps.Take(x.Data, map));
    }
}
