using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Float Conv (1-3 spatial dimensions, groups, dilations, pads, auto_pad) by im2col and <see cref="FloatGemm"/>.</summary>
internal sealed class ConvKernel(SpatialAttributes attributes, long group) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var w = inputs[1]!;
        var bias = inputs.Length > 2 ? inputs[2] : null;
        var (g, n, c, m, cg, mg) = Geometry(x, w);
        var colRows = cg * g.KernelSize;
        var colCols = g.OutSize;
        var col = new float[colRows * colCols];
        var y = new float[checked(n * m * colCols)];
        var xv = x.Floats;
        var wv = w.Floats;
        for (var b = 0; b < n; b++)
        {
            for (var grp = 0; grp < group; grp++)
            {
                Im2Col(xv, ((b * c) + (grp * cg)) * g.InSize, cg, g, col);
                FloatGemm.Multiply(
                    wv.AsSpan(grp * mg * colRows, mg * colRows),
                    col,
                    y.AsSpan(((b * m) + (grp * mg)) * colCols, mg * colCols),
                    mg,
                    colRows,
                    colCols,
                    accumulate: false);
            }
        }

        if (bias is not null)
        {
            var bv = bias.Floats;
            if (bv.Length != m)
            {
                throw new OnnxRuntimeException($"Conv bias has {bv.Length} values for {m} output channels.");
            }

            for (var b = 0; b < n; b++)
            {
                for (var o = 0; o < m; o++)
                {
                    foreach (ref var v in y.AsSpan(((b * m) + o) * colCols, colCols))
                    {
                        v += bv[o];
                    }
                }
            }
        }

        outputs[0] = OnnxTensor.Create([n, m, .. g.OutShape], y);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        if (!needed[0])
        {
            return;
        }

        var x = inputs[0]!;
        var w = inputs[1]!;
        var (g, n, c, m, cg, mg) = Geometry(x, w);
        var colRows = cg * g.KernelSize;
        var colCols = g.OutSize;
        var dy = outputGrads[0]!.Floats;
        var dx = new float[x.Length];
        var col = new float[colRows * colCols];
        var wv = w.Floats;
        for (var grp = 0; grp < group; grp++)
        {
            var wt = FloatGemm.Transpose(wv.AsSpan(grp * mg * colRows, mg * colRows), mg, colRows);
            for (var b = 0; b < n; b++)
            {
                FloatGemm.Multiply(wt, dy.AsSpan(((b * m) + (grp * mg)) * colCols, mg * colCols), col, colRows, mg, colCols, accumulate: false);
                Col2Im(col, dx, ((b * c) + (grp * cg)) * g.InSize, cg, g);
            }
        }

        inputGrads[0] = OnnxTensor.Create(x.Shape, dx);
    }

    private (SpatialGeometry G, int N, int C, int M, int Cg, int Mg) Geometry(OnnxTensor x, OnnxTensor w)
    {
        if (x.Rank < 3 || w.Rank != x.Rank)
        {
            throw new OnnxRuntimeException($"Conv input {OnnxTensor.Format(x.Shape)} and weight {OnnxTensor.Format(w.Shape)} ranks do not match.");
        }

        int n = x.Shape[0], c = x.Shape[1], m = w.Shape[0];
        var groups = (int)group;
        if (c % groups != 0 || m % groups != 0 || w.Shape[1] != c / groups)
        {
            throw new OnnxRuntimeException($"Conv with {groups} groups cannot map {c} input channels through weight {OnnxTensor.Format(w.Shape)}.");
        }

        var kernel = w.Shape[2..].Select(v => (long)v).ToArray();
        if (attributes.KernelShape is { } k && !k.SequenceEqual(kernel))
        {
            throw new OnnxRuntimeException($"Conv kernel_shape [{string.Join(",", k)}] differs from the weight's {OnnxTensor.Format(w.Shape)}.");
        }

        var g = attributes.Resolve(x.Shape[2..], kernel, "Conv");
        return (g, n, c, m, c / groups, m / groups);
    }

    private static void Im2Col(float[] x, int xOffset, int channels, SpatialGeometry g, float[] col)
    {
        var row = 0;
        var colCols = g.OutSize;
        for (var ch = 0; ch < channels; ch++)
        {
            var chOff = xOffset + (ch * g.InSize);
            for (var kd = 0; kd < g.Kernel[0]; kd++)
            {
                for (var kh = 0; kh < g.Kernel[1]; kh++)
                {
                    for (var kw = 0; kw < g.Kernel[2]; kw++, row++)
                    {
                        var dst = row * colCols;
                        for (var od = 0; od < g.Out[0]; od++)
                        {
                            var id = (od * g.Stride[0]) - g.PadBegin[0] + (kd * g.Dilation[0]);
                            for (var oh = 0; oh < g.Out[1]; oh++)
                            {
                                var ih = (oh * g.Stride[1]) - g.PadBegin[1] + (kh * g.Dilation[1]);
                                var inside = id >= 0 && id < g.In[0] && ih >= 0 && ih < g.In[1];
                                var srcRow = chOff + (((id * g.In[1]) + ih) * g.In[2]);
                                for (var ow = 0; ow < g.Out[2]; ow++)
                                {
                                    var iw = (ow * g.Stride[2]) - g.PadBegin[2] + (kw * g.Dilation[2]);
                                    col[dst++] = inside && iw >= 0 && iw < g.In[2] ? x[srcRow + iw] : 0f;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Col2Im(float[] col, float[] dx, int xOffset, int channels, SpatialGeometry g)
    {
        var row = 0;
        var colCols = g.OutSize;
        for (var ch = 0; ch < channels; ch++)
        {
            var chOff = xOffset + (ch * g.InSize);
            for (var kd = 0; kd < g.Kernel[0]; kd++)
            {
                for (var kh = 0; kh < g.Kernel[1]; kh++)
                {
                    for (var kw = 0; kw < g.Kernel[2]; kw++, row++)
                    {
                        var src = row * colCols;
                        for (var od = 0; od < g.Out[0]; od++)
                        {
                            var id = (od * g.Stride[0]) - g.PadBegin[0] + (kd * g.Dilation[0]);
                            for (var oh = 0; oh < g.Out[1]; oh++)
                            {
                                var ih = (oh * g.Stride[1]) - g.PadBegin[1] + (kh * g.Dilation[1]);
                                var inside = id >= 0 && id < g.In[0] && ih >= 0 && ih < g.In[1];
                                var dstRow = chOff + (((id * g.In[1]) + ih) * g.In[2]);
                                for (var ow = 0; ow < g.Out[2]; ow++, src++)
                                {
                                    var iw = (ow * g.Stride[2]) - g.PadBegin[2] + (kw * g.Dilation[2]);
                                    if (inside && iw >= 0 && iw < g.In[2])
                                    {
                                        dx[dstRow + iw] += col[src];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
