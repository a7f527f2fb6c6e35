using Rampart.ML.Predictors;

namespace Rampart.ML.Http;

/// <summary>What a <see cref="KServeV2Predictor"/> sends and reads, settled from the model metadata and the options.</summary>
internal sealed record KServeV2Plan
{
    /// <summary>The input tensor's name.</summary>
    public required string InputName { get; init; }

    /// <summary>FP32, FP64, INT64 or BOOL.</summary>
    public required string InputDatatype { get; init; }

    /// <summary>The output tensor read.</summary>
    public required string OutputName { get; init; }

    /// <summary>Whether the output holds predicted class indices rather than scores.</summary>
    public required bool LabelOnly { get; init; }

    /// <summary>Rows per request: the batch size option, or less when the model fixes its batch dimension.</summary>
    public required int MaxRows { get; init; }

    /// <summary>What the predictor takes and gives.</summary>
    public required PredictorInfo Info { get; init; }
}
