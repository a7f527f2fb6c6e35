namespace Rampart.Evaluation.Explainability;

/// <summary>Settings of <see cref="PermutationImportance"/>.</summary>
public sealed record PermutationImportanceOptions
{
    /// <summary>Permutations per feature (scikit-learn's n_repeats). Default 5.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Seed of the permutations. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The score; <c>null</c> (default) for scikit-learn's estimator.score: accuracy for a classifier, R² for a regressor.</summary>
    public ImportanceScoring? Scoring { get; init; }

    /// <summary>For regression scores, the output column compared with the labels. Default 0.</summary>
    public int OutputColumn { get; init; }

    /// <summary>Level of the percentile interval over repeats. Default 0.95.</summary>
    public double IntervalLevel { get; init; } = 0.95;
}
