using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.SafeTensors;

/// <summary>
/// Rules of the SafeTensors scanner (<c>RMP-MF-500</c> to <c>RMP-MF-599</c>). Each error of the reference
/// implementation (huggingface/safetensors <c>SafeTensorError</c>) has its own rule, so a finding names the exact
/// check the loader would fail.
/// </summary>
public static class SafeTensorsRules
{
    /// <summary>The file is shorter than the 8-byte header length (reference <c>HeaderTooSmall</c>).</summary>
    public static readonly ScanRule HeaderTooSmall = Malformed(
        "RMP-MF-501",
        "SafeTensorsHeaderTooSmall",
        "The file is shorter than the 8-byte header length that starts every SafeTensors file (reference error HeaderTooSmall).");

    /// <summary>The declared header length is above the reference limit of 100,000,000 bytes (reference <c>HeaderTooLarge</c>).</summary>
    public static readonly ScanRule HeaderTooLarge = Malformed(
        "RMP-MF-502",
        "SafeTensorsHeaderTooLarge",
        "The declared JSON header length is above 100,000,000 bytes, which the reference loader refuses (reference error HeaderTooLarge).");

    /// <summary>The header would end past the end of the file (reference <c>InvalidHeaderLength</c>).</summary>
    public static readonly ScanRule InvalidHeaderLength = Malformed(
        "RMP-MF-503",
        "SafeTensorsInvalidHeaderLength",
        "The declared JSON header length runs past the end of the file (reference error InvalidHeaderLength).");

    /// <summary>The header is not UTF-8 (reference <c>InvalidHeader</c>).</summary>
    public static readonly ScanRule InvalidHeader = Malformed(
        "RMP-MF-504",
        "SafeTensorsInvalidHeader",
        "The JSON header is not valid UTF-8 (reference error InvalidHeader).");

    /// <summary>The header does not start with <c>{</c> (reference <c>InvalidHeaderStart</c>).</summary>
    public static readonly ScanRule InvalidHeaderStart = Malformed(
        "RMP-MF-505",
        "SafeTensorsInvalidHeaderStart",
        "The JSON header does not start with '{' as the format requires (reference error InvalidHeaderStart).");

    /// <summary>The header is not the expected JSON (reference <c>InvalidHeaderDeserialization</c>).</summary>
    public static readonly ScanRule InvalidHeaderDeserialization = Malformed(
        "RMP-MF-506",
        "SafeTensorsInvalidHeaderDeserialization",
        "The JSON header is not valid JSON, or not the structure SafeTensors expects: unknown dtype, negative or non-integer shape, data_offsets not two integers, non-string metadata, a missing field (reference error InvalidHeaderDeserialization).");

    /// <summary>A JSON key appears twice in one object.</summary>
    public static readonly ScanRule DuplicateKey = Malformed(
        "RMP-MF-507",
        "SafeTensorsDuplicateKey",
        "A key appears twice in one JSON object of the header. The format forbids it, but most JSON parsers silently keep one of the two, so two tools can read different tensors from the same file.");

    /// <summary>Tensor data offsets leave holes, overlap or run backwards (reference <c>InvalidOffset</c>).</summary>
    public static readonly ScanRule InvalidOffset = Malformed(
        "RMP-MF-508",
        "SafeTensorsInvalidOffset",
        "Tensor data_offsets, sorted, do not start at 0 and follow each other without holes or overlaps, or a tensor ends before it begins (reference error InvalidOffset).");

    /// <summary>Element count times bit size overflows (reference <c>ValidationOverflow</c>).</summary>
    public static readonly ScanRule ValidationOverflow = Malformed(
        "RMP-MF-509",
        "SafeTensorsValidationOverflow",
        "A tensor's element count or bit size overflows 64 bits (reference error ValidationOverflow).");

    /// <summary>A tensor's bit size is not a whole number of bytes (reference <c>MisalignedSlice</c>).</summary>
    public static readonly ScanRule MisalignedSlice = Malformed(
        "RMP-MF-510",
        "SafeTensorsMisalignedSlice",
        "A tensor's element count times its dtype's bit size is not a multiple of 8, so it does not fill whole bytes (reference error MisalignedSlice).");

    /// <summary>A tensor's byte range does not match its shape and dtype (reference <c>TensorInvalidInfo</c>).</summary>
    public static readonly ScanRule TensorInvalidInfo = Malformed(
        "RMP-MF-511",
        "SafeTensorsTensorInvalidInfo",
        "A tensor's data_offsets span a different number of bytes than its shape and dtype need (reference error TensorInvalidInfo).");

    /// <summary>The byte buffer is shorter or longer than the tensors need (reference <c>MetadataIncompleteBuffer</c>).</summary>
    public static readonly ScanRule MetadataIncompleteBuffer = Malformed(
        "RMP-MF-512",
        "SafeTensorsMetadataIncompleteBuffer",
        "The byte buffer after the header is shorter than the tensors need, or has trailing bytes no tensor covers, where a second format can hide (reference error MetadataIncompleteBuffer).");

    /// <summary>A zero-size tensor shares its offset with another tensor.</summary>
    public static readonly ScanRule SharedZeroSizeOffset = new()
    {
        Id = "RMP-MF-513",
        Name = "SafeTensorsSharedZeroSizeOffset",
        Summary = "A zero-size tensor has the same data offset as another tensor; loaders accept it, and it is how writers place empty tensors, but it also lets two names point at one place.",
        Help = "Usually nothing to do. If the model should have no empty tensors, find out why this one is there.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>The header has something loaders ignore.</summary>
    public static readonly ScanRule HeaderAnomaly = new()
    {
        Id = "RMP-MF-514",
        Name = "SafeTensorsHeaderAnomaly",
        Summary = "The header has something the loader ignores: unknown fields in a tensor entry, or padding other than spaces after the JSON.",
        Help = "Regenerate the file with the safetensors library; ignored content is a place to hide data.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>A float tensor holds NaN or infinite values (deep scan only).</summary>
    public static readonly ScanRule NonFiniteValues = new()
    {
        Id = "RMP-MF-515",
        Name = "SafeTensorsNonFiniteValues",
        Summary = "A floating-point tensor (F16, BF16, F32, F64) holds NaN or infinite values (checked with --deep only).",
        Help = "Trained weights are finite; NaN or infinity means a broken training run, a corrupted file or a model built to fail. Do not deploy it before finding out which.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>Every SafeTensors rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        HeaderTooSmall, HeaderTooLarge, InvalidHeaderLength, InvalidHeader, InvalidHeaderStart, InvalidHeaderDeserialization,
        DuplicateKey, InvalidOffset, ValidationOverflow, MisalignedSlice, TensorInvalidInfo, MetadataIncompleteBuffer,
        SharedZeroSizeOffset, HeaderAnomaly, NonFiniteValues,
    ];

    private static ScanRule Malformed(string id, string name, string summary) => new()
    {
        Id = id,
        Name = name,
        Summary = summary,
        Help = "Do not load the file. Regenerate it with the safetensors library from a trusted copy of the model.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };
}
