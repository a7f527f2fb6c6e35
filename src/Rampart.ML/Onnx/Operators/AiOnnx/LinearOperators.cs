namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>MatMul and Gemm.</summary>
internal static class LinearOperators
{
    private static readonly Func<OnnxDataType, bool> Numeric = t => t is OnnxDataType.Float or OnnxDataType.Double
        or OnnxDataType.Int32 or OnnxDataType.Int64 or OnnxDataType.UInt32 or OnnxDataType.UInt64;

    public static void Register(OperatorRegistry r)
    {
        r.Add(string.Empty, "MatMul", ctx =>
        {
            ctx.RequireInputs(2, 2);
            var t = ctx.RequireType(0, Numeric, "FLOAT, DOUBLE, INT32, INT64, UINT32, UINT64");
            ctx.RequireSameType(0, 1);
            return KernelBinding.Of(Generic.Create<IKernel>(typeof(MatMulKernel<>), [Generic.Clr(t)]), t);
        });
        r.Add(string.Empty, "Gemm", ctx =>
        {
            ctx.RequireInputs(ctx.Opset < 11 ? 3 : 2, 3);
            var t = ctx.RequireType(0, Numeric, "FLOAT, DOUBLE, INT32, INT64, UINT32, UINT64");
            ctx.RequireSameType(0, 1);
            if (ctx.HasInput(2))
            {
                ctx.RequireSameType(0, 2);
            }

            if (ctx.Opset < 7 && ctx.Int("broadcast", 0) == 0)
            {
                throw ctx.Unsupported("Gemm without broadcast=1 (opset < 7)");
            }

            var kernel = Generic.Create<IKernel>(
                typeof(GemmKernel<>),
                [Generic.Clr(t)],
                ctx.Int("transA", 0) != 0,
                ctx.Int("transB", 0) != 0,
                ctx.Float("alpha", 1f),
                ctx.Float("beta", 1f));
            return KernelBinding.Of(kernel, t);
        });
    }
}
