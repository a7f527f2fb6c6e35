using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Arithmetic, comparison, logic, Where and Clip.</summary>
internal static class ElementwiseOperators
{
    public static void Register(OperatorRegistry r)
    {
        r.Add(string.Empty, "Add", ctx => Arithmetic(ctx, typeof(ArithmeticFuncs.Add<>)));
        r.Add(string.Empty, "Sub", ctx => Arithmetic(ctx, typeof(ArithmeticFuncs.Sub<>)));
        r.Add(string.Empty, "Mul", ctx => Arithmetic(ctx, typeof(ArithmeticFuncs.Mul<>)));
        r.Add(string.Empty, "Div", ctx => Arithmetic(ctx, typeof(ArithmeticFuncs.Div<>)));
        r.Add(string.Empty, "Pow", Pow);
        r.Add(string.Empty, "Equal", Equal);
        r.Add(string.Empty, "Greater", ctx => Compare(ctx, typeof(ArithmeticFuncs.Greater<>)));
        r.Add(string.Empty, "Less", ctx => Compare(ctx, typeof(ArithmeticFuncs.Less<>)));
        r.Add(string.Empty, "Not", Not);
        r.Add(string.Empty, "Neg", ctx => Unary(ctx, OnnxTypes.IsSigned, "signed numeric types", typeof(ArithmeticFuncs.Neg<>)));
        r.Add(string.Empty, "Abs", ctx => Unary(ctx, OnnxTypes.IsNumeric, "numeric types", typeof(ArithmeticFuncs.Abs<>)));
        r.Add(string.Empty, "Exp", ctx => Unary(ctx, OnnxTypes.IsFloating, "float types", typeof(ArithmeticFuncs.Exp<>)));
        r.Add(string.Empty, "Log", ctx => Unary(ctx, OnnxTypes.IsFloating, "float types", typeof(ArithmeticFuncs.Log<>)));
        r.Add(string.Empty, "Sqrt", ctx => Unary(ctx, OnnxTypes.IsFloating, "float types", typeof(ArithmeticFuncs.Sqrt<>)));
        r.Add(string.Empty, "Where", Where);
        r.Add(string.Empty, "Clip", Clip);
    }

    /// <summary>Binds an element-wise unary operator whose output type equals its input type.</summary>
    public static KernelBinding Unary(NodeContext ctx, Func<OnnxDataType, bool> allowed, string what, Type openOp, params object?[] opArgs)
    {
        ctx.RequireInputs(1, 1);
        var t = ctx.RequireType(0, allowed, what);
        var clr = Generic.Clr(t);
        var opType = openOp.MakeGenericType(clr);
        var op = Activator.CreateInstance(opType, opArgs);
        return KernelBinding.Of(Generic.Create<IKernel>(typeof(UnaryKernel<,>), [clr, opType], op), t);
    }

    private static void RefuseLegacyBroadcast(NodeContext ctx)
    {
        if (ctx.Opset < 7 && ctx.Attribute("axis") is not null)
        {
            throw ctx.Unsupported("legacy broadcasting with the 'axis' attribute (opset < 7)");
        }
    }

    private static KernelBinding Arithmetic(NodeContext ctx, Type openOp)
    {
        ctx.RequireInputs(2, 2);
        RefuseLegacyBroadcast(ctx);
        var t = ctx.RequireType(0, OnnxTypes.IsNumeric, "numeric types");
        ctx.RequireSameType(0, 1);
        var clr = Generic.Clr(t);
        var kernel = Generic.Create<IKernel>(typeof(BinaryKernel<,,,>), [clr, clr, clr, openOp.MakeGenericType(clr)]);
        if (t == OnnxDataType.Float)
        {
            kernel = new FloatArithmeticKernel(kernel, ctx.Node.OpType);
        }

        return KernelBinding.Of(kernel, t);
    }

    private static KernelBinding Pow(NodeContext ctx)
    {
        ctx.RequireInputs(2, 2);
        RefuseLegacyBroadcast(ctx);
        var t = ctx.RequireType(0, x => x is OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Float16 or OnnxDataType.Int32 or OnnxDataType.Int64, "FLOAT, DOUBLE, FLOAT16, INT32, INT64");
        var e = ctx.RequireType(1, OnnxTypes.IsNumeric, "numeric types");
        var ta = Generic.Clr(t);
        var tb = Generic.Clr(e);
        var op = typeof(ArithmeticFuncs.Pow<,>).MakeGenericType(ta, tb);
        return KernelBinding.Of(Generic.Create<IKernel>(typeof(BinaryKernel<,,,>), [ta, tb, ta, op]), t);
    }

    private static KernelBinding Equal(NodeContext ctx)
    {
        ctx.RequireInputs(2, 2);
        RefuseLegacyBroadcast(ctx);
        ctx.RequireSameType(0, 1);
        var t = ctx.RequireType(0, x => OnnxTypes.IsNumeric(x) || x is OnnxDataType.Bool or OnnxDataType.String, "numeric types, BOOL, STRING");
        IKernel kernel = t switch
        {
            OnnxDataType.Bool => new BinaryKernel<bool, bool, bool, ArithmeticFuncs.EqualBool>(),
            OnnxDataType.String => new BinaryKernel<string, string, bool, ArithmeticFuncs.EqualString>(),
            _ => Comparison(t, typeof(ArithmeticFuncs.Equal<>)),
        };
        return KernelBinding.Of(kernel, OnnxDataType.Bool);
    }

    private static KernelBinding Compare(NodeContext ctx, Type openOp)
    {
        ctx.RequireInputs(2, 2);
        RefuseLegacyBroadcast(ctx);
        ctx.RequireSameType(0, 1);
        var t = ctx.RequireType(0, OnnxTypes.IsNumeric, "numeric types");
        return KernelBinding.Of(Comparison(t, openOp), OnnxDataType.Bool);
    }

    private static IKernel Comparison(OnnxDataType t, Type openOp)
    {
        var clr = Generic.Clr(t);
        return Generic.Create<IKernel>(typeof(BinaryKernel<,,,>), [clr, clr, typeof(bool), openOp.MakeGenericType(clr)]);
    }

    private static KernelBinding Not(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        ctx.RequireType(0, x => x == OnnxDataType.Bool, "BOOL");
        return KernelBinding.Of(new UnaryKernel<bool, ArithmeticFuncs.Not>(default), OnnxDataType.Bool);
    }

    private static KernelBinding Where(NodeContext ctx)
    {
        ctx.RequireInputs(3, 3);
        ctx.RequireType(0, x => x == OnnxDataType.Bool, "BOOL condition");
        ctx.RequireSameType(1, 2);
        var t = ctx.InputType(1);
        return KernelBinding.Of(Generic.Create<IKernel>(typeof(WhereKernel<>), [Generic.Clr(t)]), t);
    }

    private static KernelBinding Clip(NodeContext ctx)
    {
        ctx.RequireInputs(1, 3);
        var t = ctx.RequireType(0, x => OnnxTypes.IsNumeric(x) && x != OnnxDataType.Float16, "numeric types except FLOAT16");
        for (var i = 1; i < 3; i++)
        {
            if (ctx.HasInput(i))
            {
                if (ctx.Opset < 11)
                {
                    throw ctx.Invalid("takes no min/max inputs before opset 11");
                }

                ctx.RequireSameType(0, i);
            }
        }

        double min = double.NegativeInfinity, max = double.PositiveInfinity;
        if (ctx.Opset < 11)
        {
            min = ctx.Float("min", float.NegativeInfinity);
            max = ctx.Float("max", float.PositiveInfinity);
        }

        return KernelBinding.Of(Generic.Create<IKernel>(typeof(ClipKernel<>), [Generic.Clr(t)], min, max), t);
    }
}
