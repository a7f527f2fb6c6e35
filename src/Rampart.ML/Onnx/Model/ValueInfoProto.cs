namespace Rampart.ML.Onnx.Model;

/// <summary>ValueInfoProto with its TypeProto flattened: a tensor type (element type and optional shape) or another kind.</summary>
internal sealed class ValueInfoProto
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The tensor element type, or 0 when unknown.</summary>
    public int ElementType { get; set; }

    /// <summary>Whether the TypeProto holds a tensor type (false for sequences, maps, optionals, sparse tensors).</summary>
    public bool IsTensor { get; set; } = true;

    /// <summary>The non-tensor kind ("sequence", "map", ...), for messages.</summary>
    public string? OtherKind { get; set; }

    /// <summary>The dimensions (value or symbolic name, null entries unknown), or null when no shape is given.</summary>
    public List<Dimension>? Shape { get; set; }

    public string DocString { get; set; } = string.Empty;
}
