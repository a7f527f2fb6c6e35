using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>Rules of the TensorFlow SavedModel scanner (<c>RMP-MF-800</c> to <c>RMP-MF-899</c>).</summary>
public static class TensorFlowRules
{
    /// <summary>An operator that runs Python code.</summary>
    public static readonly ScanRule CodeExecutionOp = new()
    {
        Id = "RMP-MF-801",
        Name = "TensorFlowCodeExecutionOp",
        Summary = "The graph contains an operator that calls back into Python (PyFunc, PyFuncStateless, EagerPyFunc); running the graph runs Python code.",
        Help = "Do not serve the model. Re-export it without tf.py_function / tf.numpy_function, or review the Python code it expects.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>An operator that touches files or the network.</summary>
    public static readonly ScanRule FileOrNetworkOp = new()
    {
        Id = "RMP-MF-802",
        Name = "TensorFlowFileOrNetworkOp",
        Summary = "The graph contains an operator that reads, writes or lists files, or talks to another host, when the graph runs.",
        Help = "A served model has no reason to touch files or the network. Find out why the operator is there; re-export the model without it.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>An operator with a side effect that is not proven harmful.</summary>
    public static readonly ScanRule SideEffectOp = new()
    {
        Id = "RMP-MF-803",
        Name = "TensorFlowSideEffectOp",
        Summary = "The graph contains an operator with an effect outside the computation (printing, debugger hooks, aborting the process).",
        Help = "Review why the operator is in an exported model; debugging and printing operators are usually left over from development.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>An operator that is not a standard TensorFlow operator.</summary>
    public static readonly ScanRule UnknownOp = new()
    {
        Id = "RMP-MF-804",
        Name = "TensorFlowUnknownOp",
        Summary = "The graph uses an operator that is neither a standard TensorFlow operator nor a function of the graph's library; loading it needs a custom-operator library (native code).",
        Help = "Find the library that registers the operator and review it before loading it with tf.load_op_library. With --strict this finding is dangerous.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A checkpoint operator outside the standard saver.</summary>
    public static readonly ScanRule CheckpointOpOutsideSaver = new()
    {
        Id = "RMP-MF-805",
        Name = "TensorFlowCheckpointOpOutsideSaver",
        Summary = "A checkpoint operator (SaveV2, RestoreV2, MergeV2Checkpoints, ShardedFilename...) appears outside the standard saver subgraph and saver functions; it can read or write files at paths the graph chooses.",
        Help = "Exported models save and restore variables only through the saver. Review the node; re-export the model if it is not the saver's.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>The protobuf is broken.</summary>
    public static readonly ScanRule ProtobufMalformed = new()
    {
        Id = "RMP-MF-806",
        Name = "TensorFlowProtobufMalformed",
        Summary = "The SavedModel protobuf breaks the wire format (truncated, lengths beyond the data, bad tags or wire types) or misses required parts, so TensorFlow may read it differently from the scanner.",
        Help = "Re-export the model with TensorFlow; do not load a file that fails here.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>The variables index is not a TensorFlow table.</summary>
    public static readonly ScanRule VariablesMalformed = new()
    {
        Id = "RMP-MF-807",
        Name = "SavedModelVariablesMalformed",
        Summary = "The SavedModel's variables/variables.index is not a TensorFlow table file (too short, or the footer magic number is wrong).",
        Help = "Re-export the model; a genuine index ends with the table magic number 0xdb4775248b80fb57.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Every TensorFlow rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        CodeExecutionOp, FileOrNetworkOp, SideEffectOp, UnknownOp, CheckpointOpOutsideSaver, ProtobufMalformed, VariablesMalformed,
    ];
}
