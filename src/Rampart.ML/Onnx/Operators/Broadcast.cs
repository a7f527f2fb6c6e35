using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators;

/// <summary>Numpy-style multidirectional broadcasting.</summary>
internal static class Broadcast
{
    public static int[] Shape(params int[][] shapes)
    {
        var rank = shapes.Max(s => s.Length);
        var result = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            var size = 1;
            foreach (var s in shapes)
            {
                var i = d - (rank - s.Length);
                if (i < 0)
                {
                    continue;
                }

                var n = s[i];
                if (n == size || n == 1)
                {
                    continue;
                }

                if (size != 1)
                {
                    throw new OnnxRuntimeException($"Shapes {string.Join(" and ", shapes.Select(x => OnnxTensor.Format(x)))} cannot be broadcast together.");
                }

                size = n;
            }

            result[d] = size;
        }

        return result;
    }

    /// <summary>Strides of <paramref name="inShape"/> aligned to <paramref name="outShape"/>'s rank, 0 where broadcast.</summary>
    public static int[] Strides(int[] inShape, int[] outShape)
    {
        var strides = new int[outShape.Length];
        var stride = 1;
        for (var i = inShape.Length - 1; i >= 0; i--)
        {
            var o = i + (outShape.Length - inShape.Length);
            strides[o] = inShape[i] == 1 ? 0 : stride;
            stride *= inShape[i];
        }

        return strides;
    }

    /// <summary>For each output element, the offset of the input element broadcast to it.</summary>
    public static int[] IndexMap(int[] inShape, int[] outShape)
    {
        var size = OnnxTensor.ShapeSize(outShape);
        var map = new int[size];
        if (size == 0)
        {
            return map;
        }

        var strides = Strides(inShape, outShape);
        var rank = outShape.Length;
        var idx = new int[rank];
        var off = 0;
        for (var p = 0; p < size; p++)
        {
            map[p] = off;
            for (var d = rank - 1; d >= 0; d--)
            {
                idx[d]++;
                off += strides[d];
                if (idx[d] < outShape[d])
                {
                    break;
                }

                off -= strides[d] * outShape[d];
                idx[d] = 0;
            }
        }

        return map;
    }

    public static void Binary<TA, TB, TO, TOp>(TA[] a, int[] sa, TB[] b, int[] sb, TO[] o, int[] so)
        where TOp : IBinaryFunc<TA, TB, TO>
    {
        if (o.Length == 0)
        {
            return;
        }

        if (a.Length == o.Length && b.Length == o.Length)
        {
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = TOp.Apply(a[i], b[i]);
            }

            return;
        }

        if (b.Length == 1 && a.Length == o.Length)
        {
            var bv = b[0];
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = TOp.Apply(a[i], bv);
            }

            return;
        }

        if (a.Length == 1 && b.Length == o.Length)
        {
            var av = a[0];
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = TOp.Apply(av, b[i]);
            }

            return;
        }

        var rank = so.Length;
        var stA = Strides(sa, so);
        var stB = Strides(sb, so);
        var inner = so[rank - 1];
        var ia = stA[rank - 1];
        var ib = stB[rank - 1];
        var outer = o.Length / inner;
        var idx = new int[rank];
        int offA = 0, offB = 0, p = 0;
        for (var q = 0; q < outer; q++)
        {
            for (var j = 0; j < inner; j++)
            {
                o[p++] = TOp.Apply(a[offA + (j * ia)], b[offB + (j * ib)]);
            }

            for (var d = rank - 2; d >= 0; d--)
            {
                idx[d]++;
                offA += stA[d];
                offB += stB[d];
                if (idx[d] < so[d])
                {
                    break;
                }

                offA -= stA[d] * so[d];
                offB -= stB[d] * so[d];
                idx[d] = 0;
            }
        }
    }

    /// <summary>Sums a gradient of the broadcast shape back to an input's shape (the adjoint of broadcasting).</summary>
    public static float[] ReduceTo(float[] grad, int[] gradShape, int[] inShape)
    {
        var size = OnnxTensor.ShapeSize(inShape);
        if (size == grad.Length)
        {
            return (float[])grad.Clone();
        }

        var result = new float[size];
        var map = IndexMap(inShape, gradShape);
        for (var i = 0; i < grad.Length; i++)
        {
            result[map[i]] += grad[i];
        }

        return result;
    }
}
