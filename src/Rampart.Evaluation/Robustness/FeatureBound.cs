namespace Rampart.Evaluation.Robustness;

/// <summary>The plausible range of one feature; perturbed values are clipped into it.</summary>
/// <param name="Feature">The feature index.</param>
/// <param name="Min">The smallest plausible value (may be negative infinity).</param>
/// <param name="Max">The largest plausible value (may be positive infinity); at least <paramref name="Min"/>.</param>
public sealed record FeatureBound(int Feature, double Min, double Max);
