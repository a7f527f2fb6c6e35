using System.Collections.Immutable;

namespace Rampart.ML.Onnx;

/// <summary>What an <see cref="OnnxPredictor"/> found in its model: provenance, the chosen input and output, and how the output is read.</summary>
public sealed record OnnxModelInfo
{
    /// <summary>Lower-case hex SHA-256 of the model file's bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>ModelProto.ir_version.</summary>
    public required long IrVersion { get; init; }

    /// <summary>The imported ai.onnx operator-set version.</summary>
    public required long OpsetVersion { get; init; }

    /// <summary>ModelProto.producer_name and producer_version, e.g. "pytorch 2.1".</summary>
    public required string Producer { get; init; }

    /// <summary>The graph input fed with the feature rows.</summary>
    public required string InputName { get; init; }

    /// <summary>The input's shape, with "N" for the batch dimension.</summary>
    public required string InputShape { get; init; }

    /// <summary>The graph output read as the prediction.</summary>
    public required string OutputName { get; init; }

    /// <summary>How that output is read.</summary>
    public required OnnxOutputMode OutputMode { get; init; }

    /// <summary>Number of nodes in the graph.</summary>
    public required int NodeCount { get; init; }

    /// <summary>The distinct operators used, sorted.</summary>
    public required ImmutableArray<string> Operators { get; init; }

    /// <summary>Whether <see cref="OnnxPredictor.InputGradient"/> can be used, and if not, why not (null when it can).</summary>
    public string? GradientUnavailableReason { get; init; }

    /// <summary>Human-readable notes, e.g. that a softmax was applied to logits.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>The model's metadata_props (Rampart's exports record the feature map, label and training seed there).</summary>
    public ImmutableSortedDictionary<string, string> Metadata { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Size of the model file in bytes (0 when loaded from memory without one).</summary>
    public long SizeBytes { get; init; }
}
