using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// LinearClassifier: scores = X * W^T + b with W of E rows, then post_transform; label = the class of the highest
/// raw score. Binary case (one row of coefficients, two labels): scores are [-s, s] before the transform, and the
/// label is the second class when s &gt; 0 (as the ONNX reference implementation does). <c>multi_class</c> is
/// read and ignored, as in ONNX Runtime and the reference.
/// </summary>
internal sealed class LinearClassifierKernel(float[] coefficients, float[]? intercepts, Labels labels, PostTransform transform) : IKernel
{
    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        c.RequireType(0, MlInput.Numeric, MlInput.NumericNames);
        var coefficients = c.Floats("coefficients");
        if (!IsSet(coefficients))
        {
            throw c.Invalid("attribute 'coefficients' is required");
        }

        var intercepts = c.Floats("intercepts");
        var labels = OneOfLabels(c, "classlabels_ints", "classlabels_strings");
        _ = c.Int("multi_class", 0);
        var transform = ScoreTransforms.Parse(c);
        if (IsSet(intercepts))
        {
            var e = intercepts!.Length;
            if (coefficients!.Length % e != 0)
            {
                throw c.Invalid(Invariant($"attribute 'coefficients' has {coefficients.Length} values, not a multiple of the {e} values of 'intercepts'"));
            }

            if (e != labels.Count && !(e == 1 && labels.Count == 2))
            {
                throw c.Invalid(Invariant($"attribute 'intercepts' has {e} values for {labels.Count} class labels; expected {labels.Count} (or 1 for two classes)"));
            }
        }
        else
        {
            intercepts = null;
        }

        return KernelBinding.Of(new LinearClassifierKernel(coefficients!, intercepts, labels, transform), labels.Type, OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var (x, rows, features) = MlInput.Matrix(inputs[0]!, "LinearClassifier");
        var e = intercepts?.Length ?? (features == 0 ? 0 : coefficients.Length / features);
        if (e == 0 || e * features != coefficients.Length)
        {
            throw new OnnxRuntimeException(Invariant($"LinearClassifier has {coefficients.Length} coefficients, which is not {(intercepts is null ? "a whole number of rows" : e.ToString(System.Globalization.CultureInfo.InvariantCulture) + " rows")} of the input's {features} features."));
        }

        var binary = e == 1 && labels.Count == 2;
        if (!binary && e != labels.Count)
        {
            throw new OnnxRuntimeException(Invariant($"LinearClassifier has {e} rows of coefficients for {labels.Count} class labels."));
        }

        var columns = binary ? 2 : e;
        var z = new float[rows * columns];
        var label = new int[rows];
        var row = new double[columns];
        for (var n = 0; n < rows; n++)
        {
            var xr = x.AsSpan(n * features, features);
            for (var k = 0; k < e; k++)
            {
                var s = intercepts is null ? 0.0 : intercepts[k];
                var w = coefficients.AsSpan(k * features, features);
                for (var f = 0; f < features; f++)
                {
                    s += xr[f] * w[f];
                }

                row[k] = s;
            }

            if (binary)
            {
                var s = row[0];
                row[0] = -s;
                row[1] = s;
                label[n] = s > 0 ? 1 : 0;
            }
            else
            {
                label[n] = MlInput.ArgMax(row);
            }

            ScoreTransforms.Apply(transform, row);
            for (var k = 0; k < columns; k++)
            {
                z[(n * columns) + k] = (float)row[k];
            }
        }

        outputs[0] = labels.Select(label);
        if (outputs.Length > 1)
        {
            outputs[1] = OnnxTensor.Create([rows, columns], z);
        }
    }
}
