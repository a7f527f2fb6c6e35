namespace Rampart.ModelFiles.Onnx;

/// <summary>What the scanner keeps of a TensorProto: its metadata and where its data fields are, not the data.</summary>
internal sealed class TensorSummary
{
    /// <summary>Where the tensor message starts.</summary>
    public required long Offset { get; init; }

    /// <summary>The tensor's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Dimensions as written (may be negative when invalid).</summary>
    public List<long> Dims { get; } = [];

    /// <summary>data_type.</summary>
    public int DataType { get; set; }

    /// <summary>data_location (1 = EXTERNAL).</summary>
    public int DataLocation { get; set; }

    /// <summary>The last raw_data field: content offset and length.</summary>
    public (long Offset, long Length)? RawData { get; set; }

    /// <summary>Every occurrence of a typed data field: field number, wire type, content offset and length.</summary>
    public List<(int Field, int Wire, long Offset, long Length)> Typed { get; } = [];

    /// <summary>external_data entries in order.</summary>
    public List<KeyValuePair<string, string>> ExternalData { get; } = [];
}
