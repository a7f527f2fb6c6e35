namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Conv, MaxPool, AveragePool, GlobalAveragePool and BatchNormalization.</summary>
internal static class NeuralOperators
{
    public static void Register(OperatorRegistry r)
    {
        r.Add(string.Empty, "Conv", Conv);
        r.Add(string.Empty, "MaxPool", ctx => Pool(ctx, max: true));
        r.Add(string.Empty, "AveragePool", ctx => Pool(ctx, max: false));
        r.Add(string.Empty, "GlobalAveragePool", ctx =>
        {
            ctx.RequireInputs(1, 1);
            ctx.RequireType(0, t => t == OnnxDataType.Float, "FLOAT");
            return KernelBinding.Of(new GlobalAveragePoolKernel(), OnnxDataType.Float);
        });
        r.Add(string.Empty, "BatchNormalization", BatchNormalization);
    }

    private static KernelBinding Conv(NodeContext ctx)
    {
        ctx.RequireInputs(2, 3);
        for (var i = 0; i < ctx.InputCount; i++)
        {
            if (ctx.HasInput(i))
            {
                ctx.RequireType(i, t => t == OnnxDataType.Float, "FLOAT");
            }
        }

        var group = ctx.Int("group", 1);
        if (group < 1)
        {
            throw ctx.Invalid("group must be at least 1");
        }

        return KernelBinding.Of(new ConvKernel(SpatialAttributes.Read(ctx), group), OnnxDataType.Float);
    }

    private static KernelBinding Pool(NodeContext ctx, bool max)
    {
        ctx.RequireInputs(1, 1);
        var t = max
            ? ctx.RequireType(0, x => x is OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Int8 or OnnxDataType.UInt8, "FLOAT, DOUBLE, INT8, UINT8")
            : ctx.RequireType(0, x => x is OnnxDataType.Float or OnnxDataType.Double, "FLOAT, DOUBLE");
        var attributes = SpatialAttributes.Read(ctx);
        if (attributes.KernelShape is null)
        {
            throw ctx.Invalid("attribute 'kernel_shape' is required");
        }

        if (!max && attributes.Dilations is { } d && d.Any(v => v != 1) && ctx.Opset < 19)
        {
            throw ctx.Invalid("AveragePool has no dilations before opset 19");
        }

        var kernel = Generic.Create<IKernel>(
            typeof(PoolKernel<>),
            [Generic.Clr(t)],
            attributes,
            max,
            ctx.Int("count_include_pad", 0) != 0,
            ctx.Int("storage_order", 0) != 0);
        return max ? KernelBinding.Of(kernel, t, OnnxDataType.Int64) : KernelBinding.Of(kernel, t);
    }

    private static KernelBinding BatchNormalization(NodeContext ctx)
    {
        ctx.RequireInputs(5, 5);
        for (var i = 0; i < 5; i++)
        {
            ctx.RequireType(i, t => t == OnnxDataType.Float, "FLOAT");
        }

        if (ctx.Opset < 9 && ctx.Int("spatial", 1) == 0)
        {
            throw ctx.Unsupported("BatchNormalization with spatial=0");
        }

        var training = ctx.Opset >= 14 && ctx.Int("training_mode", 0) != 0;
        if (!training && ctx.Opset >= 14 && ctx.Node.Outputs.Skip(1).Any(o => o.Length > 0))
        {
            throw ctx.Invalid("has running-statistics outputs but training_mode is 0");
        }

        if (ctx.Opset < 14 && ctx.Node.Outputs.Skip(1).Any(o => o.Length > 0))
        {
            throw ctx.Unsupported("BatchNormalization training outputs before opset 14");
        }

        var kernel = new BatchNormalizationKernel(ctx.Float("epsilon", 1e-5f), ctx.Float("momentum", 0.9f), training);
        return KernelBinding.Of(kernel, OnnxDataType.Float, OnnxDataType.Float, OnnxDataType.Float);
    }
}
