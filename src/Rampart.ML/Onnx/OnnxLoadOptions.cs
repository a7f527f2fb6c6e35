namespace Rampart.ML.Onnx;

/// <summary>Safety limits applied while reading an ONNX model. Every limit is checked before memory is allocated for it.</summary>
public sealed record OnnxLoadOptions
{
    /// <summary>The default limits.</summary>
    public static OnnxLoadOptions Default { get; } = new();

    /// <summary>Largest model file accepted, in bytes (default 2 GiB - 1, the protobuf limit).</summary>
    public long MaxFileBytes { get; init; } = int.MaxValue;

    /// <summary>Deepest nesting of protobuf messages (default 64; graphs inside attributes count).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes in one graph (default 100,000).</summary>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>Most elements in one tensor (default 2^28 = 268,435,456).</summary>
    public long MaxTensorElements { get; init; } = 1L << 28;

    /// <summary>Most bytes in one tensor's data (default 1 GiB).</summary>
    public long MaxTensorBytes { get; init; } = 1L << 30;

    /// <summary>Checks the limits are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a limit is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTensorElements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTensorBytes);
    }
}
