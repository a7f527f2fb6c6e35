using Rampart.Evaluation.Robustness;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Tests.Robustness;

/// <summary>
/// A binary linear classifier f = w·x + b computed in double from the float inputs, so that "the class changed"
/// means exactly that f changed sign and E6's minimal perturbations hold to rounding of the distances.
/// </summary>
internal sealed class ExactLinearModel(double[] weights, double bias) : IGradientPredictor
{
    public PredictorInfo Info { get; } = new() { FeatureCount = weights.Length, Kind = PredictionKind.Classification, OutputCount = 2, Source = "exact-linear" };

    public QueryCounter Queries { get; } = new();

    public double[] Weights => weights;

    public double Margin(ReadOnlySpan<float> x)
    {
        var f = bias;
        for (var i = 0; i < weights.Length; i++)
        {
            f += weights[i] * x[i];
        }

        return f;
    }

    public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken)
    {
        Queries.Charge(inputs.Rows);
        var output = new FloatMatrix(inputs.Rows, 2);
        for (var r = 0; r < inputs.Rows; r++)
        {
            var f = Margin(inputs.Row(r));

            // Class 1 exactly when f > 0; the probabilities keep the margin's sign even when it rounds to 1 in float.
            var p = 1 / (1 + Math.Exp(-f));
            output[r, 1] = f > 0 ? Math.Max((float)p, 0.5000001f) : Math.Min((float)p, 0.5f);
            output[r, 0] = f > 0 ? 1 - output[r, 1] : Math.Max(1 - output[r, 1], 0.5f);
        }

        return ValueTask.FromResult(output);
    }

    public FloatMatrix InputGradient(FloatMatrix inputs, GradientTarget target, ReadOnlySpan<float> labels)
    {
        var gradient = new FloatMatrix(inputs.Rows, weights.Length);
        for (var r = 0; r < inputs.Rows; r++)
        {
            var p = 1 / (1 + Math.Exp(-Margin(inputs.Row(r))));

            // d(cross-entropy)/dx = (p − y)·w.
            var coefficient = target.Kind == GradientKind.Loss ? p - labels[r] : target.ClassIndex == 1 ? 1 : -1;
            for (var j = 0; j < weights.Length; j++)
            {
                gradient[r, j] = (float)(coefficient * weights[j]);
            }
        }

        return gradient;
    }
}

internal static class LinearFixtures
{
    public static readonly double[] Weights = [0.8, -0.5, 0.3, 0.0, 1.2, -0.7, 0.25, -0.1, 0.6, 0.4];

    public const double Bias = 0.1;

    public static ExactLinearModel Model() => new(Weights, Bias);

    /// <summary>Seeded rows in [-1, 1]^10.</summary>
    public static FloatMatrix Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new FloatMatrix(count, Weights.Length);
        for (var i = 0; i < rows.Data.Length; i++)
        {
            rows.Data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return rows;
    }

    /// <summary>The input with the model's own classes as labels (so success = the class changed = misclassified).</summary>
    public static RobustnessInput Input(ExactLinearModel model, FloatMatrix rows, FeatureConstraints? constraints = null)
    {
        var labels = Enumerable.Range(0, rows.Rows).Select(r => model.Margin(rows.Row(r)) > 0 ? 1 : 0).ToArray();
        var result = RobustnessInput.Create(rows, labels, model.Info, constraints);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    /// <summary>E6: the exact minimal perturbation, |f| / ‖w‖_q with q dual to the norm (‖w‖₂ for L2, ‖w‖₁ for L∞).</summary>
    public static double MinimalDistance(ExactLinearModel model, ReadOnlySpan<float> x, PerturbationNorm norm)
    {
        var dual = norm == PerturbationNorm.L2 ? Math.Sqrt(model.Weights.Sum(w => w * w)) : model.Weights.Sum(Math.Abs);
        return Math.Abs(model.Margin(x)) / dual;
    }
}
