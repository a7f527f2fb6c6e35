using Rampart.Diagnostics;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// The Square attack (Andriushchenko et al. 2020), score-based and black-box, adapted to tabular rows (ART accepts
/// only images). L∞ only. Each row starts at a random vertex of the ε-box (every mutable feature moved by ±ε); each
/// iteration re-draws ±ε on a random subset of the mutable features, of size max(1, round(p·m)) with p from
/// <see cref="FractionAt"/> and m the number of mutable features (the tabular counterpart of the image square),
/// projects onto the constraints, and keeps the change when the margin loss (the true class's probability minus the
/// largest other) decreases. A row stops when the class changes. Rows the model already misclassifies are left
/// unchanged. Queries are counted per row (one per row per batch).
/// </summary>
public static class SquareAttack
{
    private static readonly double[] Switches = [0.001, 0.005, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8];

    /// <summary>
    /// ART's schedule of the share p: p_init × {1, 1/2, 1/4, ..., 1/512}, halving after each of the fractions
    /// {0.001, 0.005, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8} of <paramref name="maxIterations"/> (a fraction equal to a
    /// switch point still takes the earlier value, as Python's <c>bisect_left</c>).
    /// </summary>
    /// <param name="iteration">The iteration i, from 0.</param>
    /// <param name="maxIterations">max_iter (at least 1).</param>
    /// <param name="pInit">p_init.</param>
    /// <returns>p at iteration i.</returns>
    public static double FractionAt(int iteration, int maxIterations, double pInit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        var share = iteration / (double)maxIterations;
        var halvings = Switches.Count(s => s < share);
        return pInit / (1 << halvings);
    }

    /// <summary>Attacks every row.</summary>
    /// <param name="model">The model; its class probabilities are used.</param>
    /// <param name="input">The rows, labels and constraints.</param>
    /// <param name="options">The options; <c>null</c> for ART's defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result, or every problem with the options (<c>epsilon</c>, <c>max_iter</c>, <c>p_init</c>, <c>nb_restarts</c>).</returns>
    /// <exception cref="PredictorException">When the model's answers do not fit.</exception>
    /// <exception cref="QueryBudgetExceededException">When the model's query budget runs out.</exception>
    public static async ValueTask<ValidationResult<AttackResult>> RunAsync(IPredictor model, RobustnessInput input, SquareOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new SquareOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            return ValidationResult<AttackResult>.Failure(problems);
        }

        var rows = input.RowCount;
        var projection = input.Projection;
        var features = projection.FeatureCount;
        var eps = options.Epsilon;
        var mutable = Enumerable.Range(0, features).Where(projection.IsMutable).ToArray();
        var queries = new long[rows];
        Array.Fill(queries, 1);
        var clean = await Vectors.PredictClassesAsync(model, input.Features, cancellationToken).ConfigureAwait(false);
        var final = (int[])clean.Clone();
        var originals = new double[rows][];
        var best = new double[rows][];
        var margins = new double[rows];
        var randoms = new Xoshiro256[rows];
        for (var r = 0; r < rows; r++)
        {
            originals[r] = Vectors.Row(input.Features, r);
            best[r] = (double[])originals[r].Clone();
            randoms[r] = new Xoshiro256(Sampling.DeriveSeed(options.Seed, r));
        }

        var open = mutable.Length == 0 ? [] : Enumerable.Range(0, rows).Where(r => clean[r] == input.Labels[r]).ToList();
        for (var restart = 0; restart < options.Restarts && open.Count > 0; restart++)
        {
            // A random vertex of the box.
            var starts = new List<double[]>(open.Count);
            foreach (var r in open)
            {
                var x = (double[])originals[r].Clone();
                foreach (var f in mutable)
                {
                    x[f] += randoms[r].NextDouble() < 0.5 ? -eps : eps;
                }

                starts.Add(x);
            }

            var accepted = await EvaluateAsync(starts, open, true).ConfigureAwait(false);
            for (var i = 0; i < open.Count; i++)
            {
                if (accepted[i])
                {
                    best[open[i]] = starts[i];
                }
            }

            open = [.. open.Where(r => final[r] == input.Labels[r])];
            for (var iteration = 0; iteration < options.MaxIterations && open.Count > 0; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Max(1, (int)Math.Round(FractionAt(iteration, options.MaxIterations, options.PInit) * mutable.Length));
                var candidates = new List<double[]>(open.Count);
                foreach (var r in open)
                {
                    var x = (double[])best[r].Clone();
                    var chosen = (int[])mutable.Clone();
                    for (var k = 0; k < count; k++)
                    {
                        var j = k + randoms[r].NextInt(chosen.Length - k);
                        (chosen[k], chosen[j]) = (chosen[j], chosen[k]);
                        x[chosen[k]] = originals[r][chosen[k]] + (randoms[r].NextDouble() < 0.5 ? -eps : eps);
                    }

                    candidates.Add(x);
                }

                var better = await EvaluateAsync(candidates, open, false).ConfigureAwait(false);
                for (var i = 0; i < open.Count; i++)
                {
                    if (better[i])
                    {
                        best[open[i]] = candidates[i];
                    }
                }

                open = [.. open.Where(r => final[r] == input.Labels[r])];
            }
        }

        var adversarial = input.Features.Clone();
        for (var r = 0; r < rows; r++)
        {
            Vectors.SetRow(adversarial, r, best[r]);
        }

        return ValidationResult<AttackResult>.Success(AttackResult.Create("square", PerturbationNorm.LInfinity, eps, input, adversarial, clean, final, queries));

        // Projects, asks the model, and accepts a candidate whose margin is below the row's current one (any
        // candidate at the start of a restart).
        async ValueTask<bool[]> EvaluateAsync(List<double[]> candidates, List<int> which, bool restartPoint)
        {
            var batch = new FloatMatrix(candidates.Count, features);
            for (var i = 0; i < candidates.Count; i++)
            {
                var r = which[i];
                projection.ProjectWithin(originals[r], candidates[i], PerturbationNorm.LInfinity, eps);
                Vectors.ToFloat(candidates[i]);
                Vectors.SetRow(batch, i, candidates[i]);
            }

            var output = await Vectors.PredictAsync(model, batch, cancellationToken).ConfigureAwait(false);
            var accepted = new bool[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                var r = which[i];
                queries[r]++;
                var probabilities = output.Row(i);
                var label = input.Labels[r];
                var other = float.NegativeInfinity;
                for (var k = 0; k < probabilities.Length; k++)
                {
                    other = k == label ? other : Math.Max(other, probabilities[k]);
                }

                var margin = probabilities[label] - (double)other;
                if (restartPoint || margin < margins[r])
                {
                    accepted[i] = true;
                    margins[r] = margin;
                    final[r] = ModelTraining.ArgMax(probabilities);
                }
            }

            return accepted;
        }
    }
}
