using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.Gguf;

/// <summary>Rules of the GGUF scanner (<c>RMP-MF-600</c> to <c>RMP-MF-699</c>).</summary>
public static class GgufRules
{
    /// <summary>The magic, version or counts are not what ggml reads.</summary>
    public static readonly ScanRule InvalidHeader = Malformed(
        "RMP-MF-601",
        "GgufInvalidHeader",
        "The GGUF magic, version (1 is no longer read by ggml) or tensor and metadata counts are invalid, or the counts claim more entries than the file has bytes for.");

    /// <summary>A GGUF version newer than the scanner knows.</summary>
    public static readonly ScanRule UnsupportedVersion = new()
    {
        Id = "RMP-MF-602",
        Name = "GgufUnsupportedVersion",
        Summary = "The GGUF version is newer than 3, the latest the scanner (and ggml today) reads, so the file cannot be analysed.",
        Help = "Check which tool wrote the file; convert it with a current llama.cpp if it is genuine.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>A metadata value is invalid.</summary>
    public static readonly ScanRule InvalidMetadata = Malformed(
        "RMP-MF-603",
        "GgufInvalidMetadata",
        "A metadata value breaks the rules ggml enforces: unknown value type, bool other than 0 or 1, string not UTF-8 or longer than 1 GiB or the rest of the file, array longer than 2^30 elements or the rest of the file, or an array of arrays.");

    /// <summary>A metadata key appears twice.</summary>
    public static readonly ScanRule DuplicateKey = Malformed(
        "RMP-MF-604",
        "GgufDuplicateKey",
        "A metadata key appears twice; ggml refuses the file, other readers keep one of the two values.");

    /// <summary>Something ggml accepts but a well-formed file does not have.</summary>
    public static readonly ScanRule Anomaly = new()
    {
        Id = "RMP-MF-605",
        Name = "GgufAnomaly",
        Summary = "The file has something loaders accept but writers do not produce: a key that is not lower_snake_case dot-separated ASCII, a big-endian file, non-zero padding, or bytes after the last tensor.",
        Help = "Usually harmless; find out which tool wrote the file if you did not expect it.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary><c>general.alignment</c> is not a power-of-two u32.</summary>
    public static readonly ScanRule InvalidAlignment = Malformed(
        "RMP-MF-606",
        "GgufInvalidAlignment",
        "general.alignment is not a u32, or is zero or not a power of two; ggml refuses the file.");

    /// <summary>A tensor info is invalid.</summary>
    public static readonly ScanRule InvalidTensorInfo = Malformed(
        "RMP-MF-607",
        "GgufInvalidTensorInfo",
        "A tensor info is invalid: name of 64 bytes or more, duplicate name, more than 4 dimensions, a negative dimension, an element count or byte size that overflows, a removed or unknown ggml type, or a first dimension that is not a multiple of the type's block size.");

    /// <summary>Tensor data offsets or sizes do not fit the file.</summary>
    public static readonly ScanRule InvalidTensorLayout = Malformed(
        "RMP-MF-608",
        "GgufInvalidTensorLayout",
        "Tensor data offsets are not aligned, not in order and contiguous as ggml requires, or a tensor's data runs past the end of the file (the size lies behind CVE-2026-33298 and CVE-2026-7482).");

    /// <summary>A chat template holds template-injection or code patterns.</summary>
    public static readonly ScanRule ChatTemplateInjection = new()
    {
        Id = "RMP-MF-609",
        Name = "GgufChatTemplateInjection",
        Summary = "A chat template (tokenizer.chat_template) holds Jinja2 server-side template injection or code patterns (dunder attributes, attr filters, import, os, popen, eval, exec, subprocess, gadget objects); runtimes that render it without a sandbox run code (CVE-2024-34359).",
        Help = "Do not load the model in a runtime that renders its chat template. Replace the template with a reviewed one, or take the model from a trusted source.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>A float tensor holds NaN or infinities (deep scan only).</summary>
    public static readonly ScanRule NonFiniteValues = new()
    {
        Id = "RMP-MF-610",
        Name = "GgufNonFiniteValues",
        Summary = "An F32, F16, BF16 or F64 tensor holds NaN or infinite values (checked with --deep only).",
        Help = "Trained weights are finite; NaN or infinity means a broken conversion, a corrupted file or a model built to fail.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>Every GGUF rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        InvalidHeader, UnsupportedVersion, InvalidMetadata, DuplicateKey, Anomaly, InvalidAlignment, InvalidTensorInfo,
        InvalidTensorLayout, ChatTemplateInjection, NonFiniteValues,
    ];

    private static ScanRule Malformed(string id, string name, string summary) => new()
    {
        Id = id,
        Name = name,
        Summary = summary,
        Help = "Do not load the file: loaders that trust these values read out of bounds or allocate without limit. Convert the model again with a current llama.cpp from a trusted source.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };
}
