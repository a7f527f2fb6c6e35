namespace Rampart.ML.Onnx.Model;

/// <summary>GraphProto.</summary>
internal sealed class GraphProto
{
    public List<NodeProto> Nodes { get; } = [];

    public string Name { get; set; } = string.Empty;

    public List<TensorProto> Initializers { get; } = [];

    /// <summary>Number of sparse initializers, which the interpreter refuses.</summary>
    public int SparseInitializerCount { get; set; }

    public string DocString { get; set; } = string.Empty;

    public List<ValueInfoProto> Inputs { get; } = [];

    public List<ValueInfoProto> Outputs { get; } = [];

    public List<ValueInfoProto> ValueInfo { get; } = [];
}
