using System.Collections.Immutable;
using Rampart.ML.Predictors;

namespace Rampart.ML.Onnx;

/// <summary>Options for <see cref="OnnxPredictor"/>.</summary>
public sealed record OnnxPredictorOptions
{
    /// <summary>Safety limits for reading the model (default <see cref="OnnxLoadOptions.Default"/>).</summary>
    public OnnxLoadOptions Load { get; init; } = OnnxLoadOptions.Default;

    /// <summary>The most rows that may be queried, or null for no limit (default).</summary>
    public long? QueryBudget { get; init; }

    /// <summary>The output to read; null applies the documented rule (see <see cref="OnnxPredictor"/>).</summary>
    public string? OutputName { get; init; }

    /// <summary>Forces classification or regression; null infers it from the output (see <see cref="OnnxPredictor"/>).</summary>
    public PredictionKind? Kind { get; init; }

    /// <summary>Class labels in output column order; empty gives "0", "1", ...</summary>
    public ImmutableArray<string> ClassLabels { get; init; } = [];

    /// <summary>Feature names, for reports.</summary>
    public ImmutableArray<string> FeatureNames { get; init; } = [];
}
