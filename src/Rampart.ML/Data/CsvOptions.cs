using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>
/// How a CSV file is read (RFC 4180: a header row, fields separated by one character, optional double quotes with
/// doubled quotes inside, CRLF or LF line ends, UTF-8 with or without a byte-order mark) and the limits that keep an
/// untrusted file from exhausting memory.
/// </summary>
public sealed record CsvOptions
{
    /// <summary>The options used when none are given.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>The field separator; default <c>,</c>. Must be a single ASCII character other than a quote, CR or LF.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>
    /// When <c>true</c>, the separator is chosen from the header line instead: whichever of <c>,</c> <c>;</c> and tab occurs
    /// most often outside quotes (comma on a tie or when none occurs). Default <c>false</c>.
    /// </summary>
    public bool DetectSeparator { get; init; }

    /// <summary>
    /// Field texts that mean "missing", compared exactly (case-sensitive) with the unquoted field content; default
    /// empty, <c>NA</c>, <c>NaN</c>, <c>null</c> and <c>?</c>.
    /// </summary>
    public ImmutableArray<string> MissingValues { get; init; } = ["", "NA", "NaN", "null", "?"];

    /// <summary>The largest file accepted, in bytes; default 8 GiB.</summary>
    public long MaxFileBytes { get; init; } = 8L << 30;

    /// <summary>The most columns accepted in the header; default 10,000.</summary>
    public int MaxColumns { get; init; } = 10_000;

    /// <summary>The longest field accepted, in UTF-8 bytes; default 64 KiB.</summary>
    public int MaxFieldLength { get; init; } = 64 * 1024;

    /// <summary>The longest record (a line, or several physical lines when a quoted field holds line breaks) in bytes; default 4 MiB.</summary>
    public int MaxLineLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>How many problems are reported before reading stops; default 100.</summary>
    public int MaxProblems { get; init; } = 100;

    /// <summary>Every problem with these options, with <c>csv.*</c> field names.</summary>
    /// <returns>The problems; empty when the options are usable.</returns>
    public ImmutableArray<Problem> Validate()
    {
        var problems = ImmutableArray.CreateBuilder<Problem>();
        void Add(string field, string message) => problems.Add(new Problem { Field = field, Message = message });
        if (Separator is '"' or '\r' or '\n' || Separator > 127)
        {
            Add("csv.separator", $"The separator must be one ASCII character other than a quote, CR or LF; got U+{(int)Separator:X4}.");
        }

        if (MissingValues.IsDefault)
        {
            Add("csv.missingValues", "The list of missing-value markers must be given (it may be empty).");
        }
        else if (MissingValues.Any(m => m is null))
        {
            Add("csv.missingValues", "A missing-value marker cannot be null.");
        }

        if (MaxFileBytes <= 0)
        {
            Add("csv.maxFileBytes", "The file size limit must be positive.");
        }

        if (MaxColumns <= 0)
        {
            Add("csv.maxColumns", "The column limit must be positive.");
        }

        if (MaxFieldLength <= 0)
        {
            Add("csv.maxFieldLength", "The field length limit must be positive.");
        }

        if (MaxLineLength <= 0 || MaxLineLength > 1 << 30)
        {
            Add("csv.maxLineLength", "The line length limit must be between 1 byte and 1 GiB.");
        }

        if (MaxProblems <= 0)
        {
            Add("csv.maxProblems", "The problem cap must be positive.");
        }

        return problems.ToImmutable();
    }
}
