using System.Collections.Immutable;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Interventional Shapley values by the definition: φ_i = Σ_{S ∌ i} |S|!(M−|S|−1)!/M! [v(S ∪ i) − v(S)], with
/// v(S) the mean over background rows of f with the features in S set to the explained row's values. Evaluates all
/// 2^M coalitions, so it is the reference the faster explainers are tested against; limited to
/// <see cref="MaxFeatures"/> features.
/// </summary>
public static class BruteForceShapley
{
    /// <summary>The most features accepted (2^16 coalitions per row).</summary>
    public const int MaxFeatures = 16;

    /// <summary>Explains rows by enumerating every coalition.</summary>
    /// <param name="model">The explained output.</param>
    /// <param name="background">Background rows (at least one; no NaN).</param>
    /// <param name="rows">Rows to explain (no NaN).</param>
    /// <param name="featureNames">Names; <c>null</c> for x0, x1, ….</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Exact Shapley values.</returns>
    /// <exception cref="ArgumentException">When inputs are empty, of the wrong width, hold NaN, or there are more than <see cref="MaxFeatures"/> features.</exception>
    public static async Task<ShapExplanation> ExplainAsync(ExplainedOutput model, FloatMatrix background, FloatMatrix rows, IReadOnlyList<string>? featureNames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var m = model.FeatureCount;
        if (m > MaxFeatures)
        {
            throw new ArgumentException($"Brute-force Shapley values enumerate 2^M coalitions; the model has {m} features, above the limit of {MaxFeatures}. Use KernelShap.", nameof(model));
        }

        InputChecks.Matrix(background, m, nameof(background));
        InputChecks.Matrix(rows, m, nameof(rows), allowEmpty: true);
        var names = InputChecks.Names(featureNames, m, nameof(featureNames));
        var start = model.Evaluations;

        var total = 1 << m;
        var masks = new bool[total * m];
        for (var s = 0; s < total; s++)
        {
            for (var i = 0; i < m; i++)
            {
                masks[(s * m) + i] = (s & (1 << i)) != 0;
            }
        }

        var factorial = new double[m + 1];
        factorial[0] = 1;
        for (var k = 1; k <= m; k++)
        {
            factorial[k] = factorial[k - 1] * k;
        }

        var baseValue = await CoalitionValues.BaseValueAsync(model, background, cancellationToken).ConfigureAwait(false);
        var explanations = ImmutableArray.CreateBuilder<LocalExplanation>(rows.Rows);
        for (var r = 0; r < rows.Rows; r++)
        {
            var x = rows.Row(r).ToArray();
            var v = await CoalitionValues.EvaluateAsync(model, x, background, masks, 65536, null, cancellationToken).ConfigureAwait(false);
            var phi = new double[m];
            for (var s = 0; s < total; s++)
            {
                var size = System.Numerics.BitOperations.PopCount((uint)s);
                for (var i = 0; i < m; i++)
                {
                    if ((s & (1 << i)) == 0)
                    {
                        var weight = factorial[size] * factorial[m - size - 1] / factorial[m];
                        phi[i] += weight * (v[s | (1 << i)] - v[s]);
                    }
                }
            }

            explanations.Add(new LocalExplanation { Row = r, Prediction = v[total - 1], Contributions = [.. phi] });
        }

        return new ShapExplanation
        {
            Method = "Brute-force Shapley (interventional, exact)",
            Output = model.Name,
            FeatureNames = [.. names],
            BaseValue = baseValue,
            Rows = explanations.MoveToImmutable(),
            Exact = true,
            ModelEvaluations = model.Evaluations - start,
            Coalitions = total,
        };
    }
}
