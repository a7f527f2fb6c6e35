using Rampart.Diagnostics;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// Projected gradient descent (Madry et al. 2018) on the cross-entropy loss against the true labels: repeated steps
/// of <see cref="ProjectedGradientOptions.EpsilonStep"/> along the sign (L∞) or normalised (L2) input gradient,
/// each followed by the projection onto the ε-ball; the point the model is asked about is that iterate projected onto
/// the feature constraints (the iterate itself stays continuous, so steps smaller than an integer feature's unit add up). Rows the model already misclassifies
/// are left unchanged, and a row stops once it is misclassified (the loss goal is reached; ART keeps stepping, which
/// does not change accuracy under attack).
/// </summary>
public static class ProjectedGradientAttack
{
    /// <summary>Attacks every row.</summary>
    /// <param name="model">The model, with input gradients.</param>
    /// <param name="input">The rows, labels and constraints.</param>
    /// <param name="options">The options; <c>null</c> for ART's defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result, or every problem with the options (<c>epsilon</c>, <c>epsilon_step</c>, <c>max_iter</c>, <c>norm</c>).</returns>
    /// <exception cref="PredictorException">When the model's answers do not fit.</exception>
    /// <exception cref="QueryBudgetExceededException">When the model's query budget runs out.</exception>
    public static async ValueTask<ValidationResult<AttackResult>> RunAsync(IGradientPredictor model, RobustnessInput input, ProjectedGradientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new ProjectedGradientOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            return ValidationResult<AttackResult>.Failure(problems);
        }

        var rows = input.RowCount;
        var features = input.Projection.FeatureCount;
        var projection = input.Projection;
        var queries = new long[rows];
        Array.Fill(queries, 1);
        var clean = await Vectors.PredictClassesAsync(model, input.Features, cancellationToken).ConfigureAwait(false);
        var final = (int[])clean.Clone();
        var random = new Xoshiro256(options.Seed);
        var originals = new double[rows][];
        var current = new double[rows][];
        var projected = new double[rows][];
        for (var r = 0; r < rows; r++)
        {
            originals[r] = Vectors.Row(input.Features, r);
            current[r] = options.RandomInit ? GradientSteps.RandomStart(random, originals[r], projection, options.Norm, options.Epsilon) : (double[])originals[r].Clone();
            projected[r] = (double[])current[r].Clone();
            projection.ProjectWithin(originals[r], projected[r], options.Norm, options.Epsilon);
            Vectors.ToFloat(projected[r]);
        }

        var active = Enumerable.Range(0, rows).Where(r => clean[r] == input.Labels[r]).ToList();
        for (var iteration = 0; iteration < options.MaxIterations && active.Count > 0; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directions = GradientSteps.Directions(model, [.. active.Select(r => current[r])], [.. active.Select(r => input.Labels[r])], projection, options.Norm);
            var batch = new FloatMatrix(active.Count, features);
            for (var i = 0; i < active.Count; i++)
            {
                var r = active[i];
                // The iterate stays continuous (inside the ball); only the point sent to the model is projected onto the
                // constraints. Projecting the iterate itself would round every step smaller than one unit of an integer
                // feature back to where it started, so PGD could never move such a feature.
                var iterate = current[r];
                for (var f = 0; f < features; f++)
                {
                    iterate[f] += options.EpsilonStep * directions[i][f];
                }

                GradientSteps.ClipToBall(originals[r], iterate, options.Norm, options.Epsilon);
                var candidate = projected[r];
                iterate.CopyTo(candidate, 0);
                projection.ProjectWithin(originals[r], candidate, options.Norm, options.Epsilon);
                Vectors.ToFloat(candidate);
                Vectors.SetRow(batch, i, candidate);
            }

            var predicted = await Vectors.PredictClassesAsync(model, batch, cancellationToken).ConfigureAwait(false);
            var still = new List<int>(active.Count);
            for (var i = 0; i < active.Count; i++)
            {
                var r = active[i];
                queries[r]++;
                final[r] = predicted[i];
                if (predicted[i] == input.Labels[r])
                {
                    still.Add(r);
                }
            }

            active = still;
        }

        var adversarial = input.Features.Clone();
        for (var r = 0; r < rows; r++)
        {
            if (clean[r] == input.Labels[r])
            {
                Vectors.SetRow(adversarial, r, projected[r]);
            }
        }

        return ValidationResult<AttackResult>.Success(AttackResult.Create("pgd", options.Norm, options.Epsilon, input, adversarial, clean, final, queries));
    }
}
