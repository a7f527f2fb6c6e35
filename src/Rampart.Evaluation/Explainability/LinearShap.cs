using System.Collections.Immutable;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Exact interventional SHAP for a linear function f(x) = w·x + b (shap's LinearExplainer default):
/// φ_i = w_i (x_i − mean_bg x_i), base value = w·mean_bg + b, so Σ φ = f(x) − mean_bg f exactly. No model calls.
/// </summary>
public static class LinearShap
{
    /// <summary>
    /// Explains a built-in linear model's raw score: the log-odds of <paramref name="classIndex"/> for a binary model
    /// (class 0's are the negated class 1's), the logit of <paramref name="classIndex"/> for a multiclass model.
    /// Probabilities are not linear in x: explain them with <see cref="KernelShap"/>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="background">The background rows (at least one; no NaN).</param>
    /// <param name="rows">The rows to explain (no NaN).</param>
    /// <param name="classIndex">The class; default 1.</param>
    /// <param name="featureNames">Names; <c>null</c> for the model's names, else x0, x1, ….</param>
    /// <returns>The exact Shapley values of the raw score.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="classIndex"/> is not a class of the model.</exception>
    /// <exception cref="ArgumentException">When a matrix is empty, has the wrong width, or holds NaN.</exception>
    public static ShapExplanation Explain(LinearModel model, FloatMatrix background, FloatMatrix rows, int classIndex = 1, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (classIndex < 0 || classIndex >= model.ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"The model has {model.ClassCount} classes; classIndex must be in [0, {model.ClassCount - 1}].");
        }

        var names = featureNames ?? (model.Info.FeatureNames.Length == model.Info.FeatureCount ? model.Info.FeatureNames : null);
        if (model.Weights.Count == 1)
        {
            var sign = classIndex == 1 ? 1.0 : -1.0;
            return Explain([.. model.Weights[0].Select(w => sign * w)], sign * model.Bias[0], background, rows, names, $"log-odds of class {classIndex}");
        }

        return Explain([.. model.Weights[classIndex].Select(w => (double)w)], model.Bias[classIndex], background, rows, names, $"logit of class {classIndex}");
    }

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
