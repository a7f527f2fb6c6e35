using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.Keras;

/// <summary>Rules of the Keras scanners: configurations, HDF5 files and TF-Keras metadata (<c>RMP-MF-700</c> to <c>RMP-MF-799</c>).</summary>
public static class KerasRules
{
    /// <summary>Marshalled Python bytecode in a Lambda.</summary>
    public static readonly ScanRule LambdaBytecode = new()
    {
        Id = "RMP-MF-701",
        Name = "KerasLambdaBytecode",
        Summary = "A Lambda layer (or a Keras 3 __lambda__ object) carries marshalled Python bytecode, which the loader turns into a function and runs (CVE-2024-3660).",
        Help = "Do not load the model. Rebuild it without Lambda layers (write a custom layer class instead) or review the bytecode's source.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>A Lambda layer whose function is not understood.</summary>
    public static readonly ScanRule LambdaLayer = new()
    {
        Id = "RMP-MF-702",
        Name = "KerasLambdaLayer",
        Summary = "A Lambda layer wraps a Python callable that is neither bytecode nor a standard Keras function (a custom function, or a form Rampart does not recognise).",
        Help = "Find out which function the layer calls; loading it needs that function as a custom object.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A module outside Keras.</summary>
    public static readonly ScanRule ExternalCallable = new()
    {
        Id = "RMP-MF-703",
        Name = "KerasExternalCallable",
        Summary = "The configuration names a Python module outside Keras (or a TensorFlow API with side effects); Keras before 3.9 imports the module and calls the class or function named with it (CVE-2025-1550).",
        Help = "Do not load the model with Keras older than 3.9. If the module is your own package, review it and allow the exact module.name as a reviewed global (ScanOptions.AllowGlobals).",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>A reference to enable_unsafe_deserialization.</summary>
    public static readonly ScanRule UnsafeDeserializationToggle = new()
    {
        Id = "RMP-MF-704",
        Name = "KerasUnsafeDeserializationToggle",
        Summary = "The configuration refers to keras.config.enable_unsafe_deserialization; calling it while loading turns safe mode off for the rest of the load (CVE-2025-9906).",
        Help = "Do not load the model. No genuine model configuration refers to this function.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>A Keras function that downloads, reads or writes files.</summary>
    public static readonly ScanRule FileAccessFunction = new()
    {
        Id = "RMP-MF-705",
        Name = "KerasFileAccessFunction",
        Summary = "The configuration calls a Keras function that downloads, reads or writes files or loads another model (keras.utils.get_file, load_model...) (CVE-2025-8747).",
        Help = "Do not load the model. Layers and activations have no reason to download or load files.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>A TorchModuleWrapper layer.</summary>
    public static readonly ScanRule TorchModuleWrapper = new()
    {
        Id = "RMP-MF-706",
        Name = "KerasTorchModuleWrapper",
        Summary = "A TorchModuleWrapper layer embeds a torch.save() payload that Keras restores with torch.load, which unpickles it (CVE-2025-49655).",
        Help = "Do not load the model unless the embedded PyTorch module is trusted; Rampart also scans the embedded payload when it can decode it.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>A dunder name.</summary>
    public static readonly ScanRule DunderReference = new()
    {
        Id = "RMP-MF-707",
        Name = "KerasDunderReference",
        Summary = "The configuration names a Python special attribute (__class__, __import__, __globals__...) or an unknown __marker__ class; genuine configurations use only Keras's own serialization markers.",
        Help = "Do not load the model; special names are used to reach interpreter internals.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>A custom object.</summary>
    public static readonly ScanRule CustomObject = new()
    {
        Id = "RMP-MF-708",
        Name = "KerasCustomObject",
        Summary = "The configuration uses a class or function that is not a standard Keras object; loading it needs custom code.",
        Help = "Review the custom object's code before loading. With --strict this finding is dangerous; objects from Keras extension packages (keras_hub, keras_nlp, keras_cv) are informational.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>The configuration is not valid JSON.</summary>
    public static readonly ScanRule ConfigMalformed = new()
    {
        Id = "RMP-MF-709",
        Name = "KerasConfigMalformed",
        Summary = "The Keras configuration is not valid JSON (or not text), so Keras cannot load it or may read it differently from the scanner.",
        Help = "Regenerate the model with Keras; do not load a file that fails here.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>A JSON object with a repeated key.</summary>
    public static readonly ScanRule ConfigDuplicateKey = new()
    {
        Id = "RMP-MF-710",
        Name = "KerasConfigDuplicateKey",
        Summary = "A JSON object in the configuration repeats a key; Python keeps the last value, other readers the first, so tools can disagree about what the model does.",
        Help = "Regenerate the configuration; Keras never writes repeated keys. Every value was analysed.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>The HDF5 structure is broken.</summary>
    public static readonly ScanRule Hdf5Malformed = new()
    {
        Id = "RMP-MF-711",
        Name = "Hdf5Malformed",
        Summary = "The HDF5 structure is broken: a signature, version, address or size is invalid, points beyond the file, or object header continuations loop.",
        Help = "Regenerate the file with h5py or Keras; do not load a file that fails here.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>An HDF5 variant the reader does not support.</summary>
    public static readonly ScanRule Hdf5Unsupported = new()
    {
        Id = "RMP-MF-712",
        Name = "Hdf5Unsupported",
        Summary = "The HDF5 file uses a feature Rampart's reader does not support (dense attribute storage, shared attribute messages, an unsupported datatype) or has no model configuration and no groups, so it cannot be shown safe.",
        Help = "Re-save the model in the Keras 3 .keras format or as SafeTensors weights, or review it by other means.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>Weights only.</summary>
    public static readonly ScanRule Hdf5WeightsOnly = new()
    {
        Id = "RMP-MF-713",
        Name = "Hdf5WeightsOnly",
        Summary = "The HDF5 file has no Keras model configuration, only groups of weights (save_weights output, or model.weights.h5 in a .keras archive); loading it runs no model code.",
        Help = "Nothing to fix; the architecture comes from elsewhere (code or config.json), which must be checked on its own.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>keras_metadata.pb is broken.</summary>
    public static readonly ScanRule MetadataMalformed = new()
    {
        Id = "RMP-MF-714",
        Name = "KerasMetadataMalformed",
        Summary = "keras_metadata.pb breaks the protobuf wire format (truncated, lengths beyond the data, bad tags), so TF-Keras may read it differently from the scanner.",
        Help = "Re-save the model; do not load a file that fails here.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Every Keras rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        LambdaBytecode, LambdaLayer, ExternalCallable, UnsafeDeserializationToggle, FileAccessFunction, TorchModuleWrapper,
        DunderReference, CustomObject, ConfigMalformed, ConfigDuplicateKey, Hdf5Malformed, Hdf5Unsupported, Hdf5WeightsOnly,
        MetadataMalformed,
    ];
}
