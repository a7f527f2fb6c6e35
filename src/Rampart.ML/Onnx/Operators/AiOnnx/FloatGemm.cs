using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>
/// Single-threaded float matrix multiplication, row-major: C[m,n] = A[m,k] * B[k,n] (or +=). A register-blocked
/// micro-kernel keeps a 4-row x 2-vector tile of C in registers and streams rows of B, using
/// <see cref="Vector{T}"/> fused multiply-adds.
/// </summary>
internal static class FloatGemm
{
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
        {
            throw new ArgumentException("Matrix buffers are smaller than their shapes.");
        }

        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rc = ref MemoryMarshal.GetReference(c);
        var vc = Vector<float>.Count;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j + (2 * vc) <= n; j += 2 * vc)
            {
                var i = 0;
                for (; i + 4 <= m; i += 4)
                {
                    Tile4x2(ref ra, ref rb, ref rc, i, j, k, n);
                }

                for (; i < m; i++)
                {
                    Tile1x2(ref ra, ref rb, ref rc, i, j, k, n);
                }
            }

            for (; j + vc <= n; j += vc)
            {
                for (var i = 0; i < m; i++)
                {
                    var acc = Vector.LoadUnsafe(ref rc, (nuint)((i * n) + j));
                    for (var p = 0; p < k; p++)
                    {
                        acc = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref ra, (i * k) + p)), Vector.LoadUnsafe(ref rb, (nuint)((p * n) + j)), acc);
                    }

                    acc.StoreUnsafe(ref rc, (nuint)((i * n) + j));
                }
            }
        }

        for (; j < n; j++)
        {
            for (var i = 0; i < m; i++)
            {
                var sum = Unsafe.Add(ref rc, (i * n) + j);
                for (var p = 0; p < k; p++)
                {
                    sum += Unsafe.Add(ref ra, (i * k) + p) * Unsafe.Add(ref rb, (p * n) + j);
                }

                Unsafe.Add(ref rc, (i * n) + j) = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2(ref float ra, ref float rb, ref float rc, int i, int j, int k, int n)
    {
        var vc = (nuint)Vector<float>.Count;
        var c0 = (nuint)((i * n) + j);
        var c1 = c0 + (nuint)n;
        var c2 = c1 + (nuint)n;
        var c3 = c2 + (nuint)n;
        var a00 = Vector.LoadUnsafe(ref rc, c0);
        var a01 = Vector.LoadUnsafe(ref rc, c0 + vc);
        var a10 = Vector.LoadUnsafe(ref rc, c1);
        var a11 = Vector.LoadUnsafe(ref rc, c1 + vc);
        var a20 = Vector.LoadUnsafe(ref rc, c2);
        var a21 = Vector.LoadUnsafe(ref rc, c2 + vc);
        var a30 = Vector.LoadUnsafe(ref rc, c3);
        var a31 = Vector.LoadUnsafe(ref rc, c3 + vc);
        ref var r0 = ref Unsafe.Add(ref ra, i * k);
        ref var r1 = ref Unsafe.Add(ref r0, k);
        ref var r2 = ref Unsafe.Add(ref r1, k);
        ref var r3 = ref Unsafe.Add(ref r2, k);
        var bOffset = (nuint)j;
        for (var p = 0; p < k; p++, bOffset += (nuint)n)
        {
            var b0 = Vector.LoadUnsafe(ref rb, bOffset);
            var b1 = Vector.LoadUnsafe(ref rb, bOffset + vc);
            var x = new Vector<float>(Unsafe.Add(ref r0, p));
            a00 = Vector.FusedMultiplyAdd(x, b0, a00);
            a01 = Vector.FusedMultiplyAdd(x, b1, a01);
            x = new Vector<float>(Unsafe.Add(ref r1, p));
            a10 = Vector.FusedMultiplyAdd(x, b0, a10);
            a11 = Vector.FusedMultiplyAdd(x, b1, a11);
            x = new Vector<float>(Unsafe.Add(ref r2, p));
            a20 = Vector.FusedMultiplyAdd(x, b0, a20);
            a21 = Vector.FusedMultiplyAdd(x, b1, a21);
            x = new Vector<float>(Unsafe.Add(ref r3, p));
            a30 = Vector.FusedMultiplyAdd(x, b0, a30);
            a31 = Vector.FusedMultiplyAdd(x, b1, a31);
        }

        a00.StoreUnsafe(ref rc, c0);
        a01.StoreUnsafe(ref rc, c0 + vc);
        a10.StoreUnsafe(ref rc, c1);
        a11.StoreUnsafe(ref rc, c1 + vc);
        a20.StoreUnsafe(ref rc, c2);
        a21.StoreUnsafe(ref rc, c2 + vc);
        a30.StoreUnsafe(ref rc, c3);
        a31.StoreUnsafe(ref rc, c3 + vc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x2(ref float ra, ref float rb, ref float rc, int i, int j, int k, int n)
    {
        var vc = (nuint)Vector<float>.Count;
        var c0 = (nuint)((i * n) + j);
        var a00 = Vector.LoadUnsafe(ref rc, c0);
        var a01 = Vector.LoadUnsafe(ref rc, c0 + vc);
        ref var r0 = ref Unsafe.Add(ref ra, i * k);
        var bOffset = (nuint)j;
        for (var p = 0; p < k; p++, bOffset += (nuint)n)
        {
            var x = new Vector<float>(Unsafe.Add(ref r0, p));
            a00 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref rb, bOffset), a00);
            a01 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref rb, bOffset + vc), a01);
        }

        a00.StoreUnsafe(ref rc, c0);
        a01.StoreUnsafe(ref rc, c0 + vc);
    }

    /// <summary>Transposes a row-major [rows, cols] matrix into [cols, rows].</summary>
    public static float[] Transpose(ReadOnlySpan<float> src, int rows, int cols)
    {
        var dst = new float[rows * cols];
        const int Block = 32;
        for (var i0 = 0; i0 < rows; i0 += Block)
        {
            var i1 = Math.Min(rows, i0 + Block);
            for (var j0 = 0; j0 < cols; j0 += Block)
            {
                var j1 = Math.Min(cols, j0 + Block);
                for (var i = i0; i < i1; i++)
                {
                    for (var j = j0; j < j1; j++)
                    {
                        dst[(j * rows) + i] = src[(i * cols) + j];
                    }
                }
            }
        }

        return dst;
    }
}
