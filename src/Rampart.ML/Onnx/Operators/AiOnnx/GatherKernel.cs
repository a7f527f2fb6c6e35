using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Gather along one axis with int32/int64 indices (negative indices count from the end).</summary>
internal sealed class GatherKernel(long axis) : IKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var data = inputs[0]!;
        var indices = inputs[1]!;
        var ax = ArrayOps.Axis(axis, data.Rank, "Gather");
        var dim = data.Shape[ax];
        var outer = data.Shape[..ax].Aggregate(1, (x, y) => x * y);
        var inner = data.Shape[(ax + 1)..].Aggregate(1, (x, y) => x * y);
        var shape = data.Shape[..ax].Concat(indices.Shape).Concat(data.Shape[(ax + 1)..]).ToArray();
        var idx = indices.ToInt64Array();
        var result = OnnxTypes.Allocate(data.Type, OnnxTensor.ShapeSize(shape));
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < idx.Length; j++)
            {
                var k = idx[j] < 0 ? idx[j] + dim : idx[j];
                if (k < 0 || k >= dim)
                {
                    throw new OnnxRuntimeException($"Gather index {idx[j]} is out of range for axis {ax} of size {dim}.");
                }

                Array.Copy(data.Data, ((o * dim) + k) * inner, result, ((o * idx.Length) + j) * inner, inner);
            }
        }

        outputs[0] = new OnnxTensor(data.Type, shape, result);
    }
}
