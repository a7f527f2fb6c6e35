namespace Rampart.ML.Onnx.Model;

/// <summary>TensorProto, with data kept as read (raw bytes or typed lists) until it is decoded under limits.</summary>
internal sealed class TensorProto
{
    public List<long> Dims { get; } = [];

    public int DataType { get; set; }

    public string Name { get; set; } = string.Empty;

    public byte[]? RawData { get; set; }

    public List<float> FloatData { get; } = [];

    public List<long> Int32Data { get; } = [];

    public List<byte[]> StringData { get; } = [];

    public List<long> Int64Data { get; } = [];

    public List<double> DoubleData { get; } = [];

    public List<long> UInt64Data { get; } = [];

    /// <summary>1 when the data lives in an external file (TensorProto.DataLocation.EXTERNAL).</summary>
    public int DataLocation { get; set; }

    public List<KeyValuePair<string, string>> ExternalData { get; } = [];

    public bool HasSegment { get; set; }
}
