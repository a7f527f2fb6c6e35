using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Relu, LeakyRelu, Sigmoid, Tanh, Softmax and LogSoftmax; float versions are differentiable.</summary>
internal static class ActivationOperators
{
    public static void Register(OperatorRegistry r)
    {
        r.Add(string.Empty, "Relu", ctx => Activation(ctx, OnnxTypes.IsSigned, "signed numeric types", typeof(ArithmeticFuncs.Relu<>), (x, _) => x > 0 ? 1f : 0f));
        r.Add(string.Empty, "LeakyRelu", ctx =>
        {
            var alpha = ctx.Float("alpha", 0.01f);
            return Activation(ctx, OnnxTypes.IsFloating, "float types", typeof(ArithmeticFuncs.LeakyRelu<>), (x, _) => x > 0 ? 1f : alpha, (double)alpha);
        });
        r.Add(string.Empty, "Sigmoid", ctx => Activation(ctx, OnnxTypes.IsFloating, "float types", typeof(ArithmeticFuncs.Sigmoid<>), (_, y) => y * (1 - y)));
        r.Add(string.Empty, "Tanh", ctx => Activation(ctx, OnnxTypes.IsFloating, "float types", typeof(ArithmeticFuncs.Tanh<>), (_, y) => 1 - (y * y)));
        r.Add(string.Empty, "Softmax", ctx => Softmax(ctx, log: false));
        r.Add(string.Empty, "LogSoftmax", ctx => Softmax(ctx, log: true));
    }

    private static KernelBinding Activation(NodeContext ctx, Func<OnnxDataType, bool> allowed, string what, Type openOp, Func<float, float, float> derivative, params object?[] opArgs)
    {
        var binding = ElementwiseOperators.Unary(ctx, allowed, what, openOp, opArgs);
        return binding.OutputTypes[0] == OnnxDataType.Float
            ? KernelBinding.Of(new FloatActivationKernel(binding.Kernel, derivative), OnnxDataType.Float)
            : binding;
    }

    private static KernelBinding Softmax(NodeContext ctx, bool log)
    {
        ctx.RequireInputs(1, 1);
        var t = ctx.RequireType(0, OnnxTypes.IsFloating, "float types");
        var coerce = ctx.Opset < 13;
        var axis = ctx.Int("axis", coerce ? 1 : -1);
        return KernelBinding.Of(Generic.Create<IKernel>(typeof(SoftmaxKernel<>), [Generic.Clr(t)], axis, coerce, log), t);
    }
}
