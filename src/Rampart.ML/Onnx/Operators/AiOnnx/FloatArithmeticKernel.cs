using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Float Add, Sub, Mul and Div with their gradients (broadcast inputs receive summed gradients).</summary>
internal sealed class FloatArithmeticKernel(IKernel inner, string op) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs) => inner.Run(inputs, outputs);

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var a = inputs[0]!;
        var b = inputs[1]!;
        var dy = outputGrads[0]!.Floats;
        var shape = outputs[0]!.Shape;
        for (var side = 0; side < 2; side++)
        {
            if (!needed[side])
            {
                continue;
            }

            var mine = side == 0 ? a : b;
            var other = side == 0 ? b : a;
            float[] local;
            switch (op)
            {
                case "Add":
                    local = dy;
                    break;
                case "Sub":
                    local = side == 0 ? dy : Array.ConvertAll(dy, v => -v);
                    break;
                case "Mul":
                    local = Scale(dy, other, shape, (g, o, _) => g * o, mine);
                    break;
                default:
                    local = side == 0
                        ? Scale(dy, b, shape, (g, bv, _) => g / bv, a)
                        : DivisorGrad(dy, a, b, shape);
                    break;
            }

            inputGrads[side] = OnnxTensor.Create(mine.Shape, Broadcast.ReduceTo(local, shape, mine.Shape));
        }
    }

    private static float[] Scale(float[] dy, OnnxTensor other, int[] shape, Func<float, float, float, float> f, OnnxTensor mine)
    {
        var o = other.Floats;
        var mapO = Broadcast.IndexMap(other.Shape, shape);
        var m = mine.Floats;
        var mapM = Broadcast.IndexMap(mine.Shape, shape);
        var r = new float[dy.Length];
        for (var i = 0; i < dy.Length; i++)
        {
            r[i] = f(dy[i], o[mapO[i]], m[mapM[i]]);
        }

        return r;
    }

    private static float[] DivisorGrad(float[] dy, OnnxTensor a, OnnxTensor b, int[] shape)
    {
        var av = a.Floats;
        var bv = b.Floats;
        var mapA = Broadcast.IndexMap(a.Shape, shape);
        var mapB = Broadcast.IndexMap(b.Shape, shape);
        var r = new float[dy.Length];
        for (var i = 0; i < dy.Length; i++)
        {
            var d = bv[mapB[i]];
            r[i] = -dy[i] * av[mapA[i]] / (d * d);
        }

        return r;
    }
}
