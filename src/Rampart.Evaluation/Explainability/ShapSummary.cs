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
