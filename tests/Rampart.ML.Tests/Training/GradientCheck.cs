using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Tests.ML.Training;

/// <summary>Central finite differences of a predictor's logit or loss, for checking input gradients.</summary>
internal static class GradientCheck
{
    /// <summary>Relative error ||analytic - numeric|| / max(||analytic||, ||numeric||, 1e-8) over a whole batch.</summary>
    // When smooth is given, a coordinate is skipped if the function is not smooth between x - eps and x + eps
    // (a ReLU switching on or off), where finite differences are meaningless.
    public static double RelativeError(IGradientPredictor model, FloatMatrix inputs, GradientTarget target, float[] labels, Func<FloatMatrix, int, double> quantity, Func<FloatMatrix, FloatMatrix, int, bool>? smooth = null)
    {
        var analytic = model.InputGradient(inputs, target, labels);
        double diff = 0, normA = 0, normN = 0;
        const float Eps = 1e-3f;
        for (var r = 0; r < inputs.Rows; r++)
        {
            for (var j = 0; j < inputs.Columns; j++)
            {
                var plus = inputs.Clone();
                var minus = inputs.Clone();
                plus[r, j] += Eps;
                minus[r, j] -= Eps;
                if (smooth is not null && !smooth(plus, minus, r))
                {
                    continue;
                }

                var numeric = (quantity(plus, r) - quantity(minus, r)) / (2 * Eps);
                var a = analytic[r, j];
                diff += (a - numeric) * (a - numeric);
                normA += a * a;
                normN += numeric * numeric;
            }
        }

        return Math.Sqrt(diff) / Math.Max(Math.Max(Math.Sqrt(normA), Math.Sqrt(normN)), 1e-8);
    }
}
