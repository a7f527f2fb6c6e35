using System.Collections.Immutable;

namespace Rampart.ML.Predictors;

/// <summary>Whether a model predicts classes or numbers.</summary>
public enum PredictionKind
{
    /// <summary>Class probabilities, one column per class.</summary>
    Classification,

    /// <summary>One score (or several targets) per row.</summary>
    Regression,
}

/// <summary>What a predictor takes and gives.</summary>
public sealed record PredictorInfo
{
    /// <summary>Number of input features per row.</summary>
    public required int FeatureCount { get; init; }

    /// <summary>Feature names, when known (empty otherwise).</summary>
    public ImmutableArray<string> FeatureNames { get; init; } = [];

    /// <summary>Classification or regression.</summary>
    public required PredictionKind Kind { get; init; }

    /// <summary>Class labels in output column order (classification), empty for regression.</summary>
    public ImmutableArray<string> ClassLabels { get; init; } = [];

    /// <summary>Number of output columns: the class count, or the number of regression targets.</summary>
    public required int OutputCount { get; init; }

    /// <summary>Where the model comes from (file path, URL, trainer name), for reports.</summary>
    public required string Source { get; init; }
}
