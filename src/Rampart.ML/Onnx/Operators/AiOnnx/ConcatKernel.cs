using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Concat along one axis; gradients are split back.</summary>
internal sealed class ConcatKernel(long axis) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var parts = inputs.Select(t => t!).ToArray();
        var first = parts[0];
        var ax = ArrayOps.Axis(axis, first.Rank, "Concat");
        var shape = (int[])first.Shape.Clone();
        shape[ax] = 0;
        foreach (var p in parts)
        {
            if (p.Rank != first.Rank || Enumerable.Range(0, p.Rank).Any(d => d != ax && p.Shape[d] != first.Shape[d]))
            {
                throw new OnnxRuntimeException($"Concat inputs {OnnxTensor.Format(first.Shape)} and {OnnxTensor.Format(p.Shape)} differ outside axis {axis}.");
            }

            shape[ax] += p.Shape[ax];
        }

        var outer = first.Shape[..ax].Aggregate(1, (x, y) => x * y);
        var inner = first.Shape[(ax + 1)..].Aggregate(1, (x, y) => x * y);
        var result = OnnxTypes.Allocate(first.Type, OnnxTensor.ShapeSize(shape));
        var rowOut = shape[ax] * inner;
        var offset = 0;
        foreach (var p in parts)
        {
            var chunk = p.Shape[ax] * inner;
            for (var o = 0; o < outer; o++)
            {
                Array.Copy(p.Data, o * chunk, result, (o * rowOut) + offset, chunk);
            }

            offset += chunk;
        }

        outputs[0] = new OnnxTensor(first.Type, shape, result);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var dy = outputGrads[0]!;
        var ax = ArrayOps.Axis(axis, dy.Rank, "Concat");
        var outer = dy.Shape[..ax].Aggregate(1, (x, y) => x * y);
        var inner = dy.Shape[(ax + 1)..].Aggregate(1, (x, y) => x * y);
        var rowOut = dy.Shape[ax] * inner;
        var offset = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var p = inputs[i]!;
            var chunk = p.Shape[ax] * inner;
            if (needed[i])
            {
                var g = new float[p.Length];
                for (var o = 0; o < outer; o++)
                {
                    Array.Copy(dy.Data, (o * rowOut) + offset, g, o * chunk, chunk);
                }

                inputGrads[i] = OnnxTensor.Create(p.Shape, g);
            }

            offset += chunk;
        }
    }
}
