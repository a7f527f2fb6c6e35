using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>
/// Gemm: Y = alpha * op(A) * op(B) + beta * C, C broadcast to [M, N]. For float, a transposed B that does not change
/// between calls (an initializer) is transposed once and cached.
/// </summary>
internal sealed class GemmKernel<T>(bool transA, bool transB, float alpha, float beta) : IDifferentiableKernel
    where T : INumber<T>
{
    private Tuple<Array, float[]>? _transposedB;

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var a = inputs[0]!;
        var b = inputs[1]!;
        var c = inputs.Length > 2 ? inputs[2] : null;
        var (m, k, n) = Dims(a, b);
        var o = new T[checked(m * n)];
        if (typeof(T) == typeof(float))
        {
            var av = a.Floats;
            var bv = b.Floats;
            var aRows = transA ? FloatGemm.Transpose(av, k, m) : av;
            var bRows = transB ? TransposedB(b, n, k) : bv;
            var of = (float[])(object)o;

            // The usual dense layer (alpha = beta = 1, a bias row): start from the bias and accumulate the product,
            // which saves a separate pass over the output.
            if (c is not null && alpha == 1f && beta == 1f && c.Type == OnnxDataType.Float && c.Floats.Length == n && (c.Rank == 1 || (c.Rank == 2 && c.Shape[0] == 1)))
            {
                var bias = c.Floats.AsSpan(0, n);
                for (var i = 0; i < m; i++)
                {
                    bias.CopyTo(of.AsSpan(i * n, n));
                }

                FloatGemm.Multiply(aRows, bRows, of, m, k, n, accumulate: true);
                outputs[0] = new OnnxTensor(a.Type, [m, n], o);
                return;
            }

            FloatGemm.Multiply(aRows, bRows, of, m, k, n, accumulate: false);
        }
        else
        {
            var av = a.As<T>();
            var bv = b.As<T>();
            for (var i = 0; i < m; i++)
            {
                for (var p = 0; p < k; p++)
                {
                    var x = transA ? av[(p * m) + i] : av[(i * k) + p];
                    for (var j = 0; j < n; j++)
                    {
                        o[(i * n) + j] += x * (transB ? bv[(j * k) + p] : bv[(p * n) + j]);
                    }
                }
            }
        }

        var al = T.CreateTruncating(alpha);
        var be = T.CreateTruncating(beta);
        if (alpha != 1f)
        {
            for (var i = 0; i < o.Length; i++)
            {
                o[i] *= al;
            }
        }

        if (c is not null && beta != 0f)
        {
            var shape = new[] { m, n };
            if (Broadcast.Shape(c.Shape, shape) is var s && (s.Length != 2 || s[0] != m || s[1] != n))
            {
                throw new OnnxRuntimeException($"Gemm bias of shape {OnnxTensor.Format(c.Shape)} cannot be broadcast to [{m},{n}].");
            }

            var cv = c.As<T>();
            if (cv.Length == n && (c.Rank == 1 || c.Shape[0] == 1))
            {
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        o[(i * n) + j] += be * cv[j];
                    }
                }
            }
            else
            {
                var map = Broadcast.IndexMap(c.Shape, shape);
                for (var i = 0; i < o.Length; i++)
                {
                    o[i] += be * cv[map[i]];
                }
            }
        }

        outputs[0] = new OnnxTensor(a.Type, [m, n], o);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var a = inputs[0]!;
        var b = inputs[1]!;
        var (m, k, n) = Dims(a, b);
        var dy = outputGrads[0]!.Floats;
        if (alpha != 1f)
        {
            dy = Array.ConvertAll(dy, v => v * alpha);
        }

        if (needed[0])
        {
            // d op(A) = dY * op(B)^T, [m, k]; op(B)^T is B itself when transB.
            var bk = transB ? b.Floats : FloatGemm.Transpose(b.Floats, k, n);
            var dOpA = new float[m * k];
            FloatGemm.Multiply(dy, bk, dOpA, m, n, k, accumulate: false);
            inputGrads[0] = OnnxTensor.Create(a.Shape, transA ? FloatGemm.Transpose(dOpA, m, k) : dOpA);
        }

        if (needed[1])
        {
            var opA = transA ? FloatGemm.Transpose(a.Floats, k, m) : a.Floats;
            var dOpB = new float[k * n];
            FloatGemm.Multiply(FloatGemm.Transpose(opA, m, k), dy, dOpB, k, m, n, accumulate: false);
            inputGrads[1] = OnnxTensor.Create(b.Shape, transB ? FloatGemm.Transpose(dOpB, k, n) : dOpB);
        }

        if (needed.Length > 2 && needed[2] && inputs[2] is { } c)
        {
            var raw = outputGrads[0]!.Floats;
            var scaled = beta == 1f ? raw : Array.ConvertAll(raw, v => v * beta);
            inputGrads[2] = OnnxTensor.Create(c.Shape, Broadcast.ReduceTo(scaled, [m, n], c.Shape));
        }
    }

    private (int M, int K, int N) Dims(OnnxTensor a, OnnxTensor b)
    {
        if (a.Rank != 2 || b.Rank != 2)
        {
            throw new OnnxRuntimeException($"Gemm needs 2-D inputs, got {OnnxTensor.Format(a.Shape)} and {OnnxTensor.Format(b.Shape)}.");
        }

        var m = transA ? a.Shape[1] : a.Shape[0];
        var k = transA ? a.Shape[0] : a.Shape[1];
        var kb = transB ? b.Shape[1] : b.Shape[0];
        var n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
        {
            throw new OnnxRuntimeException($"Gemm inner dimensions differ: op(A) is [{m},{k}], op(B) is [{kb},{n}].");
        }

        return (m, k, n);
    }

    private float[] TransposedB(OnnxTensor b, int n, int k)
    {
        var cached = _transposedB;
        if (cached is not null && ReferenceEquals(cached.Item1, b.Data))
        {
            return cached.Item2;
        }

        var t = FloatGemm.Transpose(b.Floats, n, k);
        _transposedB = Tuple.Create(b.Data, t);
        return t;
    }
}
