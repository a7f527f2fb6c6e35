using System.Collections.Immutable;

namespace Rampart.ModelFiles.SafeTensors;

/// <summary>One tensor entry of a SafeTensors header.</summary>
internal sealed record TensorEntry
{
    /// <summary>The tensor's name (its JSON key).</summary>
    public required string Name { get; init; }

    /// <summary>The dtype name.</summary>
    public required string Dtype { get; init; }

    /// <summary>Bits per element.</summary>
    public required int Bits { get; init; }

    /// <summary>The dimensions.</summary>
    public required ImmutableArray<ulong> Shape { get; init; }

    /// <summary>First byte, relative to the byte buffer.</summary>
    public required ulong Begin { get; init; }

    /// <summary>End (exclusive), relative to the byte buffer.</summary>
    public required ulong End { get; init; }

    /// <summary>File offset of the entry's key in the header.</summary>
    public required long HeaderOffset { get; init; }
}
