using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Fairness;

/// <summary>The groups of one sensitive feature, or of the intersection of several, with the aggregates comparing them.</summary>
public sealed record GroupingReport
{
    /// <summary>The grouping's name: the feature name, or the feature names joined by <c> &amp; </c>.</summary>
    public required string Name { get; init; }

    /// <summary>The features crossed to make the groups.</summary>
    public required ImmutableArray<string> Features { get; init; }

    /// <summary>Every group with at least one row, in feature-value order.</summary>
    public required ImmutableArray<GroupMetrics> Groups { get; init; }

    /// <summary>The privileged group of the AIF360 metrics (compared with every other row pooled).</summary>
    public required string PrivilegedGroup { get; init; }

    /// <summary>How <see cref="PrivilegedGroup"/> was chosen: <c>given</c>, or <c>largest group</c> when the options name none.</summary>
    public required string PrivilegedChosenBy { get; init; }

    /// <summary>Every aggregate, in a fixed order (fairlearn, then AIF360, then inequality indices).</summary>
    public required ImmutableArray<MetricEstimate> Aggregates { get; init; }

    /// <summary>An aggregate by name.</summary>
    /// <param name="name">A name from <see cref="FairnessMetricNames"/>.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="KeyNotFoundException">When there is no aggregate of that name.</exception>
    public MetricEstimate Aggregate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var estimate in Aggregates)
        {
            if (estimate.Name == name)
            {
                return estimate;
            }
        }

        throw new KeyNotFoundException($"There is no aggregate '{name}'.{Suggestions.DidYouMean(name, Aggregates.Select(a => a.Name))}");
    }

    /// <summary>A group by label.</summary>
    /// <param name="group">The group's label (<see cref="GroupMetrics.Group"/>).</param>
    /// <returns>The group.</returns>
    /// <exception cref="KeyNotFoundException">When there is no such group.</exception>
    public GroupMetrics Group(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Groups.FirstOrDefault(g => g.Group == group)
            ?? throw new KeyNotFoundException($"Grouping '{Name}' has no group '{group}'.{Suggestions.DidYouMean(group, Groups.Select(g => g.Group))}");
    }
}
