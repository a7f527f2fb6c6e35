using Rampart.Diagnostics;

namespace Rampart.ML.Http;

/// <summary>Settings of a <see cref="KServeV2Predictor"/>: a model served over the KServe / Open Inference Protocol v2 REST API.</summary>
public sealed record KServeV2PredictorOptions : HttpPredictorOptions
{
    /// <summary>The model's name, as in <c>v2/models/{name}</c>. Required.</summary>
    public string? ModelName { get; init; }

    /// <summary>The model version, as in <c>v2/models/{name}/versions/{version}</c>; <c>null</c> (the default) lets the server choose.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>
    /// The output to read, by name; <c>null</c> (the default) chooses by rule: the only floating-point output of shape
    /// [N, C], else among several the only one whose name contains "prob", else the only 1-D floating-point output,
    /// else the only integer or boolean output of shape [N] or [N, 1] (a label-only model).
    /// </summary>
    public string? OutputName { get; init; }

    /// <summary>Features per row; required when the model's input has a variable second dimension, checked against it otherwise. <c>null</c> by default.</summary>
    public int? FeatureCount { get; init; }

    /// <inheritdoc/>
    private protected override void AddProblems(List<Problem> problems)
    {
        base.AddProblems(problems);
        if (string.IsNullOrWhiteSpace(ModelName))
        {
            Add(problems, nameof(ModelName), "is required.");
        }
        else if (ModelName.Contains('/', StringComparison.Ordinal))
        {
            Add(problems, nameof(ModelName), $"must not contain '/': '{ModelName}'.");
        }

        if (ModelVersion is not null && (ModelVersion.Length == 0 || ModelVersion.Contains('/', StringComparison.Ordinal)))
        {
            Add(problems, nameof(ModelVersion), $"must be non-empty without '/' when set, not '{ModelVersion}'.");
        }

        if (OutputName is not null && string.IsNullOrWhiteSpace(OutputName))
        {
            Add(problems, nameof(OutputName), "must not be blank when set.");
        }

        if (FeatureCount is < 1)
        {
            Add(problems, nameof(FeatureCount), $"must be at least 1, not {FeatureCount}.");
        }

        if (FeatureCount is { } count && !FeatureNames.IsDefaultOrEmpty && FeatureNames.Length != count)
        {
            Add(problems, nameof(FeatureNames), $"has {FeatureNames.Length} names but {nameof(FeatureCount)} is {count}.");
        }
    }
}
