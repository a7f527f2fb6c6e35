namespace Rampart.ModelFiles.Onnx;

/// <summary>What the scanner keeps of an ONNX graph: names and structure, no tensor data.</summary>
internal sealed class GraphSummary
{
    /// <summary>A path for messages: <c>graph</c>, <c>graph/If_0.then_branch</c>, <c>function custom.Gelu</c>.</summary>
    public required string Path { get; set; }

    /// <summary>Where the graph message starts.</summary>
    public required long Offset { get; init; }

    /// <summary>The nodes in file order.</summary>
    public List<NodeSummary> Nodes { get; } = [];

    /// <summary>Graph input names.</summary>
    public List<string> Inputs { get; } = [];

    /// <summary>Graph output names.</summary>
    public List<string> Outputs { get; } = [];

    /// <summary>Initializer and sparse initializer names.</summary>
    public List<string> Initializers { get; } = [];
}

/// <summary>What the scanner keeps of a node.</summary>
internal sealed class NodeSummary
{
    /// <summary>Where the node message starts.</summary>
    public required long Offset { get; init; }

    /// <summary>The node's name (may be empty).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The operator.</summary>
    public string OpType { get; set; } = string.Empty;

    /// <summary>The operator's domain (<c>""</c> is the default ONNX domain).</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>Input names (empty string: optional input not given).</summary>
    public List<string> Inputs { get; } = [];

    /// <summary>Output names.</summary>
    public List<string> Outputs { get; } = [];

    /// <summary>Graphs in attributes (If, Loop, Scan bodies).</summary>
    public List<GraphSummary> Subgraphs { get; } = [];
}

/// <summary>What the scanner keeps of a model-local function.</summary>
internal sealed class FunctionSummary
{
    /// <summary>The function's body as a graph (its inputs are the function's inputs).</summary>
    public required GraphSummary Body { get; init; }

    /// <summary>The function name (the op_type nodes call it by).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The function's domain.</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>The function's own opset imports.</summary>
    public List<OpsetImport> Opsets { get; } = [];
}

/// <summary>An opset import.</summary>
/// <param name="Domain">The domain (<c>""</c> or <c>ai.onnx</c> for ONNX).</param>
/// <param name="Version">The opset version.</param>
/// <param name="Offset">Where the entry starts.</param>
internal sealed record OpsetImport(string Domain, long Version, long Offset);

/// <summary>What the scanner keeps of a model.</summary>
internal sealed class ModelSummary
{
    /// <summary>ir_version, or <c>null</c> when absent.</summary>
    public long? IrVersion { get; set; }

    /// <summary>Opset imports.</summary>
    public List<OpsetImport> Opsets { get; } = [];

    /// <summary>The main graph (all occurrences of the field merged, as protobuf does), or <c>null</c>.</summary>
    public GraphSummary? Graph { get; set; }

    /// <summary>How many times the graph field occurs.</summary>
    public int GraphFields { get; set; }

    /// <summary>Model-local functions.</summary>
    public List<FunctionSummary> Functions { get; } = [];

    /// <summary>Training graphs (initialization and algorithm).</summary>
    public List<GraphSummary> TrainingGraphs { get; } = [];
}
