namespace Rampart.Evaluation.Fairness;

/// <summary>How a threshold bounds a metric.</summary>
public enum ThresholdDirection
{
    /// <summary>Passes when |value| ≤ threshold (differences and inequality indices; signed AIF360 differences by magnitude).</summary>
    AtMost,

    /// <summary>Passes when value ≥ threshold (fairlearn ratios, which are at most 1).</summary>
    AtLeast,

    /// <summary>Passes when threshold ≤ value ≤ 1 / threshold (signed AIF360 ratios, which may exceed 1).</summary>
    Within,
}
