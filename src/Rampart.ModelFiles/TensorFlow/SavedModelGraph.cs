namespace Rampart.ModelFiles.TensorFlow;

/// <summary>What a SavedModel protobuf holds, as far as the scanner needs it.</summary>
internal sealed class SavedModelGraph
{
    /// <summary>Every node of every meta graph and library function, in file order.</summary>
    public List<GraphNode> Nodes { get; } = [];

    /// <summary>Names of the library functions (nodes may call them by name).</summary>
    public HashSet<string> Functions { get; } = new(StringComparer.Ordinal);

    /// <summary>How many MetaGraphDefs the file has.</summary>
    public int MetaGraphs { get; set; }

    /// <summary>The TensorFlow version recorded in the first meta graph, or <c>null</c>.</summary>
    public string? TensorFlowVersion { get; set; }

    /// <summary>
    /// Non-empty <c>SavedUserObject.metadata</c> strings of the object graph: TF 2.0 to 2.4 stored each Keras
    /// object's JSON (class_name, config) there before keras_metadata.pb existed.
    /// </summary>
    public List<(byte[] Json, long Offset, string Identifier)> UserObjectMetadata { get; } = [];

    /// <summary>Bytes of <see cref="UserObjectMetadata"/> so far.</summary>
    public long UserObjectMetadataBytes { get; set; }
}
