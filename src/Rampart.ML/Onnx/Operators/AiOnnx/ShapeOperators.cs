using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Identity, Dropout, Flatten, Reshape, Squeeze, Unsqueeze, Transpose and Concat.</summary>
internal static class ShapeOperators
{
    public static void Register(OperatorRegistry r)
    {
        r.Add(string.Empty, "Identity", ctx =>
        {
            ctx.RequireInputs(1, 1);
            return KernelBinding.Of(new ViewKernel(i => i[0]!.Shape), ctx.InputType(0));
        });
        r.Add(string.Empty, "Dropout", Dropout);
        r.Add(string.Empty, "Flatten", ctx =>
        {
            ctx.RequireInputs(1, 1);
            var axis = ctx.Int("axis", 1);
            return KernelBinding.Of(new ViewKernel(i => Flatten(i[0]!.Shape, axis)), ctx.InputType(0));
        });
        r.Add(string.Empty, "Reshape", Reshape);
        r.Add(string.Empty, "Squeeze", ctx => SqueezeOrUnsqueeze(ctx, squeeze: true));
        r.Add(string.Empty, "Unsqueeze", ctx => SqueezeOrUnsqueeze(ctx, squeeze: false));
        r.Add(string.Empty, "Transpose", ctx =>
        {
            ctx.RequireInputs(1, 1);
            return KernelBinding.Of(new TransposeKernel(ctx.Ints("perm")), ctx.InputType(0));
        });
        r.Add(string.Empty, "Concat", ctx =>
        {
            ctx.RequireInputs(1, int.MaxValue);
            for (var i = 1; i < ctx.InputCount; i++)
            {
                ctx.RequireSameType(0, i);
            }

            if (ctx.Attribute("axis") is null)
            {
                throw ctx.Invalid("attribute 'axis' is required");
            }

            return KernelBinding.Of(new ConcatKernel(ctx.Int("axis", 0)), ctx.InputType(0));
        });
    }

    private static KernelBinding Dropout(NodeContext ctx)
    {
        ctx.RequireInputs(1, ctx.Opset >= 12 ? 3 : 1);
        var t = ctx.RequireType(0, OnnxTypes.IsFloating, "float types");
        var maskType = ctx.Opset >= 10 ? OnnxDataType.Bool : t;
        var kernel = new DropoutKernel(ctx.Float("ratio", 0.5f), maskType, legacyTraining: false);
        return KernelBinding.Of(kernel, t, maskType);
    }

    private static int[] Flatten(int[] shape, long axis)
    {
        var a = axis < 0 ? axis + shape.Length : axis;
        if (a < 0 || a > shape.Length)
        {
            throw new OnnxRuntimeException($"Flatten axis {axis} is out of range for rank {shape.Length}.");
        }

        var outer = shape[..(int)a].Aggregate(1, (x, y) => checked(x * y));
        var inner = shape[(int)a..].Aggregate(1, (x, y) => checked(x * y));
        return [outer, inner];
    }

    private static KernelBinding Reshape(NodeContext ctx)
    {
        if (ctx.Opset < 5)
        {
            ctx.RequireInputs(1, 1);
            var attr = ctx.Ints("shape") ?? throw ctx.Invalid("attribute 'shape' is required");
            return KernelBinding.Of(new ViewKernel(i => ReshapeTo(i[0]!.Shape, attr, allowZero: false)), ctx.InputType(0));
        }

        ctx.RequireInputs(2, 2);
        ctx.RequireType(1, t => t == OnnxDataType.Int64, "INT64 shape");
        var allowZero = ctx.Int("allowzero", 0) != 0;
        return KernelBinding.Of(new ViewKernel(i => ReshapeTo(i[0]!.Shape, i[1]!.ToInt64Array(), allowZero)), ctx.InputType(0));
    }

    private static int[] ReshapeTo(int[] inShape, long[] spec, bool allowZero)
    {
        var shape = new int[spec.Length];
        var infer = -1;
        long known = 1;
        for (var i = 0; i < spec.Length; i++)
        {
            var s = spec[i];
            if (s == -1)
            {
                if (infer >= 0)
                {
                    throw new OnnxRuntimeException("Reshape has more than one -1 in its target shape.");
                }

                infer = i;
                continue;
            }

            if (s == 0 && !allowZero)
            {
                if (i >= inShape.Length)
                {
                    throw new OnnxRuntimeException($"Reshape copies dimension {i}, but the input has rank {inShape.Length}.");
                }

                s = inShape[i];
            }

            if (s < 0 || s > int.MaxValue)
            {
                throw new OnnxRuntimeException($"Reshape target dimension {spec[i]} is invalid.");
            }

            shape[i] = (int)s;
            known *= s;
            if (known > int.MaxValue)
            {
                throw new OnnxRuntimeException("Reshape target shape is too large.");
            }
        }

        if (infer >= 0)
        {
            var total = OnnxTensor.ShapeSize(inShape);
            if (known == 0 || total % known != 0)
            {
                throw new OnnxRuntimeException($"Reshape cannot infer the -1 dimension of [{string.Join(",", spec)}] from {OnnxTensor.Format(inShape)}.");
            }

            shape[infer] = (int)(total / known);
        }

        return shape;
    }

    private static KernelBinding SqueezeOrUnsqueeze(NodeContext ctx, bool squeeze)
    {
        long[]? attrAxes = null;
        if (ctx.Opset < 13)
        {
            ctx.RequireInputs(1, 1);
            attrAxes = ctx.Ints("axes");
            if (!squeeze && attrAxes is null)
            {
                throw ctx.Invalid("attribute 'axes' is required");
            }
        }
        else
        {
            ctx.RequireInputs(squeeze ? 1 : 2, 2);
            if (ctx.HasInput(1))
            {
                ctx.RequireType(1, t => t == OnnxDataType.Int64, "INT64 axes");
            }
        }

        Func<OnnxTensor?[], int[]> shapeOf = inputs =>
        {
            var axes = attrAxes ?? (inputs.Length > 1 && inputs[1] is { } a ? a.ToInt64Array() : null);
            return squeeze ? Squeeze(inputs[0]!.Shape, axes) : Unsqueeze(inputs[0]!.Shape, axes!);
        };
        return KernelBinding.Of(new ViewKernel(shapeOf), ctx.InputType(0));
    }

    private static int[] Squeeze(int[] shape, long[]? axes)
    {
        if (axes is null || axes.Length == 0)
        {
            return shape.Where(d => d != 1).ToArray();
        }

        var drop = axes.Select(a => ArrayOps.Axis(a, shape.Length, "Squeeze")).ToHashSet();
        foreach (var a in drop)
        {
            if (shape[a] != 1)
            {
                throw new OnnxRuntimeException($"Squeeze axis {a} of shape {OnnxTensor.Format(shape)} is not 1.");
            }
        }

        return shape.Where((_, i) => !drop.Contains(i)).ToArray();
    }

    private static int[] Unsqueeze(int[] shape, long[] axes)
    {
        var rank = shape.Length + axes.Length;
        var insert = axes.Select(a => ArrayOps.Axis(a, rank, "Unsqueeze")).ToHashSet();
        if (insert.Count != axes.Length)
        {
            throw new OnnxRuntimeException($"Unsqueeze axes [{string.Join(",", axes)}] repeat an axis.");
        }

        var result = new int[rank];
        var src = 0;
        for (var i = 0; i < rank; i++)
        {
            result[i] = insert.Contains(i) ? 1 : shape[src++];
        }

        return result;
    }
}
