using System.Collections.Immutable;

namespace Rampart.Evaluation.Fairness;

/// <summary>The fairness of a regression model's predictions: error metrics per group and the gaps between groups.</summary>
public sealed record RegressionFairnessReport
{
    /// <summary>Number of rows evaluated.</summary>
    public required int RowCount { get; init; }

    /// <summary>The metrics of all rows.</summary>
    public required RegressionGroupMetrics Overall { get; init; }

    /// <summary>One grouping per sensitive feature, then (when enabled) their intersection.</summary>
    public required ImmutableArray<RegressionGroupingReport> Groupings { get; init; }

    /// <summary>Verdicts for the regression threshold keys the policy sets (none are on by default).</summary>
    public required ImmutableArray<ThresholdVerdict> Verdicts { get; init; }

    /// <summary>Small-group warnings.</summary>
    public required ImmutableArray<FairnessWarning> Warnings { get; init; }

    /// <summary><c>true</c> when no verdict failed.</summary>
    public bool Passed => Verdicts.All(v => v.Outcome != VerdictOutcome.Fail);

    /// <summary>A grouping by name.</summary>
    /// <param name="name">The feature name, or the names joined by <c> &amp; </c>.</param>
    /// <returns>The grouping.</returns>
    /// <exception cref="KeyNotFoundException">When there is no such grouping.</exception>
    public RegressionGroupingReport Grouping(string name) =>
        Groupings.FirstOrDefault(g => g.Name == name) ?? throw new KeyNotFoundException($"There is no grouping '{name}'.");
}
