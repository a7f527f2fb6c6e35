using Rampart.Diagnostics;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// HopSkipJump (Chen, Jordan and Wainwright 2020), the decision-based black-box attack, following ART 1.20
/// (untargeted): it needs only the predicted class. Per row: uniform draws inside the feature bounds until one is
/// classified differently, a binary search toward the row (tolerance 0.001), then per iteration t a binary search to
/// the boundary (threshold θ = 0.01/√d for L2, 0.01/d for L∞), a gradient-direction estimate from
/// <see cref="EvaluationCount"/> random unit directions with baseline-subtracted ±1 decisions, and a geometric step
/// search from 2·dist/√(t + 1), halving until the point is still adversarial. d is the number of mutable features.
/// Every point queried in a binary or step search is projected onto the feature constraints first, so the result
/// is plausible; the points of a gradient estimate are only clipped to the bounds (a relaxation). The row returned
/// is the closest adversarial point found (ART returns the last), and every query goes through the model's
/// <see cref="QueryCounter"/>, read per row.
/// </summary>
public static class HopSkipJumpAttack
{
    /// <summary>The binary-search threshold θ: 0.01/√d for L2, 0.01/d for L∞.</summary>
    /// <param name="norm">The norm.</param>
    /// <param name="dimension">The number of features d (at least 1).</param>
    /// <returns>θ.</returns>
    public static double Theta(PerturbationNorm norm, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        return norm == PerturbationNorm.L2 ? 0.01 / Math.Sqrt(dimension) : 0.01 / dimension;
    }

    /// <summary>The queries of the gradient estimate at iteration t: min(⌊init_eval·√(t + 1)⌋, max_eval).</summary>
    /// <param name="iteration">t, from 0.</param>
    /// <param name="initialEvaluations">init_eval.</param>
    /// <param name="maxEvaluations">max_eval.</param>
    /// <returns>The count.</returns>
    public static int EvaluationCount(int iteration, int initialEvaluations, int maxEvaluations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        return (int)Math.Min(Math.Floor(initialEvaluations * Math.Sqrt(iteration + 1.0)), maxEvaluations);
    }

    /// <summary>Attacks every row.</summary>
    /// <param name="model">The model; only its predicted classes are used.</param>
    /// <param name="input">The rows, labels and constraints; every mutable feature needs finite bounds (declared or inferred with <see cref="FeatureConstraints.FromData"/>).</param>
    /// <param name="options">The options; <c>null</c> for ART's defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result (<see cref="AttackResult.Epsilon"/> is <c>null</c>), or every problem with the options or with missing bounds (<c>constraints.bounds</c>).</returns>
    /// <exception cref="PredictorException">When the model's answers do not fit.</exception>
    /// <exception cref="QueryBudgetExceededException">When the model's query budget runs out.</exception>
    public static async ValueTask<ValidationResult<AttackResult>> RunAsync(IPredictor model, RobustnessInput input, HopSkipJumpOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new HopSkipJumpOptions();
        var problems = options.Validate();
        if (!input.Projection.AllMutableBounded())
        {
            var names = Enumerable.Range(0, input.Projection.FeatureCount)
                .Where(f => input.Projection.IsMutable(f) && !(double.IsFinite(input.Projection.LowerBound(f)) && double.IsFinite(input.Projection.UpperBound(f))))
                .Select(f => input.Projection.Names[f]).ToArray();
            problems.Add(new Problem { Field = "constraints.bounds", Message = $"HopSkipJump draws its starting points inside the feature bounds, but {string.Join(", ", names.Take(5))}{(names.Length > 5 ? $" and {names.Length - 5} more" : string.Empty)} have none; declare bounds or infer them from the data (FeatureConstraints.FromData)." });
        }

        if (problems.Count > 0)
        {
            return ValidationResult<AttackResult>.Failure(problems);
        }

        var rows = input.RowCount;
        var clean = await Vectors.PredictClassesAsync(model, input.Features, cancellationToken).ConfigureAwait(false);
        var queries = new long[rows];
        var adversarial = input.Features.Clone();
        var final = (int[])clean.Clone();
        for (var r = 0; r < rows; r++)
        {
            var before = model.Queries.Rows;
            var search = new Search(model, input.Projection, options, Vectors.Row(input.Features, r), clean[r], Sampling.DeriveSeed(options.Seed, r), cancellationToken);
            var found = await search.RunAsync().ConfigureAwait(false);
            if (found is not null)
            {
                Vectors.SetRow(adversarial, r, found);
                final[r] = search.AdversarialClass;
            }

            queries[r] = 1 + (model.Queries.Rows - before);
        }

        return ValidationResult<AttackResult>.Success(AttackResult.Create("hop-skip-jump", options.Norm, null, input, adversarial, clean, final, queries));
    }

    /// <summary>The attack on one row.</summary>
    private sealed class Search(IPredictor model, FeatureProjection projection, HopSkipJumpOptions options, double[] original, int originalClass, int seed, CancellationToken cancellationToken)
    {
        private readonly Xoshiro256 _random = new(seed);
        private GaussianSource? _gaussian;
        private readonly int _dimension = Math.Max(1, projection.MutableCount);
        private double[]? _best;
        private double _bestDistance = double.PositiveInfinity;

        public int AdversarialClass { get; private set; }

        public async ValueTask<double[]?> RunAsync()
        {
            if (projection.MutableCount == 0)
            {
                return null;
            }

            var start = await InitialAsync().ConfigureAwait(false);
            if (start is null)
            {
                return null;
            }

            var norm = options.Norm;
            var theta = Theta(norm, _dimension);
            var current = await BinarySearchAsync(start, PerturbationNorm.L2, 0.001).ConfigureAwait(false);
            var range = MeanRange();
            for (var t = 0; t < options.MaxIterations; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var distance = Vectors.Distance(original, current, norm);
                var delta = t == 0 ? 0.1 * range
                    : norm == PerturbationNorm.L2 ? Math.Sqrt(_dimension) * theta * distance
                    : _dimension * theta * distance;
                current = await BinarySearchAsync(current, norm, null).ConfigureAwait(false);
                var update = await EstimateDirectionAsync(current, EvaluationCount(t, options.InitialEvaluations, options.MaxEvaluations), delta).ConfigureAwait(false);
                distance = Vectors.Distance(original, current, norm);
                var epsilon = 2 * distance / Math.Sqrt(t + 1);

                // Halve until still adversarial; the boundary point itself is, so this ends, but a bound keeps a
                // flat or noisy model from looping.
                for (var halving = 0; halving < 64; halving++)
                {
                    epsilon /= 2;
                    var potential = new double[current.Length];
                    for (var f = 0; f < potential.Length; f++)
                    {
                        potential[f] = current[f] + (epsilon * update[f]);
                    }

                    if (await IsAdversarialAsync(potential).ConfigureAwait(false))
                    {
                        current = potential;
                        break;
                    }
                }
            }

            return _best;
        }

        private async ValueTask<double[]?> InitialAsync()
        {
            for (var i = 0; i < options.InitialSize; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidate = (double[])original.Clone();
                for (var f = 0; f < candidate.Length; f++)
                {
                    if (projection.IsMutable(f))
                    {
                        var lo = projection.LowerBound(f);
                        var hi = projection.UpperBound(f);
                        candidate[f] = lo + ((hi - lo) * _random.NextDouble());
                    }
                }

                projection.Project(original, candidate, IntegerRounding.Nearest);
                if (await IsAdversarialAsync(candidate).ConfigureAwait(false))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>Projects and float-rounds <paramref name="point"/> in place, asks the model, and records it when adversarial.</summary>
        private async ValueTask<bool> IsAdversarialAsync(double[] point)
        {
            projection.Project(original, point, IntegerRounding.TowardOriginal);
            Vectors.ToFloat(point);
            var predicted = await Vectors.PredictClassAsync(model, point, cancellationToken).ConfigureAwait(false);
            if (predicted == originalClass)
            {
                return false;
            }

            var distance = Vectors.Distance(original, point, options.Norm);
            if (distance < _bestDistance)
            {
                _bestDistance = distance;
                _best = (double[])point.Clone();
                AdversarialClass = predicted;
            }

            return true;
        }

        private async ValueTask<double[]> BinarySearchAsync(double[] current, PerturbationNorm norm, double? threshold)
        {
            var theta = Theta(options.Norm, _dimension);
            double upper;
            if (norm == PerturbationNorm.L2)
            {
                upper = 1;
                threshold ??= theta;
            }
            else
            {
                upper = Vectors.Distance(original, current, PerturbationNorm.LInfinity);
                threshold ??= Math.Min(upper * theta, theta);
            }

            double lower = 0;
            var result = current;
            while (upper - lower > threshold)
            {
                var alpha = (upper + lower) / 2;
                var point = Interpolate(current, alpha, norm);
                if (await IsAdversarialAsync(point).ConfigureAwait(false))
                {
                    upper = alpha;
                    result = point;
                }
                else
                {
                    lower = alpha;
                }
            }

            return result;
        }

        private double[] Interpolate(double[] current, double alpha, PerturbationNorm norm)
        {
            var result = new double[current.Length];
            for (var f = 0; f < result.Length; f++)
            {
                result[f] = norm == PerturbationNorm.L2
                    ? ((1 - alpha) * original[f]) + (alpha * current[f])
                    : Math.Clamp(current[f], original[f] - alpha, original[f] + alpha);
            }

            return result;
        }

        private async ValueTask<double[]> EstimateDirectionAsync(double[] current, int count, double delta)
        {
            _gaussian ??= new GaussianSource(_random);
            var features = current.Length;

            // One flat buffer for all directions: the estimate at t = 50 draws about 700 of them.
            var noise = new double[count * features];
            var batch = new FloatMatrix(count, features);
            for (var k = 0; k < count; k++)
            {
                var u = noise.AsSpan(k * features, features);
                for (var f = 0; f < features; f++)
                {
                    u[f] = !projection.IsMutable(f) ? 0
                        : options.Norm == PerturbationNorm.L2 ? _gaussian.Next()
                        : (2 * _random.NextDouble()) - 1;
                }

                var length = Vectors.Norm(u, PerturbationNorm.L2);
                length = length > 0 ? length : 1;
                var row = batch.Row(k);
                for (var f = 0; f < features; f++)
                {
                    var lo = Math.Min(projection.LowerBound(f), original[f]);
                    var hi = Math.Max(projection.UpperBound(f), original[f]);
                    row[f] = (float)Math.Clamp(current[f] + (delta * u[f] / length), lo, hi);
                    u[f] = (row[f] - current[f]) / delta;
                }
            }

            var predicted = await Vectors.PredictClassesAsync(model, batch, cancellationToken).ConfigureAwait(false);
            double mean = 0;
            for (var k = 0; k < count; k++)
            {
                mean += predicted[k] != originalClass ? 1 : -1;
            }

            mean /= count;
            var gradient = new double[features];
            for (var k = 0; k < count; k++)
            {
                var value = predicted[k] != originalClass ? 1.0 : -1.0;
                var weight = mean == 1 ? 1 : mean == -1 ? -1 : value - mean;
                for (var f = 0; f < features; f++)
                {
                    gradient[f] += weight * noise[(k * features) + f] / count;
                }
            }

            if (options.Norm == PerturbationNorm.LInfinity)
            {
                for (var f = 0; f < features; f++)
                {
                    gradient[f] = Math.Sign(gradient[f]);
                }

                return gradient;
            }

            var size = Vectors.Norm(gradient, PerturbationNorm.L2);
            for (var f = 0; f < features; f++)
            {
                gradient[f] = size == 0 ? 0 : gradient[f] / size;
            }

            return gradient;
        }

        private double MeanRange()
        {
            double sum = 0;
            for (var f = 0; f < original.Length; f++)
            {
                if (projection.IsMutable(f))
                {
                    sum += Math.Max(projection.UpperBound(f), original[f]) - Math.Min(projection.LowerBound(f), original[f]);
                }
            }

            return sum / _dimension;
        }
    }
}
