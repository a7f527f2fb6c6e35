namespace Rampart.Evaluation.Fairness;

/// <summary>
/// One metric's value, with the reason when it is undefined (never silently 0) and its bootstrap interval.
/// </summary>
public sealed record MetricEstimate
{
    /// <summary>The metric's stable name (see <see cref="FairnessMetricNames"/>), for example <c>true_positive_rate</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The point estimate; <see cref="double.NaN"/> when undefined.</summary>
    public required double Value { get; init; }

    /// <summary>Why the metric is undefined (for example "group 'a' has no rows with y = 1"); <c>null</c> when defined.</summary>
    public string? UndefinedReason { get; init; }

    /// <summary>A remark on how the value was obtained (for example which groups were left out); <c>null</c> when none.</summary>
    public string? Note { get; init; }

    /// <summary>The bootstrap interval; <c>null</c> when bootstrapping was off or no replicate defined the metric.</summary>
    public ConfidenceInterval? Interval { get; init; }

    /// <summary><c>true</c> when <see cref="Value"/> is a number.</summary>
    public bool IsDefined => !double.IsNaN(Value);
}
