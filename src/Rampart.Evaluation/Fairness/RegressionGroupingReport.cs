using System.Collections.Immutable;

namespace Rampart.Evaluation.Fairness;

/// <summary>The groups of one feature (or intersection) of a regression evaluation, with the error gaps between them.</summary>
public sealed record RegressionGroupingReport
{
    /// <summary>The grouping's name: the feature name, or the names joined by <c> &amp; </c>.</summary>
    public required string Name { get; init; }

    /// <summary>The features crossed to make the groups.</summary>
    public required ImmutableArray<string> Features { get; init; }

    /// <summary>Every group with at least one row.</summary>
    public required ImmutableArray<RegressionGroupMetrics> Groups { get; init; }

    /// <summary>
    /// The gaps, max - min over groups: <c>mean_absolute_error_difference</c>, <c>root_mean_squared_error_difference</c>
    /// and <c>mean_residual_difference</c>.
    /// </summary>
    public required ImmutableArray<MetricEstimate> Aggregates { get; init; }

    /// <summary>An aggregate by name.</summary>
    /// <param name="name">A name from <see cref="FairnessMetricNames"/>.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="KeyNotFoundException">When there is no such aggregate.</exception>
    public MetricEstimate Aggregate(string name) =>
        Aggregates.FirstOrDefault(a => a.Name == name) ?? throw new KeyNotFoundException($"There is no aggregate '{name}'.");

    /// <summary>A group by label.</summary>
    /// <param name="group">The group's label.</param>
    /// <returns>The group.</returns>
    /// <exception cref="KeyNotFoundException">When there is no such group.</exception>
    public RegressionGroupMetrics Group(string group) =>
        Groups.FirstOrDefault(g => g.Group == group) ?? throw new KeyNotFoundException($"Grouping '{Name}' has no group '{group}'.");
}
