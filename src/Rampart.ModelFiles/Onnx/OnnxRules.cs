using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.Onnx;

/// <summary>Rules of the ONNX scanner (<c>RMP-MF-400</c> to <c>RMP-MF-499</c>).</summary>
public static class OnnxRules
{
    /// <summary>The protobuf data is broken.</summary>
    public static readonly ScanRule MalformedProtobuf = new()
    {
        Id = "RMP-MF-401",
        Name = "OnnxMalformedProtobuf",
        Summary = "The protobuf encoding of the model is broken: a length runs past its message, an invalid wire type or field number, an unclosed group, a truncated value, or no graph.",
        Help = "Do not load the file. Export the model again from its framework.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>ir_version outside the known range.</summary>
    public static readonly ScanRule IrVersion = new()
    {
        Id = "RMP-MF-402",
        Name = "OnnxIrVersion",
        Summary = "The model's ir_version is missing or outside the versions ONNX has defined (1 to 12), so runtimes refuse it or read it by different rules.",
        Help = "Export the model again with a released ONNX version.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>An operator domain is not imported, or an opset import is invalid.</summary>
    public static readonly ScanRule OpsetImport = new()
    {
        Id = "RMP-MF-403",
        Name = "OnnxOpsetImport",
        Summary = "A node uses an operator domain the model (or its function) does not import, or an opset import is duplicated or has an invalid version; the ONNX checker and runtimes refuse the model.",
        Help = "Export the model again; a hand-edited graph is the usual cause.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>The graph's data flow is broken.</summary>
    public static readonly ScanRule GraphTopology = new()
    {
        Id = "RMP-MF-404",
        Name = "OnnxGraphTopology",
        Summary = "The graph's data flow is invalid: a node input that nothing defines, an input produced by a later node (ONNX requires topological order; a cycle breaks it), a value produced twice, or a graph output nothing produces.",
        Help = "Do not load the file; runtimes may reject it or resolve names differently. Export the model again.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>A node of a custom operator domain.</summary>
    public static readonly ScanRule CustomOperator = new()
    {
        Id = "RMP-MF-405",
        Name = "OnnxCustomOperator",
        Summary = "A node uses an operator from a domain that is not part of ONNX (ai.onnx, ai.onnx.ml, ai.onnx.training, ai.onnx.preview.training); running it needs a custom-operator library, which is native or Python code outside the model file (dangerous in --strict mode).",
        Help = "Find out which library implements the domain and review it before registering it with the runtime.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A node runs Python code.</summary>
    public static readonly ScanRule PythonOperator = new()
    {
        Id = "RMP-MF-406",
        Name = "OnnxPythonOperator",
        Summary = "A node uses an operator that runs Python code when the model runs (PyOp of onnxruntime-extensions, PythonOp of onnxruntime training).",
        Help = "Do not run the model with the Python operator library registered unless you trust and have reviewed the Python functions it calls.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>Tensor data does not match its dims and data type.</summary>
    public static readonly ScanRule TensorData = new()
    {
        Id = "RMP-MF-407",
        Name = "OnnxTensorDataMismatch",
        Summary = "A tensor's data (raw_data or a typed field) does not have the size its dims and data_type need, holds more than one data field, uses a field that does not fit its type, or has invalid dims.",
        Help = "Do not load the file: runtimes that trust the dims read out of bounds or refuse the model. Export it again.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>External data path leaves the model folder.</summary>
    public static readonly ScanRule ExternalDataTraversal = new()
    {
        Id = "RMP-MF-408",
        Name = "OnnxExternalDataTraversal",
        Summary = "A tensor's external data location is absolute, climbs out of the model folder with '..', uses a drive letter or backslashes, or is a symbolic link whose real path leaves the folder, so loading the model reads an arbitrary file (CVE-2022-25882, CVE-2024-27318, CVE-2026-27489).",
        Help = "Do not load the model. External data must be a plain relative path to a file inside the model folder.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>External data cannot be read as declared.</summary>
    public static readonly ScanRule ExternalDataInvalid = new()
    {
        Id = "RMP-MF-409",
        Name = "OnnxExternalDataInvalid",
        Summary = "A tensor's external data is missing, not a regular file, has an invalid offset or length, runs past the end of its file, or does not have the size the tensor's dims and data type need.",
        Help = "Put the external data file beside the model, or export the model again.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>External data is a hard link.</summary>
    public static readonly ScanRule ExternalDataHardLink = new()
    {
        Id = "RMP-MF-410",
        Name = "OnnxExternalDataHardLink",
        Summary = "A tensor's external data file has more than one hard link, so it may be the same file as one outside the model folder; current onnx refuses it. Where the link count cannot be read, that is reported instead.",
        Help = "Replace the hard link with a copy of the data, and check what else links to the file.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>External data of a model that is not a file on disk.</summary>
    public static readonly ScanRule ExternalDataUnscannable = new()
    {
        Id = "RMP-MF-411",
        Name = "OnnxExternalDataUnscannable",
        Summary = "The model refers to external data but is not a file on disk (an archive member or a stream), so the external data cannot be located and checked.",
        Help = "Unpack the model with its external data files into a folder and scan the folder.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>Unknown keys in external data entries.</summary>
    public static readonly ScanRule ExternalDataKey = new()
    {
        Id = "RMP-MF-412",
        Name = "OnnxExternalDataKey",
        Summary = "A tensor's external_data has a key other than location, offset, length and checksum; onnx copies every key onto an object with setattr, so dunder keys overwrite its internals (CVE-2026-34445).",
        Help = "Do not load the model with an affected onnx version. Remove the extra keys.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>NaN, infinities or extreme values in float tensors (deep scan only).</summary>
    public static readonly ScanRule UnusualValues = new()
    {
        Id = "RMP-MF-413",
        Name = "OnnxUnusualValues",
        Summary = "A float, double, float16 or bfloat16 tensor holds NaN, infinite or extreme (magnitude above 1e30) values (checked with --deep only).",
        Help = "Trained weights are finite and moderate; such values mean a broken export, a corrupted file or a model built to fail or to overflow.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>Something runtimes accept but exporters do not write.</summary>
    public static readonly ScanRule Anomaly = new()
    {
        Id = "RMP-MF-414",
        Name = "OnnxAnomaly",
        Summary = "The model has something runtimes accept but exporters do not write: the graph field more than once (protobuf merges them), fields with unexpected wire types (ignored), an unknown data type, an opset newer than known, or oversized metadata.",
        Help = "Usually harmless; find out which tool wrote the model if you did not expect it.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>A node of onnxruntime's own contrib domains.</summary>
    public static readonly ScanRule RuntimeContribOperator = new()
    {
        Id = "RMP-MF-415",
        Name = "OnnxRuntimeContribOperator",
        Summary = "A node uses an operator of onnxruntime's built-in contrib domains (com.microsoft and related), which onnxruntime implements itself; other runtimes cannot run it.",
        Help = "Nothing to fix for onnxruntime. Other runtimes need the model exported without onnxruntime-specific optimisations.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>Every ONNX rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        MalformedProtobuf, IrVersion, OpsetImport, GraphTopology, CustomOperator, PythonOperator, TensorData,
        ExternalDataTraversal, ExternalDataInvalid, ExternalDataHardLink, ExternalDataUnscannable, ExternalDataKey,
        UnusualValues, Anomaly, RuntimeContribOperator,
    ];
}
