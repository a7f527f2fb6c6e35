using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Where(condition, X, Y) with three-way broadcasting.</summary>
internal sealed class WhereKernel<T> : IKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var c = inputs[0]!;
        var x = inputs[1]!;
        var y = inputs[2]!;
        var shape = Broadcast.Shape(c.Shape, x.Shape, y.Shape);
        var mc = Broadcast.IndexMap(c.Shape, shape);
        var mx = Broadcast.IndexMap(x.Shape, shape);
        var my = Broadcast.IndexMap(y.Shape, shape);
        var cv = c.As<bool>();
        var xv = x.As<T>();
        var yv = y.As<T>();
        var o = new T[mc.Length];
        for (var i = 0; i < o.Length; i++)
        {
            o[i] = cv[mc[i]] ? xv[mx[i]] : yv[my[i]];
        }

        outputs[0] = new OnnxTensor(x.Type, shape, o);
    }
}
