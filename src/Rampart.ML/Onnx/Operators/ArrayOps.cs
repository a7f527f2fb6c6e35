namespace Rampart.ML.Onnx.Operators;

/// <summary>Type-agnostic element moves used by the shape operators.</summary>
internal static class ArrayOps
{
    /// <summary>result[i] = source[map[i]].</summary>
    public static Array Take(Array source, int[] map) => source switch
    {
        float[] a => Take(a, map),
        double[] a => Take(a, map),
        Half[] a => Take(a, map),
        sbyte[] a => Take(a, map),
        byte[] a => Take(a, map),
        short[] a => Take(a, map),
        ushort[] a => Take(a, map),
        int[] a => Take(a, map),
        uint[] a => Take(a, map),
        long[] a => Take(a, map),
        ulong[] a => Take(a, map),
        bool[] a => Take(a, map),
        string[] a => Take(a, map),
        _ => throw new InvalidOperationException("Unsupported array type " + source.GetType()),
    };

    public static T[] Take<T>(T[] source, int[] map)
    {
        var result = new T[map.Length];
        for (var i = 0; i < map.Length; i++)
        {
            result[i] = source[map[i]];
        }

        return result;
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }

    /// <summary>Normalises a possibly negative axis against a rank, or throws naming the operator.</summary>
    public static int Axis(long axis, int rank, string op)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new Runtime.OnnxRuntimeException($"{op}: axis {axis} is out of range for rank {rank}.");
        }

        return (int)a;
    }
}
