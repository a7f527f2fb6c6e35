namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>ArgMax, ReduceSum, ReduceMean and ReduceMax.</summary>
internal static class ReductionOperators
{
    private static readonly Func<OnnxDataType, bool> Reducible = t => t is OnnxDataType.Float or OnnxDataType.Double
        or OnnxDataType.Float16 or OnnxDataType.Int32 or OnnxDataType.Int64 or OnnxDataType.UInt32 or OnnxDataType.UInt64
        or OnnxDataType.Int8 or OnnxDataType.UInt8;

    public static void Register(OperatorRegistry r)
    {
        r.Add(string.Empty, "ArgMax", ctx =>
        {
            ctx.RequireInputs(1, 1);
            var t = ctx.RequireType(0, Reducible, "numeric types");
            var kernel = Generic.Create<IKernel>(
                typeof(ArgMaxKernel<>),
                [Generic.Clr(t)],
                ctx.Int("axis", 0),
                ctx.Int("keepdims", 1) != 0,
                ctx.Int("select_last_index", 0) != 0);
            return KernelBinding.Of(kernel, OnnxDataType.Int64);
        });
        r.Add(string.Empty, "ReduceSum", ctx => Reduce(ctx, ReduceKind.Sum, axesInputSince: 13));
        r.Add(string.Empty, "ReduceMean", ctx => Reduce(ctx, ReduceKind.Mean, axesInputSince: 18));
        r.Add(string.Empty, "ReduceMax", ctx => Reduce(ctx, ReduceKind.Max, axesInputSince: 18));
    }

    private static KernelBinding Reduce(NodeContext ctx, ReduceKind kind, long axesInputSince)
    {
        var fromInput = ctx.Opset >= axesInputSince;
        ctx.RequireInputs(1, fromInput ? 2 : 1);
        var t = ctx.RequireType(0, Reducible, "numeric types");
        if (fromInput && ctx.HasInput(1))
        {
            ctx.RequireType(1, x => x == OnnxDataType.Int64, "INT64 axes");
        }

        var kernel = Generic.Create<IKernel>(
            typeof(ReduceKernel<>),
            [Generic.Clr(t)],
            kind,
            fromInput ? null : ctx.Ints("axes"),
            fromInput,
            ctx.Int("keepdims", 1) != 0,
            fromInput && ctx.Int("noop_with_empty_axes", 0) != 0);
        return KernelBinding.Of(kernel, t);
    }
}
