namespace Rampart.ML.Onnx.Model;

/// <summary>ModelProto: the subset of fields Rampart reads and writes.</summary>
internal sealed class ModelProto
{
    public long IrVersion { get; set; }

    public List<OperatorSetId> OpsetImport { get; } = [];

    public string ProducerName { get; set; } = string.Empty;

    public string ProducerVersion { get; set; } = string.Empty;

    public string Domain { get; set; } = string.Empty;

    public long ModelVersion { get; set; }

    public string DocString { get; set; } = string.Empty;

    public GraphProto? Graph { get; set; }

    public List<KeyValuePair<string, string>> MetadataProps { get; } = [];

    /// <summary>Number of model-local functions (FunctionProto), which the interpreter refuses.</summary>
    public int FunctionCount { get; set; }

    /// <summary>Number of TrainingInfoProto entries (ignored for inference).</summary>
    public int TrainingInfoCount { get; set; }
}
