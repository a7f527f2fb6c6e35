using System.Numerics;
using System.Runtime.InteropServices;

namespace Rampart.ML.Training;

/// <summary>Small vectorised numeric kernels over spans.</summary>
internal static class Kernels
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        var acc = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a[..n]);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..n]);
            for (var k = 0; k < va.Length; k++)
            {
                acc += va[k] * vb[k];
            }

            i = va.Length * Vector<float>.Count;
        }

        var sum = Vector.Sum(acc);
        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += a * x.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = Math.Min(x.Length, y.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x[..n]);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y[..n]);
            var va = new Vector<float>(a);
            for (var k = 0; k < vx.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vx.Length * Vector<float>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += a * x[i];
        }
    }
}
