using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.Archives;

/// <summary>Rules of the archive and compression scanners (<c>RMP-MF-200</c> to <c>RMP-MF-299</c>).</summary>
public static class ArchiveRules
{
    /// <summary>An encrypted member that cannot be read.</summary>
    public static readonly ScanRule EncryptedMember = new()
    {
        Id = "RMP-MF-200",
        Name = "EncryptedMember",
        Summary = "An archive member is encrypted, so its content cannot be scanned.",
        Help = "Ask for the model without encryption; never load members that could not be scanned.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>Encryption or patch flags on data that loaders read as plain data (CVE-2025-1945).</summary>
    public static readonly ScanRule ZipMisleadingFlags = new()
    {
        Id = "RMP-MF-201",
        Name = "ZipMisleadingFlags",
        Summary = "A zip member is flagged as encrypted, strongly encrypted or patched, but its data is plain data that PyTorch reads anyway; scanners that trust the flag skip it (CVE-2025-1945).",
        Help = "Rebuild the archive with the producing library. Genuine models never set these flags on plain data.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>A zip member whose CRC-32 does not match its data (CVE-2025-10156).</summary>
    public static readonly ScanRule ZipCrcMismatch = new()
    {
        Id = "RMP-MF-202",
        Name = "ZipCrcMismatch",
        Summary = "A zip member's data does not match its recorded CRC-32; Python's zipfile refuses it while PyTorch loads it, so scanners built on zipfile miss it (CVE-2025-10156).",
        Help = "Rebuild the archive with the producing library; do not load a file whose checksums are wrong.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>The local header names a member differently from the central directory (CVE-2025-1944).</summary>
    public static readonly ScanRule ZipNameMismatch = new()
    {
        Id = "RMP-MF-203",
        Name = "ZipNameMismatch",
        Summary = "A zip member's local header gives a different name from the central directory; tools that read one or the other see different files (CVE-2025-1944).",
        Help = "Rebuild the archive with the producing library.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Two members with the same name.</summary>
    public static readonly ScanRule DuplicateMemberName = new()
    {
        Id = "RMP-MF-204",
        Name = "DuplicateMemberName",
        Summary = "Two archive members have the same name; loaders disagree on which one they read (both were scanned).",
        Help = "Rebuild the archive so that every name appears once.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Bytes that belong to no listed member.</summary>
    public static readonly ScanRule UnlistedData = new()
    {
        Id = "RMP-MF-205",
        Name = "UnlistedArchiveData",
        Summary = "The archive holds bytes that belong to no listed member: data before the first member, between members or after the end; another format or a hidden member can sit there.",
        Help = "Rebuild the archive with the producing library and find out what the extra bytes are.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>Members whose data overlaps.</summary>
    public static readonly ScanRule OverlappingMembers = new()
    {
        Id = "RMP-MF-206",
        Name = "OverlappingMembers",
        Summary = "Two zip members share bytes; overlapping members are how non-recursive zip bombs and parser-differential tricks are built.",
        Help = "Do not load the file; rebuild the archive with the producing library.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>A member name that leaves the extraction folder.</summary>
    public static readonly ScanRule PathTraversal = new()
    {
        Id = "RMP-MF-207",
        Name = "MemberPathTraversal",
        Summary = "An archive member's name (or link target) is absolute, goes up with '..', or uses backslashes or NUL characters; extracting the archive can write outside the target folder.",
        Help = "Do not extract the archive; rebuild it with plain relative member names.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>A compression bomb.</summary>
    public static readonly ScanRule CompressionBomb = new()
    {
        Id = "RMP-MF-208",
        Name = "CompressionBomb",
        Summary = "Compressed data unpacks to far more than its packed size (beyond the compression-ratio limit): a decompression bomb that exhausts memory or disk.",
        Help = "Do not unpack the file. A genuine model is rarely this compressible; if it is, raise the ratio limit deliberately.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>A member stored with a method or layout the scanner cannot read.</summary>
    public static readonly ScanRule UnsupportedMember = new()
    {
        Id = "RMP-MF-209",
        Name = "UnsupportedArchiveContent",
        Summary = "Part of the archive or compressed stream uses a compression method, encoding or layout Rampart cannot read, so it was not scanned.",
        Help = "Repack the model with a common method (stored or deflate zip, gzip) or review it by other means.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>Compressed data that cannot be decoded.</summary>
    public static readonly ScanRule CorruptCompressedData = new()
    {
        Id = "RMP-MF-210",
        Name = "CorruptCompressedData",
        Summary = "Compressed data is corrupt or truncated; what unpacked before the damage was scanned, the rest could not be.",
        Help = "Regenerate the file; loaders that stream the data may run what precedes the damage.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Local header fields disagree with the central directory, or sizes lie.</summary>
    public static readonly ScanRule ZipHeaderMismatch = new()
    {
        Id = "RMP-MF-211",
        Name = "ZipHeaderMismatch",
        Summary = "A zip member's local header disagrees with its central directory entry (method, sizes, CRC), or its data unpacks to another size than recorded.",
        Help = "Rebuild the archive with the producing library.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>The archive's structure is broken.</summary>
    public static readonly ScanRule StructureCorrupt = new()
    {
        Id = "RMP-MF-212",
        Name = "ArchiveStructureCorrupt",
        Summary = "The archive's directory or headers are broken (missing end record, directory outside the file, bad header checksum, member data past the end); loaders read such files differently or not at all.",
        Help = "Regenerate the archive with the producing library; do not load it.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Bytes after the end of a compressed stream.</summary>
    public static readonly ScanRule TrailingData = new()
    {
        Id = "RMP-MF-213",
        Name = "TrailingCompressedData",
        Summary = "Bytes follow the end of the compressed stream; decompressors ignore or reject them, and another format can hide there.",
        Help = "Regenerate the file and find out what the extra bytes are.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>A compressed stream whose checksum or declared length is wrong.</summary>
    public static readonly ScanRule ChecksumMismatch = new()
    {
        Id = "RMP-MF-214",
        Name = "CompressedChecksumMismatch",
        Summary = "A compressed stream's checksum or recorded length does not match what it unpacks to (gzip CRC-32 and size, zlib Adler-32, joblib ZF length).",
        Help = "Regenerate the file; do not load data whose checksums are wrong.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>A tar link, device or FIFO member.</summary>
    public static readonly ScanRule SpecialTarMember = new()
    {
        Id = "RMP-MF-215",
        Name = "SpecialTarMember",
        Summary = "A tar member is a symbolic link, hard link, device or FIFO; extracting it can expose or overwrite files outside the archive (it was not followed).",
        Help = "Replace links with the files they point to; model archives need regular files only.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A pickle in a PyTorch zip other than the ones PyTorch loads.</summary>
    public static readonly ScanRule PyTorchExtraPickle = new()
    {
        Id = "RMP-MF-220",
        Name = "PyTorchExtraPickle",
        Summary = "A PyTorch zip holds a pickle other than data.pkl, constants.pkl, attributes.pkl or TorchScript debug pickles; torch.load ignores it, but other tools load it and scanners that check only data.pkl miss it.",
        Help = "Find out why the pickle is there and remove it.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>A TorchScript archive.</summary>
    public static readonly ScanRule TorchScriptCode = new()
    {
        Id = "RMP-MF-221",
        Name = "TorchScriptCode",
        Summary = "The PyTorch archive contains TorchScript code (code/), which torch.jit.load compiles and runs as part of the model.",
        Help = "Load TorchScript models only from sources you trust, or review the code files listed.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>A PyTorch v0.1.1 tar checkpoint.</summary>
    public static readonly ScanRule PyTorchLegacyTar = new()
    {
        Id = "RMP-MF-222",
        Name = "PyTorchLegacyTar",
        Summary = "The file is a PyTorch 0.1.1 tar checkpoint (sys_info, pickle, storages, tensors); torch.load still reads it.",
        Help = "Re-save the model with a current PyTorch, or better as SafeTensors.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>Every archive rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        EncryptedMember, ZipMisleadingFlags, ZipCrcMismatch, ZipNameMismatch, DuplicateMemberName, UnlistedData,
        OverlappingMembers, PathTraversal, CompressionBomb, UnsupportedMember, CorruptCompressedData, ZipHeaderMismatch,
        StructureCorrupt, TrailingData, ChecksumMismatch, SpecialTarMember, PyTorchExtraPickle, TorchScriptCode,
        PyTorchLegacyTar,
    ];
}
