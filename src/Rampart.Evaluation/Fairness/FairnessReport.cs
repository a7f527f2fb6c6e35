using System.Collections.Immutable;

namespace Rampart.Evaluation.Fairness;

/// <summary>The fairness of a binary classifier's predictions: per group, per grouping, verdicts and warnings.</summary>
public sealed record FairnessReport
{
    /// <summary>Number of rows evaluated.</summary>
    public required int RowCount { get; init; }

    /// <summary>The metrics of all rows together.</summary>
    public required GroupMetrics Overall { get; init; }

    /// <summary>One grouping per sensitive feature, then (when enabled) the intersection of all of them.</summary>
    public required ImmutableArray<GroupingReport> Groupings { get; init; }

    /// <summary>Every active threshold checked on every grouping.</summary>
    public required ImmutableArray<ThresholdVerdict> Verdicts { get; init; }

    /// <summary>Small groups and groups with few positives or negatives.</summary>
    public required ImmutableArray<FairnessWarning> Warnings { get; init; }

    /// <summary>The options used (after defaults).</summary>
    public required FairnessOptions Options { get; init; }

    /// <summary><c>true</c> when no verdict failed (undefined verdicts do not fail).</summary>
    public bool Passed => Verdicts.All(v => v.Outcome != VerdictOutcome.Fail);

    /// <summary>A grouping by name.</summary>
    /// <param name="name">The feature name, or the names joined by <c> &amp; </c>.</param>
    /// <returns>The grouping.</returns>
    /// <exception cref="KeyNotFoundException">When there is no such grouping.</exception>
    public GroupingReport Grouping(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Groupings.FirstOrDefault(g => g.Name == name) ?? throw new KeyNotFoundException($"There is no grouping '{name}'.");
    }
}
