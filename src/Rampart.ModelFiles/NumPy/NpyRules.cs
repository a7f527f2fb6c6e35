using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.NumPy;

/// <summary>Rules of the NumPy <c>.npy</c> scanner (<c>RMP-MF-300</c> to <c>RMP-MF-399</c>).</summary>
public static class NpyRules
{
    /// <summary>The magic, version, header length or header dict is not what numpy reads.</summary>
    public static readonly ScanRule InvalidHeader = new()
    {
        Id = "RMP-MF-301",
        Name = "NpyInvalidHeader",
        Summary = "The .npy magic, version, header length or header dictionary (descr, fortran_order, shape) is not what numpy.load accepts, or the array size overflows.",
        Help = "Do not load the file. Regenerate it with numpy.save from a trusted copy of the data.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>The header is longer than numpy reads without <c>allow_pickle</c>.</summary>
    public static readonly ScanRule LargeHeader = new()
    {
        Id = "RMP-MF-302",
        Name = "NpyLargeHeader",
        Summary = "The header is longer than 10,000 characters; numpy.load refuses it unless the caller raises max_header_size or passes allow_pickle=True.",
        Help = "Structured dtypes with very many fields legitimately need long headers. Otherwise find out why the header is so large, and never pass allow_pickle=True just to load it.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A header key appears twice.</summary>
    public static readonly ScanRule DuplicateHeaderKey = new()
    {
        Id = "RMP-MF-303",
        Name = "NpyDuplicateHeaderKey",
        Summary = "A key appears twice in the header dictionary; Python keeps the last, while a tool reading the first sees a different dtype or shape.",
        Help = "Regenerate the file with numpy.save; numpy never writes a key twice.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>An object array: the data is a pickle.</summary>
    public static readonly ScanRule ObjectArray = new()
    {
        Id = "RMP-MF-304",
        Name = "NpyObjectArray",
        Summary = "The dtype holds Python objects, so the array data is a pickle that numpy.load runs only with allow_pickle=True; the pickle is scanned as such.",
        Help = "Store numeric data with a numeric dtype. Load object arrays only with the pickle scan's verdict in mind, never with allow_pickle=True on untrusted files.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>The data is shorter than the shape and dtype need.</summary>
    public static readonly ScanRule TruncatedData = new()
    {
        Id = "RMP-MF-305",
        Name = "NpyTruncatedData",
        Summary = "The data after the header is shorter than shape times item size; numpy.load fails or readers disagree on the content.",
        Help = "Do not load the file; get a complete copy.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Bytes after the array data.</summary>
    public static readonly ScanRule TrailingData = new()
    {
        Id = "RMP-MF-306",
        Name = "NpyTrailingData",
        Summary = "Bytes follow the array data; numpy.load ignores them, so a second format (a zip, a pickle) can hide there.",
        Help = "Regenerate the file with numpy.save; find out what the extra bytes are.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>The data does not start at a 64-byte boundary.</summary>
    public static readonly ScanRule UnalignedData = new()
    {
        Id = "RMP-MF-307",
        Name = "NpyUnalignedData",
        Summary = "The array data starts neither at a multiple of 64 bytes, as numpy 1.14 and later write it, nor of 16 bytes, as older numpy wrote it; another tool wrote or edited the file.",
        Help = "Nothing to fix if another library wrote the file on purpose; otherwise regenerate it with numpy.save.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>A dtype the scanner does not know.</summary>
    public static readonly ScanRule UnknownDtype = new()
    {
        Id = "RMP-MF-308",
        Name = "NpyUnknownDtype",
        Summary = "The header's descr is a dtype the scanner does not know, so it cannot tell the data's size or whether it holds objects (a pickle).",
        Help = "Convert the array to a plain numeric dtype, or review the file by other means.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>A float array holds NaN or infinities (deep scan only).</summary>
    public static readonly ScanRule NonFiniteValues = new()
    {
        Id = "RMP-MF-309",
        Name = "NpyNonFiniteValues",
        Summary = "A floating-point array holds NaN or infinite values (checked with --deep only).",
        Help = "Data sets use NaN for missing values; model weights should be finite. Check which this file is.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>Every NumPy rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
        [InvalidHeader, LargeHeader, DuplicateHeaderKey, ObjectArray, TruncatedData, TrailingData, UnalignedData, UnknownDtype, NonFiniteValues];
}
