using System.Text;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Slice, Gather, Shape, Constant and Cast.</summary>
internal static class TensorOperators
{
    public static void Register(OperatorRegistry r)
    {
        r.Add(string.Empty, "Slice", Slice);
        r.Add(string.Empty, "Gather", ctx =>
        {
            ctx.RequireInputs(2, 2);
            ctx.RequireType(1, t => t is OnnxDataType.Int32 or OnnxDataType.Int64, "INT32, INT64 indices");
            return KernelBinding.Of(new GatherKernel(ctx.Int("axis", 0)), ctx.InputType(0));
        });
        r.Add(string.Empty, "Shape", ctx =>
        {
            ctx.RequireInputs(1, 1);
            long? end = ctx.Attribute("end") is null ? null : ctx.Int("end", 0);
            return KernelBinding.Of(new ShapeKernel(ctx.Int("start", 0), end), OnnxDataType.Int64);
        });
        r.Add(string.Empty, "Constant", Constant);
        r.Add(string.Empty, "Cast", Cast);
    }

    private static KernelBinding Slice(NodeContext ctx)
    {
        if (ctx.Opset < 10)
        {
            ctx.RequireInputs(1, 1);
            var starts = ctx.Ints("starts") ?? throw ctx.Invalid("attribute 'starts' is required");
            var ends = ctx.Ints("ends") ?? throw ctx.Invalid("attribute 'ends' is required");
            return KernelBinding.Of(new SliceKernel(starts, ends, ctx.Ints("axes")), ctx.InputType(0));
        }

        ctx.RequireInputs(3, 5);
        for (var i = 1; i < 5; i++)
        {
            if (ctx.HasInput(i))
            {
                ctx.RequireType(i, t => t is OnnxDataType.Int32 or OnnxDataType.Int64, "INT32, INT64");
            }
        }

        return KernelBinding.Of(new SliceKernel(null, null, null), ctx.InputType(0));
    }

    private static KernelBinding Constant(NodeContext ctx)
    {
        ctx.RequireInputs(0, 0);
        var present = ctx.Node.Attributes.Where(a => a.Name.StartsWith("value", StringComparison.Ordinal) || a.Name == "sparse_value").ToList();
        if (present.Count != 1)
        {
            throw ctx.Invalid("needs exactly one value attribute");
        }

        var a = present[0];
        OnnxTensor value = a.Name switch
        {
            "value" => ctx.Tensor("value")!,
            "value_float" => OnnxTensor.Scalar(ctx.Float("value_float", 0)),
            "value_floats" => OnnxTensor.Create([a.Floats.Count], ctx.Floats("value_floats")!),
            "value_int" => OnnxTensor.Scalar(ctx.Int("value_int", 0)),
            "value_ints" => OnnxTensor.Create([a.Ints.Count], ctx.Ints("value_ints")!),
            "value_string" => OnnxTensor.Scalar(ctx.String("value_string", string.Empty)),
            "value_strings" => OnnxTensor.Create([a.Strings.Count], a.Strings.Select(s => Encoding.UTF8.GetString(s)).ToArray()),
            "sparse_value" => throw ctx.Unsupported("a sparse_value constant"),
            _ => throw ctx.Invalid($"unknown attribute '{a.Name}'"),
        };
        if (a.Name == "value_floats" && a.Type != AttributeType.Floats)
        {
            throw ctx.Invalid("attribute 'value_floats' must be FLOATS");
        }

        return KernelBinding.Of(new ConstantKernel(value), value.Type);
    }

    private static KernelBinding Cast(NodeContext ctx)
    {
        ctx.RequireInputs(1, 1);
        var from = ctx.InputType(0);
        var to = (OnnxDataType)ctx.Int("to", 0);
        if (ctx.Opset < 6 && ctx.Attribute("to") is { Type: AttributeType.String })
        {
            throw ctx.Unsupported("Cast with a string 'to' attribute (opset 1-5)");
        }

        if (!OnnxTypes.IsSupported(to))
        {
            throw ctx.UnsupportedType($"target type {(Enum.IsDefined(to) ? OnnxTypes.Name(to) : ((int)to).ToString(System.Globalization.CultureInfo.InvariantCulture))} is not supported");
        }

        if (from == OnnxDataType.String && to == OnnxDataType.Bool)
        {
            throw ctx.UnsupportedType("cast from STRING to BOOL is not supported");
        }

        return KernelBinding.Of(CastKernels.Create(from, to), to);
    }
}
