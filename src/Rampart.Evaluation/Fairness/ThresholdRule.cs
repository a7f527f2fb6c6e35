namespace Rampart.Evaluation.Fairness;

/// <summary>One known policy threshold key: the metric it bounds, how, and its default.</summary>
public sealed record ThresholdRule
{
    /// <summary>The key in <c>policy.thresholds</c>, for example <c>fairness.demographic_parity_difference</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The aggregate metric it bounds (see <see cref="FairnessMetricNames"/>).</summary>
    public required string Metric { get; init; }

    /// <summary>How the threshold bounds the metric.</summary>
    public required ThresholdDirection Direction { get; init; }

    /// <summary>The threshold applied when the policy does not set the key; <c>null</c> when the key is off by default.</summary>
    public double? Default { get; init; }
}
