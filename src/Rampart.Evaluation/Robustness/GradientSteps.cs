using Rampart.Evaluation.Statistics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>The pieces FGSM and PGD share: loss-gradient directions, the budget ball, random starts.</summary>
internal static class GradientSteps
{
    /// <summary>
    /// The ascent direction of the cross-entropy loss against <paramref name="labels"/> for each row: the gradient
    /// with immutable features zeroed, then its sign (L∞) or the gradient divided by its L2 norm (zero when the norm
    /// is below 1e-12).
    /// </summary>
    public static double[][] Directions(IGradientPredictor model, IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, FeatureProjection projection, PerturbationNorm norm)
    {
        var features = projection.FeatureCount;
        var inputs = new FloatMatrix(rows.Count, features);
        var targets = new float[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            Vectors.SetRow(inputs, r, rows[r]);
            targets[r] = labels[r];
        }

        var gradient = model.InputGradient(inputs, new GradientTarget(GradientKind.Loss, 0), targets);
        if (gradient.Rows != rows.Count || gradient.Columns != features)
        {
            throw new PredictorException($"{model.Info.Source} gave a {gradient.Rows} x {gradient.Columns} input gradient for {rows.Count} x {features} inputs.");
        }

        var result = new double[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var g = new double[features];
            var source = gradient.Row(r);
            for (var f = 0; f < features; f++)
            {
                g[f] = projection.IsMutable(f) && float.IsFinite(source[f]) ? source[f] : 0;
            }

            if (norm == PerturbationNorm.LInfinity)
            {
                for (var f = 0; f < features; f++)
                {
                    g[f] = Math.Sign(g[f]);
                }
            }
            else
            {
                var length = Vectors.Norm(g, PerturbationNorm.L2);
                for (var f = 0; f < features; f++)
                {
                    g[f] = length < 1e-12 ? 0 : g[f] / length;
                }
            }

            result[r] = g;
        }

        return result;
    }

    /// <summary>Moves <paramref name="candidate"/> into the ball of radius <paramref name="epsilon"/> around <paramref name="x"/>.</summary>
    public static void ClipToBall(ReadOnlySpan<double> x, Span<double> candidate, PerturbationNorm norm, double epsilon)
    {
        if (norm == PerturbationNorm.LInfinity)
        {
            for (var f = 0; f < x.Length; f++)
            {
                candidate[f] = Math.Clamp(candidate[f], x[f] - epsilon, x[f] + epsilon);
            }

            return;
        }

        var length = Vectors.Distance(candidate, x, PerturbationNorm.L2);
        if (length > epsilon)
        {
            var scale = epsilon / length;
            for (var f = 0; f < x.Length; f++)
            {
                candidate[f] = x[f] + ((candidate[f] - x[f]) * scale);
            }
        }
    }

    /// <summary>A uniformly random point of the budget ball over the mutable features (ART's <c>random_sphere</c>).</summary>
    public static double[] RandomStart(Xoshiro256 random, ReadOnlySpan<double> x, FeatureProjection projection, PerturbationNorm norm, double epsilon)
    {
        var result = x.ToArray();
        var mutable = projection.MutableCount;
        if (mutable == 0)
        {
            return result;
        }

        if (norm == PerturbationNorm.LInfinity)
        {
            for (var f = 0; f < x.Length; f++)
            {
                if (projection.IsMutable(f))
                {
                    result[f] += epsilon * ((2 * random.NextDouble()) - 1);
                }
            }

            return result;
        }

        var gaussian = new GaussianSource(random);
        var direction = new double[x.Length];
        for (var f = 0; f < x.Length; f++)
        {
            direction[f] = projection.IsMutable(f) ? gaussian.Next() : 0;
        }

        var length = Vectors.Norm(direction, PerturbationNorm.L2);
        var radius = epsilon * Math.Pow(random.NextDouble(), 1.0 / mutable);
        for (var f = 0; f < x.Length; f++)
        {
            result[f] += length == 0 ? 0 : direction[f] / length * radius;
        }

        return result;
    }
}
