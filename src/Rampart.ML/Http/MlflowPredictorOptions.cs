using Rampart.Diagnostics;

namespace Rampart.ML.Http;

/// <summary>Settings of an <see cref="MlflowPredictor"/>: a model served by <c>mlflow models serve</c> (or a compatible server).</summary>
public sealed record MlflowPredictorOptions : HttpPredictorOptions
{
    /// <summary>
    /// Features per row. Required unless <see cref="HttpPredictorOptions.FeatureNames"/> is set; the columns sent are
    /// the feature names, or <c>"0"</c>, <c>"1"</c>, ... without them.
    /// </summary>
    public int? FeatureCount { get; init; }

    /// <summary>
    /// The key holding the scores when predictions are records (objects); <c>null</c> (the default) tries
    /// <c>probabilities</c> then <c>probability</c>, then the class labels as keys, then every property in order.
    /// </summary>
    public string? OutputKey { get; init; }

    /// <inheritdoc/>
    private protected override void AddProblems(List<Problem> problems)
    {
        base.AddProblems(problems);
        if (FeatureCount is < 1)
        {
            Add(problems, nameof(FeatureCount), $"must be at least 1, not {FeatureCount}.");
        }

        if (FeatureCount is null && FeatureNames.IsDefaultOrEmpty)
        {
            Add(problems, nameof(FeatureCount), $"is required when {nameof(FeatureNames)} is not set.");
        }

        if (FeatureCount is { } count && !FeatureNames.IsDefaultOrEmpty && FeatureNames.Length != count)
        {
            Add(problems, nameof(FeatureNames), $"has {FeatureNames.Length} names but {nameof(FeatureCount)} is {count}.");
        }

        if (OutputCount is null && ClassLabels.IsDefaultOrEmpty)
        {
            Add(problems, nameof(OutputCount), $"is required when {nameof(ClassLabels)} is not set (MLflow does not publish its output width).");
        }

        if (OutputKey is not null && string.IsNullOrWhiteSpace(OutputKey))
        {
            Add(problems, nameof(OutputKey), "must not be blank when set.");
        }
    }
}
