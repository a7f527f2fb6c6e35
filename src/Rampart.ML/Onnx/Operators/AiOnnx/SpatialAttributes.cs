using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>The window attributes shared by Conv, MaxPool and AveragePool, read at load time.</summary>
internal sealed record SpatialAttributes(string AutoPad, long[]? KernelShape, long[]? Pads, long[]? Strides, long[]? Dilations, bool CeilMode)
{
    public static SpatialAttributes Read(NodeContext ctx)
    {
        var autoPad = ctx.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
        {
            throw ctx.Invalid($"auto_pad '{autoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }

        var attrs = new SpatialAttributes(autoPad, ctx.Ints("kernel_shape"), ctx.Ints("pads"), ctx.Ints("strides"), ctx.Ints("dilations"), ctx.Int("ceil_mode", 0) != 0);
        if (attrs.KernelShape is { } k && k.Any(v => v <= 0 || v > 1 << 16))
        {
            throw ctx.Invalid("kernel_shape values must be positive");
        }

        if ((attrs.Strides?.Any(v => v <= 0 || v > 1 << 16) ?? false) || (attrs.Dilations?.Any(v => v <= 0 || v > 1 << 16) ?? false) || (attrs.Pads?.Any(v => v < 0 || v > 1 << 16) ?? false))
        {
            throw ctx.Invalid("strides and dilations must be positive and pads non-negative");
        }

        return attrs;
    }

    /// <summary>Computes the window geometry for the given spatial input size (1 to 3 dimensions).</summary>
    public SpatialGeometry Resolve(int[] inSpatial, long[] kernel, string op)
    {
        var s = inSpatial.Length;
        if (s is < 1 or > 3)
        {
            throw new OnnxRuntimeException($"{op} supports 1 to 3 spatial dimensions, got {s}.");
        }

        if (kernel.Length != s || (Pads is not null && Pads.Length != 2 * s) || (Strides is not null && Strides.Length != s) || (Dilations is not null && Dilations.Length != s))
        {
            throw new OnnxRuntimeException($"{op} attributes do not match {s} spatial dimensions.");
        }

        var g = SpatialGeometry.Identity();
        var off = 3 - s;
        for (var i = 0; i < s; i++)
        {
            int input = inSpatial[i], k = (int)kernel[i];
            var stride = (int)(Strides?[i] ?? 1);
            var dil = (int)(Dilations?[i] ?? 1);
            var dk = ((k - 1) * dil) + 1;
            int pb, pe, output;
            switch (AutoPad)
            {
                case "VALID":
                    pb = pe = 0;
                    output = ((input - dk) / stride) + 1;
                    break;
                case "SAME_UPPER" or "SAME_LOWER":
                    output = (input + stride - 1) / stride;
                    var total = Math.Max(0, ((output - 1) * stride) + dk - input);
                    pb = AutoPad == "SAME_UPPER" ? total / 2 : (total + 1) / 2;
                    pe = total - pb;
                    break;
                default:
                    pb = (int)(Pads?[i] ?? 0);
                    pe = (int)(Pads?[i + s] ?? 0);
                    var span = input + pb + pe - dk;
                    output = (CeilMode ? (span + stride - 1) / stride : span / stride) + 1;
                    if (CeilMode && (output - 1) * stride >= input + pb)
                    {
                        output--;
                    }

                    break;
            }

            if (output <= 0 || input + pb + pe < dk)
            {
                throw new OnnxRuntimeException($"{op} window {dk} does not fit input size {input} with pads {pb},{pe}.");
            }

            g.In[off + i] = input;
            g.Kernel[off + i] = k;
            g.Stride[off + i] = stride;
            g.Dilation[off + i] = dil;
            g.PadBegin[off + i] = pb;
            g.PadEnd[off + i] = pe;
            g.Out[off + i] = output;
        }

        g.Rank = s;
        return g;
    }
}
