using System.Collections.Immutable;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Explainability;

/// <summary>Global importances, per-column grouping and top contributions of a <see cref="ShapExplanation"/>.</summary>
public static class ShapSummary
{
    /// <summary>Mean |φ| per feature over the explained rows, largest first (ties in feature order).</summary>
    /// <param name="explanation">The explanation (at least one row).</param>
    /// <returns>The importances.</returns>
    /// <exception cref="ArgumentException">When the explanation has no rows.</exception>
    public static ImmutableArray<GlobalImportance> GlobalImportances(ShapExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        if (explanation.Rows.IsEmpty)
        {
            throw new ArgumentException("The explanation has no rows; global importances need at least one.", nameof(explanation));
        }

        var m = explanation.FeatureNames.Length;
        var means = new double[m];
        foreach (var row in explanation.Rows)
        {
            for (var i = 0; i < m; i++)
            {
                means[i] += Math.Abs(row.Contributions[i]);
            }
        }

        var total = 0.0;
        for (var i = 0; i < m; i++)
        {
            means[i] /= explanation.Rows.Length;
            total += means[i];
        }

        return [.. Enumerable.Range(0, m)
            .OrderByDescending(i => means[i]).ThenBy(i => i)
            .Select(i => new GlobalImportance(explanation.FeatureNames[i], means[i], total > 0 ? means[i] / total : 0))];
    }

    /// <summary>
    /// Percentile bootstrap intervals of each feature's share of the total mean |φ|: the explained rows are resampled
    /// with replacement <paramref name="replicates"/> times and the shares recomputed. They show how much the shares
    /// depend on which rows were explained (not the error of sampled coalitions within a row).
    /// </summary>
    /// <param name="explanation">The explanation (at least one row).</param>
    /// <param name="replicates">Bootstrap replicates (at least 1).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="level">The interval's level, for example 0.95.</param>
    /// <returns>Per feature name, the lower and upper end of its share's interval.</returns>
    /// <exception cref="ArgumentException">When the explanation has no rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="replicates"/> or <paramref name="level"/> is out of range.</exception>
    public static ImmutableDictionary<string, (double Lower, double Upper)> ShareIntervals(ShapExplanation explanation, int replicates = 1000, int seed = 0, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var groups = explanation.FeatureNames.Select(name => (IReadOnlyCollection<string>)[name]).ToList();
        var intervals = BootstrapShares(explanation, groups, replicates, seed, level);
        return explanation.FeatureNames.Select((name, i) => (name, intervals[i])).ToImmutableDictionary(x => x.name, x => x.Item2, StringComparer.Ordinal);
    }

    /// <summary>
    /// The percentile bootstrap interval of the combined share of several features (for example a sensitive attribute
    /// and its proxies), resampling the explained rows as <see cref="ShareIntervals"/> does, with the same draws for the
    /// same seed.
    /// </summary>
    /// <param name="explanation">The explanation (at least one row).</param>
    /// <param name="features">The features whose shares are added (names of <see cref="ShapExplanation.FeatureNames"/>; unknown names count 0).</param>
    /// <param name="replicates">Bootstrap replicates (at least 1).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="level">The interval's level.</param>
    /// <returns>The interval's ends.</returns>
    public static (double Lower, double Upper) CombinedShareInterval(ShapExplanation explanation, IReadOnlyCollection<string> features, int replicates = 1000, int seed = 0, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(features);
        return BootstrapShares(explanation, [features], replicates, seed, level)[0];
    }

    private static (double Lower, double Upper)[] BootstrapShares(ShapExplanation explanation, IReadOnlyList<IReadOnlyCollection<string>> groups, int replicates, int seed, double level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        if (!(level is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be between 0 and 1.");
        }

        if (explanation.Rows.IsEmpty)
        {
            throw new ArgumentException("The explanation has no rows; intervals need at least one.", nameof(explanation));
        }

        var m = explanation.FeatureNames.Length;
        var n = explanation.Rows.Length;
        var members = groups.Select(g => Enumerable.Range(0, m).Where(i => g.Contains(explanation.FeatureNames[i])).ToArray()).ToArray();
        var shares = groups.Select(_ => new double[replicates]).ToArray();
        var random = new Statistics.Xoshiro256(seed);
        var sums = new double[m];
        for (var b = 0; b < replicates; b++)
        {
            Array.Clear(sums);
            for (var k = 0; k < n; k++)
            {
                var row = explanation.Rows[random.NextInt(n)];
                for (var i = 0; i < m; i++)
                {
                    sums[i] += Math.Abs(row.Contributions[i]);
                }
            }

            var total = sums.Sum();
            for (var g = 0; g < members.Length; g++)
            {
                shares[g][b] = total > 0 ? members[g].Sum(i => sums[i]) / total : 0;
            }
        }

        var alpha = (1 - level) / 2;
        return [.. shares.Select(s =>
        {
            Array.Sort(s);
            return (Statistics.Sampling.Quantile(s, alpha), Statistics.Sampling.Quantile(s, 1 - alpha));
        })];
    }

    /// <summary>
    /// Maps an explanation of encoded features back to the dataset's columns by summing the Shapley values of each
    /// column's features (its one-hot indicators, its missing indicator). Efficiency is kept: the column values still
    /// sum to f(x) − E_bg[f]. The sum is the usual practice (as in shap's docs for one-hot inputs), not the Shapley
    /// value of a game played by whole columns, which can differ when a column's indicators interact with other
    /// features.
    /// </summary>
    /// <param name="explanation">An explanation over <paramref name="map"/>'s features.</param>
    /// <param name="map">The feature map the model's inputs were encoded with.</param>
    /// <returns>The explanation with one contribution per column, in the map's column order.</returns>
    /// <exception cref="ArgumentException">When the explanation does not have the map's feature count.</exception>
    public static ShapExplanation GroupByColumns(ShapExplanation explanation, FeatureMap map)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(map);
        if (explanation.FeatureNames.Length != map.FeatureCount)
        {
            throw new ArgumentException($"The explanation has {explanation.FeatureNames.Length} features; the feature map has {map.FeatureCount}.", nameof(map));
        }

        var columns = map.Columns.Select(c => c.Name).ToArray();
        var columnOf = new int[map.FeatureCount];
        var position = columns.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        foreach (var feature in map.Features)
        {
            columnOf[feature.Index] = position[feature.Column];
        }

        var rows = explanation.Rows.Select(row =>
        {
            var sums = new double[columns.Length];
            for (var i = 0; i < columnOf.Length; i++)
            {
                sums[columnOf[i]] += row.Contributions[i];
            }

            return row with { Contributions = [.. sums] };
        });
        return explanation with { FeatureNames = [.. columns], Rows = [.. rows], Method = explanation.Method + ", summed per column" };
    }

    /// <summary>The largest contributions of one explained row, by |φ|, largest first (ties in feature order).</summary>
    /// <param name="explanation">The explanation.</param>
    /// <param name="row">Index into <see cref="ShapExplanation.Rows"/>.</param>
    /// <param name="count">How many to keep; <c>null</c> for all.</param>
    /// <returns>The contributions.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="row"/> is not an explained row or <paramref name="count"/> is negative.</exception>
    public static ImmutableArray<FeatureContribution> TopContributions(ShapExplanation explanation, int row, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, explanation.Rows.Length);
        if (count is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "count cannot be negative.");
        }

        var phi = explanation.Rows[row].Contributions;
        return [.. Enumerable.Range(0, phi.Length)
            .OrderByDescending(i => Math.Abs(phi[i])).ThenBy(i => i)
            .Take(count ?? phi.Length)
            .Select(i => new FeatureContribution(explanation.FeatureNames[i], phi[i]))];
    }
}
