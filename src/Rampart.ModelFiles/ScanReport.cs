using System.Collections.Immutable;

namespace Rampart.ModelFiles;

/// <summary>The result for one file.</summary>
public sealed record FileScanReport
{
    /// <summary>The file, as given or relative to the folder given (forward slashes).</summary>
    public required string Path { get; init; }

    /// <summary>Size in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>The worst verdict of the findings, or <see cref="FileVerdict.Clean"/>.</summary>
    public required FileVerdict Verdict { get; init; }

    /// <summary>The file's own format(s), most likely first.</summary>
    public required ImmutableArray<ModelFormat> Formats { get; init; }

    /// <summary>Every part analysed (the file, members, unpacked streams) in order.</summary>
    public required ImmutableArray<ScannedPart> Parts { get; init; }

    /// <summary>Findings in the order found.</summary>
    public required ImmutableArray<ScanFinding> Findings { get; init; }

    /// <summary>Findings beyond the per-file limit, counted only.</summary>
    public int DroppedFindings { get; init; }

    /// <summary>What the file is when another scanned file refers to it as data (ONNX external data), or <c>null</c>.</summary>
    public string? CompanionOf { get; init; }

    /// <summary>The verdict of a set of findings.</summary>
    /// <param name="findings">The findings.</param>
    /// <returns>The worst verdict, or clean.</returns>
    public static FileVerdict VerdictOf(IEnumerable<ScanFinding> findings) =>
        findings.Select(finding => finding.Verdict).DefaultIfEmpty(FileVerdict.Clean).Max();
}

/// <summary>The result of a scan over files and folders.</summary>
public sealed record ScanReport
{
    /// <summary>The paths given.</summary>
    public required ImmutableArray<string> Roots { get; init; }

    /// <summary>One report per file, ordered by path.</summary>
    public required ImmutableArray<FileScanReport> Files { get; init; }

    /// <summary>Whether strict mode was on.</summary>
    public bool Strict { get; init; }

    /// <summary>Whether tensor values were read.</summary>
    public bool Deep { get; init; }

    /// <summary>The worst verdict over all files.</summary>
    public FileVerdict Verdict => Files.Select(file => file.Verdict).DefaultIfEmpty(FileVerdict.Clean).Max();

    /// <summary>Bytes scanned (file sizes).</summary>
    public long TotalBytes => Files.Sum(file => file.Length);

    /// <summary>How many files got each verdict.</summary>
    /// <returns>Counts by verdict, every verdict present.</returns>
    public ImmutableSortedDictionary<FileVerdict, int> CountByVerdict() =>
        Enum.GetValues<FileVerdict>().ToImmutableSortedDictionary(verdict => verdict, verdict => Files.Count(file => file.Verdict == verdict));
}
