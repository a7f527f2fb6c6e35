using System.Collections.Immutable;

namespace Rampart.Evaluation.Explainability;

/// <summary>The permutation importance of one feature: baseline score minus the score with the feature permuted.</summary>
public sealed record FeatureImportance
{
    /// <summary>The feature's name.</summary>
    public required string Feature { get; init; }

    /// <summary>Mean importance over the repeats (scikit-learn's importances_mean).</summary>
    public required double Mean { get; init; }

    /// <summary>Population standard deviation over the repeats (scikit-learn's importances_std, ddof 0).</summary>
    public required double StandardDeviation { get; init; }

    /// <summary>Lower bound of the percentile interval over repeats (type-7 quantile at (1 − level)/2).</summary>
    public required double Lower { get; init; }

    /// <summary>Upper bound of the percentile interval over repeats (type-7 quantile at (1 + level)/2).</summary>
    public required double Upper { get; init; }

    /// <summary>The importance of each repeat, in order (scikit-learn's importances row).</summary>
    public required ImmutableArray<double> Repeats { get; init; }
}

/// <summary>The result of <see cref="PermutationImportance.ComputeAsync"/>.</summary>
public sealed record PermutationImportanceResult
{
    /// <summary>The score used.</summary>
    public required ImportanceScoring Scoring { get; init; }

    /// <summary>The score on the unpermuted rows.</summary>
    public required double BaselineScore { get; init; }

    /// <summary>One entry per feature, in feature order.</summary>
    public required ImmutableArray<FeatureImportance> Features { get; init; }

    /// <summary>The interval level.</summary>
    public required double IntervalLevel { get; init; }

    /// <summary>Model rows evaluated.</summary>
    public required long ModelEvaluations { get; init; }
}
