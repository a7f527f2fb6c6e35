using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>LinearRegressor: Y = X * W^T + b for <c>targets</c> rows of coefficients, then post_transform over each row of targets.</summary>
internal sealed class LinearRegressorKernel(float[] coefficients, float[]? intercepts, int targets, PostTransform transform) : IKernel
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

        var targets = c.Int("targets", 1);
        if (targets < 1 || targets > coefficients!.Length)
        {
            throw c.Invalid(Invariant($"attribute 'targets' is {targets}; expected 1 to the number of coefficients ({coefficients!.Length})"));
        }

        if (coefficients.Length % targets != 0)
        {
            throw c.Invalid(Invariant($"attribute 'coefficients' has {coefficients.Length} values, not a multiple of 'targets' ({targets})"));
        }

        var intercepts = c.Floats("intercepts");
        RequireLength(c, "intercepts", IsSet(intercepts) ? intercepts!.Length : null, (int)targets, "targets");
        var transform = ScoreTransforms.Parse(c);
        return KernelBinding.Of(new LinearRegressorKernel(coefficients, IsSet(intercepts) ? intercepts : null, (int)targets, transform), OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var (x, rows, features) = MlInput.Matrix(inputs[0]!, "LinearRegressor");
        if (features * targets != coefficients.Length)
        {
            throw new OnnxRuntimeException(Invariant($"LinearRegressor has {coefficients.Length / targets} coefficients per target; the input has {features} features."));
        }

        var y = new float[rows * targets];
        var row = new double[targets];
        for (var n = 0; n < rows; n++)
        {
            var xr = x.AsSpan(n * features, features);
            for (var k = 0; k < targets; k++)
            {
                var s = intercepts is null ? 0.0 : intercepts[k];
                var w = coefficients.AsSpan(k * features, features);
                for (var f = 0; f < features; f++)
                {
                    s += xr[f] * w[f];
                }

                row[k] = s;
            }

            ScoreTransforms.Apply(transform, row);
            for (var k = 0; k < targets; k++)
            {
                y[(n * targets) + k] = (float)row[k];
            }
        }

        outputs[0] = OnnxTensor.Create([rows, targets], y);
    }
}
