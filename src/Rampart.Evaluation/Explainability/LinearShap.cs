using System.Collections.Immutable;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Exact interventional SHAP for a linear function f(x) = w·x + b (shap's LinearExplainer default):
/// φ_i = w_i (x_i − mean_bg x_i), base value = w·mean_bg + b, so Σ φ = f(x) − mean_bg f exactly. No model calls.
/// </summary>
public static class LinearShap
{
    /// <summary>Explains rows of a linear function.</summary>
    /// <param name="weights">w, one per feature.</param>
    /// <param name="bias">b.</param>
    /// <param name="background">The background rows (at least one; no NaN).</param>
    /// <param name="rows">The rows to explain (no NaN).</param>
    /// <param name="featureNames">Names, one per feature; <c>null</c> for x0, x1, ….</param>
    /// <param name="output">What f is, for reports (for example the logit of a class).</param>
    /// <returns>The exact Shapley values.</returns>
    /// <exception cref="ArgumentException">When a matrix is empty, has the wrong width, or holds NaN, or a weight is not finite.</exception>
    public static ShapExplanation Explain(IReadOnlyList<double> weights, double bias, FloatMatrix background, FloatMatrix rows, IReadOnlyList<string>? featureNames = null, string output = "w·x + b")
    {
        ArgumentNullException.ThrowIfNull(weights);
        var m = weights.Count;
        if (m == 0)
        {
            throw new ArgumentException("weights is empty.", nameof(weights));
        }

        for (var i = 0; i < m; i++)
        {
            if (!double.IsFinite(weights[i]))
            {
                throw new ArgumentException($"weights[{i}] is not finite.", nameof(weights));
            }
        }

        InputChecks.Matrix(background, m, nameof(background));
        InputChecks.Matrix(rows, m, nameof(rows), allowEmpty: true);
        var names = InputChecks.Names(featureNames, m, nameof(featureNames));

        var mean = new double[m];
        for (var r = 0; r < background.Rows; r++)
        {
            var row = background.Row(r);
            for (var i = 0; i < m; i++)
            {
                mean[i] += row[i];
            }
        }

        var baseValue = bias;
        for (var i = 0; i < m; i++)
        {
            mean[i] /= background.Rows;
            baseValue += weights[i] * mean[i];
        }

        var explanations = ImmutableArray.CreateBuilder<LocalExplanation>(rows.Rows);
        for (var r = 0; r < rows.Rows; r++)
        {
            var x = rows.Row(r);
            var phi = new double[m];
            var prediction = bias;
            for (var i = 0; i < m; i++)
            {
                phi[i] = weights[i] * (x[i] - mean[i]);
                prediction += weights[i] * x[i];
            }

            explanations.Add(new LocalExplanation { Row = r, Prediction = prediction, Contributions = [.. phi] });
        }

        return new ShapExplanation
        {
            Method = "Linear SHAP (interventional, exact)",
            Output = output,
            FeatureNames = [.. names],
            BaseValue = baseValue,
            Rows = explanations.MoveToImmutable(),
            Exact = true,
            ModelEvaluations = 0,
        };
    }
}
