using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Transpose by a permutation (default: reverse the axes).</summary>
internal sealed class TransposeKernel(long[]? perm) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var p = Permutation(x.Rank);
        var (shape, map) = Plan(x.Shape, p);
        outputs[0] = new OnnxTensor(x.Type, shape, ArrayOps.Take(x.Data, map));
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var p = Permutation(inputs[0]!.Rank);
        var inverse = new int[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            inverse[p[i]] = i;
        }

        var dy = outputGrads[0]!;
        var (shape, map) = Plan(dy.Shape, inverse);
        inputGrads[0] = new OnnxTensor(dy.Type, shape, ArrayOps.Take(dy.Data, map));
    }

    private int[] Permutation(int rank)
    {
        if (perm is null)
        {
            return Enumerable.Range(0, rank).Reverse().ToArray();
        }

        if (perm.Length != rank || perm.Any(a => a < 0 || a >= rank) || perm.Distinct().Count() != rank)
        {
            throw new OnnxRuntimeException($"Transpose perm [{string.Join(",", perm)}] is not a permutation of rank {rank}.");
        }

        return perm.Select(a => (int)a).ToArray();
    }

    private static (int[] Shape, int[] Map) Plan(int[] inShape, int[] p)
    {
        var rank = inShape.Length;
        var strides = ArrayOps.Strides(inShape);
        var shape = new int[rank];
        var st = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = inShape[p[i]];
            st[i] = strides[p[i]];
        }

        var size = OnnxTensor.ShapeSize(shape);
        var map = new int[size];
        var idx = new int[rank];
        var off = 0;
        for (var q = 0; q < size; q++)
        {
            map[q] = off;
            for (var d = rank - 1; d >= 0; d--)
            {
                idx[d]++;
                off += st[d];
                if (idx[d] < shape[d])
                {
                    break;
                }

                off -= st[d] * shape[d];
                idx[d] = 0;
            }
        }

        return (shape, map);
    }
}
