namespace Rampart.Evaluation.Fairness;

/// <summary>One metric of one grouping checked against one policy threshold.</summary>
public sealed record ThresholdVerdict
{
    /// <summary>The threshold key, for example <c>fairness.disparate_impact_ratio</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The metric checked.</summary>
    public required string Metric { get; init; }

    /// <summary>The grouping (feature or intersection) the metric belongs to, for example <c>sex</c> or <c>sex &amp; age_band</c>.</summary>
    public required string Grouping { get; init; }

    /// <summary>The threshold.</summary>
    public required double Threshold { get; init; }

    /// <summary>How the threshold bounds the metric.</summary>
    public required ThresholdDirection Direction { get; init; }

    /// <summary><c>true</c> when the threshold is a built-in default rather than set by the policy.</summary>
    public required bool IsDefault { get; init; }

    /// <summary>The metric with its interval.</summary>
    public required MetricEstimate Estimate { get; init; }

    /// <summary>The outcome, decided on the point estimate.</summary>
    public required VerdictOutcome Outcome { get; init; }

    /// <summary>
    /// <c>true</c> when the whole confidence interval lies on the same side of the threshold as the point estimate,
    /// <c>false</c> when the interval reaches the other side (the outcome may be sampling noise), <c>null</c> without an interval.
    /// </summary>
    public bool? IntervalAgrees { get; init; }

    /// <summary>One sentence for reports.</summary>
    public required string Message { get; init; }
}
