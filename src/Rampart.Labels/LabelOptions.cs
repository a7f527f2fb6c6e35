using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.ML.Data;

namespace Rampart.Labels;

/// <summary>Limits and settings for creating and verifying dataset labels. Validated with <see cref="Validate"/>.</summary>
public sealed record LabelOptions
{
    /// <summary>The options used when none are given.</summary>
    public static LabelOptions Default { get; } = new();

    /// <summary>
    /// How the CSV file is tokenized and its size limits (file bytes, columns, field and record length); default
    /// <see cref="CsvOptions.Default"/> (comma separator). When <see cref="CsvOptions.DetectSeparator"/> is set, label
    /// creation detects the separator and records it; verification always uses the separator in the label.
    /// </summary>
    public CsvOptions Csv { get; init; } = CsvOptions.Default;

    /// <summary>The most data rows accepted (the header is not a row); default 10,000,000 (320 MB of row hashes).</summary>
    public long MaxRows { get; init; } = 10_000_000;

    /// <summary>
    /// The most row edits the diff searches for (Myers' D) before it gives up and compares the remaining rows by
    /// position; default 2,000, at most 10,000. The search costs O((N + M) · D) time and about 4·D² bytes (16 MB at
    /// 2,000, 400 MB at 10,000).
    /// </summary>
    public int MaxEditDistance { get; init; } = 2_000;

    /// <summary>How many rows of each kind (changed, added, removed, moved) a report lists, with proofs; default 100. Counts are always exact.</summary>
    public int MaxReportedRows { get; init; } = 100;

    /// <summary>The largest label or row-hash file read, in bytes; default 16 MiB for labels (row-hash files are bounded by <see cref="MaxRows"/>).</summary>
    public int MaxLabelBytes { get; init; } = 16 << 20;

    /// <summary>Every problem with these options, with <c>label.*</c> and <c>csv.*</c> field names.</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public ImmutableArray<Problem> Validate()
    {
        var problems = ImmutableArray.CreateBuilder<Problem>();
        if (Csv is null)
        {
            problems.Add(new Problem { Field = "label.csv", Message = "CSV options must be given." });
        }
        else
        {
            problems.AddRange(Csv.Validate());
        }

        if (MaxRows is <= 0 or > int.MaxValue)
        {
            problems.Add(new Problem { Field = "label.maxRows", Message = $"The row limit must be between 1 and {int.MaxValue}." });
        }

        if (MaxEditDistance is < 0 or > 10_000)
        {
            problems.Add(new Problem { Field = "label.maxEditDistance", Message = "The edit distance limit must be between 0 and 10,000 (the search keeps about 4·D² bytes)." });
        }

        if (MaxReportedRows <= 0)
        {
            problems.Add(new Problem { Field = "label.maxReportedRows", Message = "The number of reported rows must be positive." });
        }

        if (MaxLabelBytes <= 0)
        {
            problems.Add(new Problem { Field = "label.maxLabelBytes", Message = "The label size limit must be positive." });
        }

        return problems.ToImmutable();
    }
}
