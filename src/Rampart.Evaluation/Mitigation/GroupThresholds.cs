using System.Collections.Immutable;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// The randomized decision rule of one group in a <see cref="ThresholdPolicy"/> (fairlearn's interpolation dict):
/// with probability <see cref="IgnoreProbability"/> the score is ignored and the decision is 1 with probability
/// <see cref="ConstantProbability"/>; otherwise the decision is <c>score &gt; Threshold0</c> with probability
/// <see cref="Probability0"/> and <c>score &gt; Threshold1</c> with probability 1 − <see cref="Probability0"/>.
/// </summary>
public sealed record GroupThresholds
{
    /// <summary>The group's label: its values joined by <c> &amp; </c>.</summary>
    public required string Group { get; init; }

    /// <summary>The group's value of each sensitive feature, in the policy's feature order.</summary>
    public required ImmutableArray<string> Values { get; init; }

    /// <summary>The first threshold: select when the score is strictly above it. +∞ selects nobody, −∞ everybody.</summary>
    public required double Threshold0 { get; init; }

    /// <summary>The second threshold (the hull point to the right of the target): select when the score is strictly above it.</summary>
    public required double Threshold1 { get; init; }

    /// <summary>The probability of using <see cref="Threshold0"/> (fairlearn's p0), from 0 to 1.</summary>
    public required double Probability0 { get; init; }

    /// <summary>The probability of ignoring the score (fairlearn's p_ignore; only equalized odds uses it), from 0 to 1.</summary>
    public double IgnoreProbability { get; init; }

    /// <summary>When the score is ignored, the probability of deciding 1 (fairlearn's prediction_constant), from 0 to 1.</summary>
    public double ConstantProbability { get; init; }

    /// <summary>Rows of the group in the data the policy was fitted on.</summary>
    public required long Count { get; init; }

    /// <summary>The probability that this rule decides 1 for a score.</summary>
    /// <param name="score">The score.</param>
    /// <returns>P(ŷ = 1 | score).</returns>
    public double PositiveProbability(double score) =>
        (IgnoreProbability * ConstantProbability)
        + ((1 - IgnoreProbability) * ((Probability0 * (score > Threshold0 ? 1 : 0)) + ((1 - Probability0) * (score > Threshold1 ? 1 : 0))));

    /// <summary>The decision for a score and one uniform draw, so that a served decision can be replayed from the draw.</summary>
    /// <param name="score">The score.</param>
    /// <param name="uniform">A uniform number in [0, 1).</param>
    /// <returns><c>true</c> for ŷ = 1.</returns>
    public bool Decide(double score, double uniform)
    {
        if (uniform < IgnoreProbability)
        {
            return uniform < IgnoreProbability * ConstantProbability;
        }

        var rest = IgnoreProbability >= 1 ? 0 : (uniform - IgnoreProbability) / (1 - IgnoreProbability);
        return score > (rest < Probability0 ? Threshold0 : Threshold1);
    }
}
