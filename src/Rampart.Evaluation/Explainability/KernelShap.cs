using Rampart.Evaluation.Statistics;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// KernelSHAP (Lundberg and Lee 2017) as in shap's KernelExplainer: a weighted least squares fit of
/// v(S) − v(∅) = Σ_{i∈S} φ_i over coalitions S with the Shapley kernel weights (M−1)/(C(M,|S|)·|S|·(M−|S|)),
/// under the efficiency constraint Σ φ = f(x) − E_bg[f] (one feature eliminated). Coalition sizes are filled
/// completely in kernel-weight order (sizes s and M−s together) while the budget allows; the remaining budget is
/// sampled, seeded, with complements paired. With every coalition enumerated (M ≤ 11 by default) the result is the
/// exact interventional Shapley value. Unlike shap ≥ 0.47, no l1 regularisation (its default
/// <c>num_features(10)</c>) is applied: every feature keeps its value. The same coalitions are used for every
/// explained row. Cost per row: background rows × coalitions model rows.
/// </summary>
public static class KernelShap
{
    /// <summary>Explains rows.</summary>
    /// <param name="model">The explained output.</param>
    /// <param name="background">Background rows (at least one; no NaN). Keep it small (10 to 100 rows): cost is linear in it.</param>
    /// <param name="rows">Rows to explain (no NaN).</param>
    /// <param name="options">Settings; <c>null</c> for the defaults.</param>
    /// <param name="featureNames">Names; <c>null</c> for x0, x1, ….</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The Shapley values; <see cref="ShapExplanation.Exact"/> says whether every coalition was enumerated.</returns>
    /// <exception cref="ArgumentException">When inputs are empty, of the wrong width or hold NaN, or an option is out of range.</exception>
    public static async Task<ShapExplanation> ExplainAsync(ExplainedOutput model, FloatMatrix background, FloatMatrix rows, KernelShapOptions? options = null, IReadOnlyList<string>? featureNames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new KernelShapOptions();
        var m = model.FeatureCount;
        InputChecks.Matrix(background, m, nameof(background));
        InputChecks.Matrix(rows, m, nameof(rows), allowEmpty: true);
        var names = InputChecks.Names(featureNames, m, nameof(featureNames));
        if (options.Samples is < 1)
        {
            throw new ArgumentException($"options.Samples must be at least 1; got {options.Samples}.", nameof(options));
        }

        if (options.Parallelism < 1)
        {
            throw new ArgumentException($"options.Parallelism must be at least 1; got {options.Parallelism}.", nameof(options));
        }

        if (options.MaxBatchRows < 1)
        {
            throw new ArgumentException($"options.MaxBatchRows must be at least 1; got {options.MaxBatchRows}.", nameof(options));
        }

        var start = model.Evaluations;
        var budget = options.Samples ?? ((2 * m) + 2048);
        var design = m == 1 ? CoalitionDesign.Empty(1) : CoalitionDesign.Build(m, budget, options.Seed);
        var solver = m == 1 ? null : new ConstrainedLeastSquares(design);

        var baseValue = await CoalitionValues.BaseValueAsync(model, background, cancellationToken).ConfigureAwait(false);
        var full = new bool[m];
        Array.Fill(full, true);
        var explanations = new LocalExplanation[rows.Rows];
        var pool = new System.Collections.Concurrent.ConcurrentDictionary<int, System.Collections.Concurrent.ConcurrentBag<FloatMatrix>>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, rows.Rows, parallel, async (r, token) =>
        {
            var x = rows.Row(r).ToArray();
            var fx = (await model.EvaluateAsync(new FloatMatrix(1, m, [.. x]), token).ConfigureAwait(false))[0];
            var phi = new double[m];
            if (solver is null)
            {
                phi[0] = fx - baseValue;
            }
            else
            {
                var v = await CoalitionValues.EvaluateAsync(model, x, background, design.Masks, options.MaxBatchRows, pool, token).ConfigureAwait(false);
                solver.Solve(v, baseValue, fx, phi);
            }

            explanations[r] = new LocalExplanation { Row = r, Prediction = fx, Contributions = [.. phi] };
        }).ConfigureAwait(false);

        return new ShapExplanation
        {
            Method = design.Complete ? "KernelSHAP (exact enumeration)" : "KernelSHAP (sampled coalitions)",
            Output = model.Name,
            FeatureNames = [.. names],
            BaseValue = baseValue,
            Rows = [.. explanations],
            Exact = design.Complete,
            ModelEvaluations = model.Evaluations - start,
            Coalitions = design.Count,
        };
    }
}

/// <summary>The coalitions KernelSHAP evaluates and their kernel weights.</summary>
internal sealed class CoalitionDesign
{
    private CoalitionDesign(int features, bool[] masks, double[] weights, bool complete)
    {
        Features = features;
        Masks = masks;
        Weights = weights;
        Complete = complete;
    }

    public int Features { get; }

    /// <summary>Count × Features flags.</summary>
    public bool[] Masks { get; }

    public double[] Weights { get; }

    public int Count => Weights.Length;

    public bool Complete { get; }

    public static CoalitionDesign Empty(int features) => new(features, [], [], complete: true);

    /// <summary>shap's KernelExplainer coalition choice: fill sizes in kernel-weight order, sample the rest.</summary>
    public static CoalitionDesign Build(int m, int budget, int seed)
    {
        var masks = new List<bool[]>();
        var weights = new List<double>();
        var maxSamples = m <= 30 ? (1L << m) - 2 : long.MaxValue;
        long samples = Math.Min(budget, maxSamples);

        var sizes = (m - 1 + 1) / 2; // ceil((M − 1) / 2)
        var pairedSizes = (m - 1) / 2;
        var weightVector = new double[sizes];
        for (var s = 1; s <= sizes; s++)
        {
            weightVector[s - 1] = (m - 1.0) / (s * (double)(m - s));
            if (s <= pairedSizes)
            {
                weightVector[s - 1] *= 2;
            }
        }

        Normalise(weightVector);
        var filled = 0;
        var samplesLeft = samples;
        var remaining = (double[])weightVector.Clone();
        for (var s = 1; s <= sizes; s++)
        {
            var paired = s <= pairedSizes;
            var subsets = Binomial(m, s) * (paired ? 2 : 1);
            if (samplesLeft * remaining[s - 1] / subsets < 1.0 - 1e-8)
            {
                break;
            }

            filled++;
            samplesLeft -= (long)subsets;
            if (remaining[s - 1] < 1)
            {
                var rest = 1 - remaining[s - 1];
                for (var k = s - 1; k < sizes; k++)
                {
                    remaining[k] /= rest;
                }
            }

            var w = weightVector[s - 1] / Binomial(m, s);
            if (paired)
            {
                w /= 2;
            }

            foreach (var subset in Subsets(m, s))
            {
                masks.Add(subset);
                weights.Add(w);
                if (paired)
                {
                    masks.Add([.. subset.Select(b => !b)]);
                    weights.Add(w);
                }
            }
        }

        var complete = filled == sizes;
        if (!complete && samplesLeft > 0)
        {
            var weightLeft = weightVector.Skip(filled).Sum();
            var sizeWeights = weightVector.Skip(filled).ToArray();
            Normalise(sizeWeights);
            var random = new Xoshiro256(seed);
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var sampledStart = masks.Count;
            var attempts = 0L;
            var maxAttempts = samplesLeft * 4;
            while (samplesLeft > 0 && attempts++ < maxAttempts)
            {
                var size = filled + 1 + Pick(random, sizeWeights);
                var subset = RandomSubset(random, m, size);
                Add(subset);
                if (samplesLeft > 0 && size <= pairedSizes)
                {
                    Add([.. subset.Select(b => !b)]);
                }
            }

            double sampledTotal = 0;
            for (var k = sampledStart; k < weights.Count; k++)
            {
                sampledTotal += weights[k];
            }

            for (var k = sampledStart; k < weights.Count; k++)
            {
                weights[k] *= weightLeft / sampledTotal;
            }

            void Add(bool[] subset)
            {
                var key = string.Concat(subset.Select(b => b ? '1' : '0'));
                if (index.TryGetValue(key, out var at))
                {
                    weights[at] += 1;
                    return;
                }

                index[key] = weights.Count;
                masks.Add(subset);
                weights.Add(1);
                samplesLeft--;
            }
        }

        var flat = new bool[masks.Count * m];
        for (var k = 0; k < masks.Count; k++)
        {
            masks[k].CopyTo(flat, k * m);
        }

        return new CoalitionDesign(m, flat, [.. weights], complete);
    }

    private static void Normalise(double[] values)
    {
        var sum = values.Sum();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    private static int Pick(Xoshiro256 random, double[] probabilities)
    {
        var u = random.NextDouble();
        for (var i = 0; i < probabilities.Length - 1; i++)
        {
            u -= probabilities[i];
            if (u < 0)
            {
                return i;
            }
        }

        return probabilities.Length - 1;
    }

    private static bool[] RandomSubset(Xoshiro256 random, int m, int size)
    {
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        var subset = new bool[m];
        for (var i = 0; i < size; i++)
        {
            var j = i + random.NextInt(m - i);
            (order[i], order[j]) = (order[j], order[i]);
            subset[order[i]] = true;
        }

        return subset;
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return Math.Round(result);
    }

    private static IEnumerable<bool[]> Subsets(int m, int size)
    {
        var chosen = new int[size];
        for (var i = 0; i < size; i++)
        {
            chosen[i] = i;
        }

        while (true)
        {
            var subset = new bool[m];
            foreach (var c in chosen)
            {
                subset[c] = true;
            }

            yield return subset;
            var k = size - 1;
            while (k >= 0 && chosen[k] == m - size + k)
            {
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            chosen[k]++;
            for (var j = k + 1; j < size; j++)
            {
                chosen[j] = chosen[j - 1] + 1;
            }
        }
    }
}

/// <summary>
/// The weighted least squares of KernelSHAP with the efficiency constraint, eliminating the last feature:
/// y_S − z_{S,M} Δ = Σ_{j&lt;M} (z_{S,j} − z_{S,M}) φ_j. The normal matrix depends only on the coalitions, so it is
/// factored once and reused for every explained row.
/// </summary>
internal sealed class ConstrainedLeastSquares
{
    private readonly CoalitionDesign _design;
    private readonly double[,] _cholesky;
    private readonly int _k;

    public ConstrainedLeastSquares(CoalitionDesign design)
    {
        _design = design;
        var m = design.Features;
        _k = m - 1;
        var a = new double[_k, _k];
        var row = new double[_k];
        for (var s = 0; s < design.Count; s++)
        {
            Reduced(s, row);
            var w = design.Weights[s];
            for (var i = 0; i < _k; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    a[i, j] += w * row[i] * row[j];
                }
            }
        }

        _cholesky = Factor(a, _k);
    }

    public void Solve(double[] values, double baseValue, double fx, double[] phi)
    {
        var m = _design.Features;
        var delta = fx - baseValue;
        var b = new double[_k];
        var row = new double[_k];
        for (var s = 0; s < _design.Count; s++)
        {
            Reduced(s, row);
            var last = _design.Masks[(s * m) + m - 1] ? 1.0 : 0.0;
            var y = values[s] - baseValue - (last * delta);
            var w = _design.Weights[s];
            for (var i = 0; i < _k; i++)
            {
                b[i] += w * row[i] * y;
            }
        }

        // Forward then backward substitution with L Lᵀ.
        for (var i = 0; i < _k; i++)
        {
            var sum = b[i];
            for (var j = 0; j < i; j++)
            {
                sum -= _cholesky[i, j] * b[j];
            }

            b[i] = sum / _cholesky[i, i];
        }

        for (var i = _k - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var j = i + 1; j < _k; j++)
            {
                sum -= _cholesky[j, i] * b[j];
            }

            b[i] = sum / _cholesky[i, i];
        }

        double total = 0;
        for (var i = 0; i < _k; i++)
        {
            phi[i] = b[i];
            total += b[i];
        }

        phi[m - 1] = delta - total;
    }

    private static double[,] Factor(double[,] a, int k)
    {
        var l = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var p = 0; p < j; p++)
                {
                    sum -= l[i, p] * l[j, p];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        throw new InvalidOperationException("The sampled coalitions do not determine every feature's value (singular design); raise KernelShapOptions.Samples.");
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        return l;
    }

    private void Reduced(int s, double[] row)
    {
        var m = _design.Features;
        var masks = _design.Masks;
        var last = masks[(s * m) + m - 1] ? 1.0 : 0.0;
        for (var i = 0; i < _k; i++)
        {
            row[i] = (masks[(s * m) + i] ? 1.0 : 0.0) - last;
        }
    }
}
