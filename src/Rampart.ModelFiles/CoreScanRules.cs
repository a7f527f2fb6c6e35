using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles;

/// <summary>Rules the scanner itself reports, whatever the format (<c>RMP-MF-001</c> to <c>RMP-MF-099</c>).</summary>
public static class CoreScanRules
{
    /// <summary>The content matches no format the scanner knows.</summary>
    public static readonly ScanRule UnknownFormat = new()
    {
        Id = "RMP-MF-001",
        Name = "UnknownFormat",
        Summary = "The file's content matches no model, archive or text format the scanner knows, so it cannot be shown safe.",
        Help = "Find out what produced the file. If a loader reads it, convert the model to a format Rampart analyses (SafeTensors, ONNX), or exclude the file with --exclude after review.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>A size, depth, count or time limit was reached.</summary>
    public static readonly ScanRule LimitReached = new()
    {
        Id = "RMP-MF-002",
        Name = "ScanLimitReached",
        Summary = "A scan limit (size, unpacked size, compression ratio, nesting depth, member count, opcode count, stack, memo or time) was reached before the file was fully analysed.",
        Help = "A legitimate model rarely reaches these limits; compression bombs and expansion attacks do. Inspect the file; if it is genuine, raise the limit deliberately.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>The scanner failed on the file (a bug).</summary>
    public static readonly ScanRule ScannerFailure = new()
    {
        Id = "RMP-MF-003",
        Name = "ScannerFailure",
        Summary = "The scanner failed while analysing the file, so the file is not shown safe.",
        Help = "Report the failure with the file if you can share it. Treat the file as unverified until it scans.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>The file could not be read.</summary>
    public static readonly ScanRule UnreadableFile = new()
    {
        Id = "RMP-MF-004",
        Name = "UnreadableFile",
        Summary = "The path could not be read as a regular file (missing, no permission, device, pipe or socket).",
        Help = "Check the path and its permissions; scan regular files only.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>Python source, bytecode or a native binary among model files.</summary>
    public static readonly ScanRule ExecutableCode = new()
    {
        Id = "RMP-MF-005",
        Name = "ExecutableCode",
        Summary = "The file is Python source, Python bytecode or a native executable or library; loaders that trust remote code, or custom-operator loaders, run it.",
        Help = "Review the code before anyone loads the model with remote code or custom operators enabled, or remove it from the model folder.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>The name's extension says one format and the content another.</summary>
    public static readonly ScanRule MisleadingExtension = new()
    {
        Id = "RMP-MF-006",
        Name = "MisleadingExtension",
        Summary = "The file's extension names one format but its content is another; scanners and people that trust extensions are misled.",
        Help = "Rename the file to match its content, and find out why it was named this way.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A symbolic link leads outside the scanned folder.</summary>
    public static readonly ScanRule LinkOutside = new()
    {
        Id = "RMP-MF-007",
        Name = "LinkOutsideScan",
        Summary = "A symbolic link leads outside the folder being scanned (or nowhere), so what a loader would read through it was not scanned.",
        Help = "Replace the link with the file it points to, or scan the target too.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>The file is empty.</summary>
    public static readonly ScanRule EmptyFile = new()
    {
        Id = "RMP-MF-008",
        Name = "EmptyFile",
        Summary = "The file is empty; no loader can run anything from it.",
        Help = "Nothing to fix unless a model was expected here.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>The data breaks its format (truncated, corrupt, inconsistent).</summary>
    public static readonly ScanRule Truncated = new()
    {
        Id = "RMP-MF-009",
        Name = "MalformedData",
        Summary = "The data breaks its format's rules (truncated, corrupt or inconsistent), so loaders may read it differently from the scanner.",
        Help = "Regenerate the file with the producing library; do not load a file that fails here.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>More than one loader interpretation of the same bytes.</summary>
    public static readonly ScanRule Polyglot = new()
    {
        Id = "RMP-MF-010",
        Name = "PolyglotFile",
        Summary = "The same bytes are valid in more than one format (for example a pickle that is also a zip archive); each interpretation was scanned.",
        Help = "Genuine model files have one format. Find out why this one has two.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A recognised format the scanner cannot analyse.</summary>
    public static readonly ScanRule UnsupportedFormat = new()
    {
        Id = "RMP-MF-011",
        Name = "UnsupportedFormat",
        Summary = "The format was recognised but Rampart cannot analyse it (or this variant of it), so the file is not shown safe.",
        Help = "Convert the model to a format Rampart analyses, or review it by other means and exclude it.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>More findings than the per-file limit.</summary>
    public static readonly ScanRule TooManyFindings = new()
    {
        Id = "RMP-MF-012",
        Name = "TooManyFindings",
        Summary = "The file produced more findings than the per-file limit; the rest were counted, not kept.",
        Help = "Fix the findings shown first; they are usually the same problem repeated.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>Every core rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        UnknownFormat, LimitReached, ScannerFailure, UnreadableFile, ExecutableCode, MisleadingExtension, LinkOutside,
        EmptyFile, Truncated, Polyglot, UnsupportedFormat, TooManyFindings,
    ];
}
