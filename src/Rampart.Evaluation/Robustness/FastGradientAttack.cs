using Rampart.Diagnostics;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// The fast gradient method (Goodfellow et al. 2015): one step of size ε along the sign (L∞, FGSM) or the
/// normalised direction (L2, FGM) of the input gradient of the cross-entropy loss against the true labels, then the
/// feature constraints. With <see cref="FastGradientOptions.Minimal"/>, the smallest budget on the grid step, 2·step,
/// ..., ε that changes each row's class.
/// </summary>
public static class FastGradientAttack
{
    /// <summary>Attacks every row.</summary>
    /// <param name="model">The model, with input gradients.</param>
    /// <param name="input">The rows, labels and constraints.</param>
    /// <param name="options">The options; <c>null</c> for ART's defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result, or every problem with the options (<c>epsilon</c>, <c>epsilon_step</c>, <c>norm</c>).</returns>
    /// <exception cref="PredictorException">When the model's answers do not fit.</exception>
    /// <exception cref="QueryBudgetExceededException">When the model's query budget runs out.</exception>
    public static async ValueTask<ValidationResult<AttackResult>> RunAsync(IGradientPredictor model, RobustnessInput input, FastGradientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new FastGradientOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            return ValidationResult<AttackResult>.Failure(problems);
        }

        var rows = input.RowCount;
        var projection = input.Projection;
        var queries = new long[rows];
        var clean = await Vectors.PredictClassesAsync(model, input.Features, cancellationToken).ConfigureAwait(false);
        Array.Fill(queries, 1);
        var random = new Xoshiro256(options.Seed);
        var originals = new double[rows][];
        var starts = new double[rows][];
        for (var r = 0; r < rows; r++)
        {
            originals[r] = Vectors.Row(input.Features, r);
            starts[r] = options.RandomInit ? GradientSteps.RandomStart(random, originals[r], projection, options.Norm, options.Epsilon) : (double[])originals[r].Clone();
            if (options.RandomInit)
            {
                projection.ProjectWithin(originals[r], starts[r], options.Norm, options.Epsilon);
                Vectors.ToFloat(starts[r]);
            }
        }

        var directions = GradientSteps.Directions(model, starts, input.Labels, projection, options.Norm);
        var adversarial = input.Features.Clone();
        var budgets = options.Minimal ? MinimalGrid(options.EpsilonStep, options.Epsilon) : [options.Epsilon];
        var done = new bool[rows];
        var final = (int[])clean.Clone();
        foreach (var epsilon in budgets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var active = Enumerable.Range(0, rows).Where(r => !done[r]).ToArray();
            if (active.Length == 0)
            {
                break;
            }

            var batch = new FloatMatrix(active.Length, projection.FeatureCount);
            for (var i = 0; i < active.Length; i++)
            {
                var r = active[i];
                var candidate = new double[projection.FeatureCount];
                for (var f = 0; f < candidate.Length; f++)
                {
                    candidate[f] = starts[r][f] + (epsilon * directions[r][f]);
                }

                GradientSteps.ClipToBall(originals[r], candidate, options.Norm, options.Epsilon);
                projection.ProjectWithin(originals[r], candidate, options.Norm, options.Epsilon);
                Vectors.SetRow(batch, i, candidate);
            }

            var predicted = await Vectors.PredictClassesAsync(model, batch, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < active.Length; i++)
            {
                var r = active[i];
                queries[r]++;
                batch.Row(i).CopyTo(adversarial.Row(r));
                final[r] = predicted[i];
                done[r] = predicted[i] != clean[r];
            }
        }

        return ValidationResult<AttackResult>.Success(AttackResult.Create(options.Norm == PerturbationNorm.LInfinity ? "fgsm" : "fgm", options.Norm, options.Epsilon, input, adversarial, clean, final, queries));
    }

    /// <summary>The budgets of the minimal search: step, 2·step, ... up to ε (ART adds step while the budget is at most ε).</summary>
    /// <param name="step">The step.</param>
    /// <param name="epsilon">The largest budget.</param>
    /// <returns>The grid; ε alone when the step is larger.</returns>
    internal static double[] MinimalGrid(double step, double epsilon)
    {
        var count = (int)Math.Min(100_000, Math.Floor((epsilon / step) + 1e-9));
        return count < 1 ? [epsilon] : [.. Enumerable.Range(1, count).Select(k => k * step)];
    }
}
