using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>MatMul with numpy semantics: 1-D operands promoted, batch dimensions broadcast. Float uses <see cref="FloatGemm"/>.</summary>
internal sealed class MatMulKernel<T> : IDifferentiableKernel
    where T : INumber<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var a = inputs[0]!;
        var b = inputs[1]!;
        var g = Geometry.Of(a.Shape, b.Shape);
        var av = a.As<T>();
        var bv = b.As<T>();
        var o = new T[OnnxTensor.ShapeSize(g.OutShape)];
        for (var q = 0; q < g.Batches; q++)
        {
            var aOff = g.MapA[q] * g.M * g.K;
            var bOff = g.MapB[q] * g.K * g.N;
            var oOff = q * g.M * g.N;
            if (typeof(T) == typeof(float))
            {
                FloatGemm.Multiply(
                    ((float[])(object)av).AsSpan(aOff, g.M * g.K),
                    ((float[])(object)bv).AsSpan(bOff, g.K * g.N),
                    ((float[])(object)o).AsSpan(oOff, g.M * g.N),
                    g.M,
                    g.K,
                    g.N,
                    accumulate: false);
                continue;
            }

            for (var i = 0; i < g.M; i++)
            {
                for (var p = 0; p < g.K; p++)
                {
                    var x = av[aOff + (i * g.K) + p];
                    for (var j = 0; j < g.N; j++)
                    {
                        o[oOff + (i * g.N) + j] += x * bv[bOff + (p * g.N) + j];
                    }
                }
            }
        }

        outputs[0] = new OnnxTensor(a.Type, g.OutShape, o);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var a = inputs[0]!;
        var b = inputs[1]!;
        var g = Geometry.Of(a.Shape, b.Shape);
        var av = a.Floats;
        var bv = b.Floats;
        var dy = outputGrads[0]!.Floats;
        var da = needed[0] ? new float[av.Length] : null;
        var db = needed[1] ? new float[bv.Length] : null;
        for (var q = 0; q < g.Batches; q++)
        {
            var aOff = g.MapA[q] * g.M * g.K;
            var bOff = g.MapB[q] * g.K * g.N;
            var dyBatch = dy.AsSpan(q * g.M * g.N, g.M * g.N);
            if (da is not null)
            {
                var bt = FloatGemm.Transpose(bv.AsSpan(bOff, g.K * g.N), g.K, g.N);
                FloatGemm.Multiply(dyBatch, bt, da.AsSpan(aOff, g.M * g.K), g.M, g.N, g.K, accumulate: true);
            }

            if (db is not null)
            {
                var at = FloatGemm.Transpose(av.AsSpan(aOff, g.M * g.K), g.M, g.K);
                FloatGemm.Multiply(at, dyBatch, db.AsSpan(bOff, g.K * g.N), g.K, g.M, g.N, accumulate: true);
            }
        }

        if (da is not null)
        {
            inputGrads[0] = OnnxTensor.Create(a.Shape, da);
        }

        if (db is not null)
        {
            inputGrads[1] = OnnxTensor.Create(b.Shape, db);
        }
    }

    private sealed record Geometry(int M, int K, int N, int Batches, int[] MapA, int[] MapB, int[] OutShape)
    {
        public static Geometry Of(int[] sa, int[] sb)
        {
            if (sa.Length == 0 || sb.Length == 0)
            {
                throw new OnnxRuntimeException("MatMul does not accept scalars.");
            }

            var a = sa.Length == 1 ? new[] { 1, sa[0] } : sa;
            var b = sb.Length == 1 ? new[] { sb[0], 1 } : sb;
            int m = a[^2], k = a[^1], n = b[^1];
            if (b[^2] != k)
            {
                throw new OnnxRuntimeException($"MatMul shapes {OnnxTensor.Format(sa)} and {OnnxTensor.Format(sb)} do not agree on the inner dimension.");
            }

            var batchA = a[..^2];
            var batchB = b[..^2];
            var batch = Broadcast.Shape(batchA, batchB);
            var mapA = Broadcast.IndexMap(batchA, batch);
            var mapB = Broadcast.IndexMap(batchB, batch);
            var outShape = new List<int>(batch);
            if (sa.Length > 1)
            {
                outShape.Add(m);
            }

            if (sb.Length > 1)
            {
                outShape.Add(n);
            }

            return new Geometry(m, k, n, mapA.Length, mapA, mapB, [.. outShape]);
        }
    }
}
