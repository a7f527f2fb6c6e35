using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>
/// MaxPool (any numeric type, optional Indices output) and AveragePool (float types; count_include_pad counts the
/// explicit padding but not the ceil-mode overhang). Float pools are differentiable.
/// </summary>
internal sealed class PoolKernel<T>(SpatialAttributes attributes, bool max, bool countIncludePad, bool columnMajorIndices) : IDifferentiableKernel
    where T : INumber<T>
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var (g, n, c) = Geometry(x);
        var src = x.As<T>();
        var y = new T[checked(n * c * g.OutSize)];
        var wantIndices = outputs.Length > 1;
        var indices = wantIndices ? new long[y.Length] : null;
        var p = 0;
        for (var plane = 0; plane < n * c; plane++)
        {
            var planeOff = plane * g.InSize;
            for (var od = 0; od < g.Out[0]; od++)
            {
                for (var oh = 0; oh < g.Out[1]; oh++)
                {
                    for (var ow = 0; ow < g.Out[2]; ow++, p++)
                    {
                        var best = T.CreateSaturating(double.NegativeInfinity);
                        var bestAt = -1;
                        var sum = T.Zero;
                        var valid = 0;
                        var padded = 0;
                        ForWindow(g, od, oh, ow, (pos, inside) =>
                        {
                            padded++;
                            if (!inside)
                            {
                                return;
                            }

                            valid++;
                            var v = src[planeOff + pos];
                            if (max)
                            {
                                if (bestAt < 0 || v > best || T.IsNaN(v))
                                {
                                    best = v;
                                    bestAt = pos;
                                }
                            }
                            else
                            {
                                sum += v;
                            }
                        });
                        if (max)
                        {
                            y[p] = best;
                            if (indices is not null)
                            {
                                indices[p] = (plane * (long)g.InSize) + (bestAt < 0 ? 0 : IndexOf(g, bestAt));
                            }
                        }
                        else
                        {
                            var divisor = countIncludePad ? padded : valid;
                            y[p] = divisor == 0 ? T.Zero : sum / T.CreateTruncating(divisor);
                        }
                    }
                }
            }
        }

        int[] shape = [n, c, .. g.OutShape];
        outputs[0] = new OnnxTensor(x.Type, shape, y);
        if (indices is not null)
        {
            outputs[1] = OnnxTensor.Create(shape, indices);
        }
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        var x = inputs[0]!;
        var (g, n, c) = Geometry(x);
        var src = x.Floats;
        var dy = outputGrads[0]!.Floats;
        var dx = new float[x.Length];
        var p = 0;
        for (var plane = 0; plane < n * c; plane++)
        {
            var planeOff = plane * g.InSize;
            for (var od = 0; od < g.Out[0]; od++)
            {
                for (var oh = 0; oh < g.Out[1]; oh++)
                {
                    for (var ow = 0; ow < g.Out[2]; ow++, p++)
                    {
                        var best = float.NegativeInfinity;
                        var bestAt = -1;
                        var valid = 0;
                        var padded = 0;
                        ForWindow(g, od, oh, ow, (pos, inside) =>
                        {
                            padded++;
                            if (inside)
                            {
                                valid++;
                                if (bestAt < 0 || src[planeOff + pos] > best)
                                {
                                    best = src[planeOff + pos];
                                    bestAt = pos;
                                }
                            }
                        });
                        if (max)
                        {
                            if (bestAt >= 0)
                            {
                                dx[planeOff + bestAt] += dy[p];
                            }

                            continue;
                        }

                        var divisor = countIncludePad ? padded : valid;
                        if (divisor == 0)
                        {
                            continue;
                        }

                        var share = dy[p] / divisor;
                        ForWindow(g, od, oh, ow, (pos, inside) =>
                        {
                            if (inside)
                            {
                                dx[planeOff + pos] += share;
                            }
                        });
                    }
                }
            }
        }

        inputGrads[0] = OnnxTensor.Create(x.Shape, dx);
    }

    private (SpatialGeometry G, int N, int C) Geometry(OnnxTensor x)
    {
        if (x.Rank < 3)
        {
            throw new OnnxRuntimeException($"Pooling needs an input of rank 3 or more, got {OnnxTensor.Format(x.Shape)}.");
        }

        var kernel = attributes.KernelShape ?? throw new OnnxRuntimeException("Pooling needs kernel_shape.");
        return (attributes.Resolve(x.Shape[2..], kernel, max ? "MaxPool" : "AveragePool"), x.Shape[0], x.Shape[1]);
    }

    /// <summary>Visits the window positions inside the padded extent: spatial offset and whether it lies in the input.</summary>
    private static void ForWindow(SpatialGeometry g, int od, int oh, int ow, Action<int, bool> visit)
    {
        for (var kd = 0; kd < g.Kernel[0]; kd++)
        {
            var id = (od * g.Stride[0]) - g.PadBegin[0] + (kd * g.Dilation[0]);
            if (id >= g.In[0] + g.PadEnd[0])
            {
                continue;
            }

            for (var kh = 0; kh < g.Kernel[1]; kh++)
            {
                var ih = (oh * g.Stride[1]) - g.PadBegin[1] + (kh * g.Dilation[1]);
                if (ih >= g.In[1] + g.PadEnd[1])
                {
                    continue;
                }

                for (var kw = 0; kw < g.Kernel[2]; kw++)
                {
                    var iw = (ow * g.Stride[2]) - g.PadBegin[2] + (kw * g.Dilation[2]);
                    if (iw >= g.In[2] + g.PadEnd[2])
                    {
                        continue;
                    }

                    var inside = id >= 0 && id < g.In[0] && ih >= 0 && ih < g.In[1] && iw >= 0 && iw < g.In[2];
                    visit(inside ? (((id * g.In[1]) + ih) * g.In[2]) + iw : -1, inside);
                }
            }
        }
    }

    private long IndexOf(SpatialGeometry g, int rowMajor)
    {
        if (!columnMajorIndices)
        {
            return rowMajor;
        }

        var w = rowMajor % g.In[2];
        var h = rowMajor / g.In[2] % g.In[1];
        var d = rowMajor / (g.In[2] * g.In[1]);
        return (((w * (long)g.In[1]) + h) * g.In[0]) + d;
    }
}
