namespace Rampart.ML.Onnx.Model;

/// <summary>AttributeProto.</summary>
internal sealed class AttributeProto
{
    public string Name { get; set; } = string.Empty;

    public string RefAttrName { get; set; } = string.Empty;

    public AttributeType Type { get; set; }

    public float F { get; set; }

    public long I { get; set; }

    public byte[] S { get; set; } = [];

    public TensorProto? T { get; set; }

    public GraphProto? G { get; set; }

    public List<float> Floats { get; } = [];

    public List<long> Ints { get; } = [];

    public List<byte[]> Strings { get; } = [];

    public List<TensorProto> Tensors { get; } = [];

    public List<GraphProto> Graphs { get; } = [];

    /// <summary>Whether a sparse tensor or type proto value was present (refused by the interpreter).</summary>
    public bool HasUnsupportedValue { get; set; }
}
