namespace Rampart.ML.Onnx.Model;

/// <summary>NodeProto.</summary>
internal sealed class NodeProto
{
    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public string Name { get; set; } = string.Empty;

    public string OpType { get; set; } = string.Empty;

    public string Domain { get; set; } = string.Empty;

    public List<AttributeProto> Attributes { get; } = [];

    public string DocString { get; set; } = string.Empty;

    /// <summary>How messages name this node: its name, or its operator and first output.</summary>
    public string Describe() =>
        Name.Length > 0
            ? $"node '{Name}' ({OpType})"
            : $"{OpType} node producing '{(Outputs.Count > 0 ? Outputs[0] : "?")}'";
}
