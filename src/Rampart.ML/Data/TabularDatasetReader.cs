using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>
/// Reads a CSV file into a <see cref="TabularDataset"/> in one streaming pass (plus a short second pass only when a
/// column turns out to be text after many numbers), hashing the bytes as they go by. Malformed input and unknown
/// column names become problems with file, line and column; nothing about the file is thrown.
/// </summary>
public static class TabularDatasetReader
{
    private const int EstimateAfterRows = 1024;

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file, as the user gave it (problems name it so).</param>
    /// <param name="options">Dialect, limits, label, sensitive columns and declared types; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The dataset, or every problem found (up to <see cref="CsvOptions.MaxProblems"/>).</returns>
    public static async Task<ValidationResult<TabularDataset>> ReadAsync(string path, DatasetReadOptions? options, CancellationToken cancellationToken)
    {
        return await CsvFile.ReadAsync(path, stream => ReadAsync(stream, path, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads CSV from a stream (read from its current position; rewound once if seekable and a second pass is needed).</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="source">The name problems give as the file.</param>
    /// <param name="options">Dialect, limits, label, sensitive columns and declared types; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The dataset, or every problem found.</returns>
    public static async Task<ValidationResult<TabularDataset>> ReadAsync(Stream stream, string source, DatasetReadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DatasetReadOptions();
        var csv = options.Csv ?? CsvOptions.Default;
        var optionProblems = Validate(options, csv);
        if (!optionProblems.IsEmpty)
        {
            return ValidationResult<TabularDataset>.Failure(optionProblems);
        }

        var problems = new ProblemCollector(source, csv.MaxProblems);
        long? length = stream.CanSeek ? stream.Length - stream.Position : null;
        var origin = stream.CanSeek ? stream.Position : 0;
        if (length > csv.MaxFileBytes)
        {
            problems.Add(0, 0, null, $"The file is {length} bytes, more than the limit of {csv.MaxFileBytes} bytes.");
            return ValidationResult<TabularDataset>.Failure(problems.ToImmutable());
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = new CsvRecordReader(stream, csv, problems, hash);
        if (csv.DetectSeparator)
        {
            await reader.DetectSeparatorAsync(cancellationToken).ConfigureAwait(false);
        }

        var header = await ReadHeaderAsync(reader, csv, problems, cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            return ValidationResult<TabularDataset>.Failure(problems.ToImmutable());
        }

        var labelIndex = ResolveNames(header, options, problems);
        var sensitive = new HashSet<string>(options.Sensitive, StringComparer.Ordinal);
        var builders = new ColumnBuilder[header.Length];
        for (var j = 0; j < header.Length; j++)
        {
            var declared = options.ColumnTypes.TryGetValue(header[j], out var type) ? type : (ColumnType?)null;
            builders[j] = new ColumnBuilder(header[j], j, declared, sensitive.Contains(header[j]), declared is null && LooksLikeIdentifier(header[j]), EstimateAfterRows + 1);
        }

        var missing = new MissingMarkers(csv.MissingValues);
        var scratch = new char[csv.MaxFieldLength + 1];
        reader.FieldCapacity = header.Length + 1;
        var rows = 0;
        while (!problems.IsFull && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.FieldCount != header.Length)
            {
                ReportRagged(reader, header, problems);
                continue;
            }

            if (!reader.RecordValid)
            {
                continue;
            }

            for (var j = 0; j < builders.Length; j++)
            {
                var field = reader.Field(j);
                var builder = builders[j];
                if (missing.Matches(field))
                {
                    builder.AddMissing();
                    if (j == labelIndex)
                    {
                        problems.Add(reader.FieldLine(j), reader.FieldColumn(j), header[j], "The label is missing; every row needs one.");
                    }

                    continue;
                }

                if (!builder.TextMode)
                {
                    if (builder.TryAddNumber(field))
                    {
                        continue;
                    }

                    var text = Decode(field);
                    if (builder.Declared == ColumnType.Numeric)
                    {
                        problems.Add(reader.FieldLine(j), reader.FieldColumn(j), header[j], $"'{Shorten(text)}' is not a number, and the column is declared numeric (numbers use '.' for decimals and no thousands separators).");
                        builder.AddMissing();
                        continue;
                    }

                    builder.SwitchToText(reader.FieldLine(j), reader.FieldColumn(j), text, formatNumbers: !stream.CanSeek);
                }

                if (builder.AddText(field, scratch, reader.FieldLine(j), reader.FieldColumn(j)) == ColumnBuilder.MissingCode)
                {
                    problems.Add(reader.FieldLine(j), reader.FieldColumn(j), header[j], "The value is not valid UTF-8 text.");
                }
            }

            rows++;
            if (rows == EstimateAfterRows && length is { } total && reader.BytesConsumed > 0)
            {
                // One early resize to about the final size keeps memory close to the data itself.
                var estimate = (long)(total / ((double)reader.BytesConsumed / rows) * 1.02) + 64;
                foreach (var builder in builders)
                {
                    builder.EnsureCapacity((int)Math.Min(estimate, Array.MaxLength));
                }
            }
        }

        if (problems.Count == 0 && !reader.Stopped && rows == 0)
        {
            problems.Add(1, 0, null, "The file has a header but no rows.");
        }

        if (problems.Count > 0 || reader.Stopped)
        {
            return ValidationResult<TabularDataset>.Failure(problems.ToImmutable());
        }

        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (builders.Any(b => b.PendingRows > 0))
        {
            stream.Position = origin;
            await BackfillAsync(stream, reader.Separator, csv, builders, cancellationToken).ConfigureAwait(false);
        }

        var finalizer = new ColumnFinalizer(options, problems, rows);
        var columns = builders.Select(finalizer.Finalize).ToImmutableArray();
        var label = labelIndex >= 0 ? finalizer.MakeLabel(columns[labelIndex]) : null;
        return problems.Count > 0
            ? ValidationResult<TabularDataset>.Failure(problems.ToImmutable())
            : ValidationResult<TabularDataset>.Success(new TabularDataset(source, sha256, rows, columns, label, options.Sensitive));
    }

    internal static bool LooksLikeIdentifier(string name) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("-id", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(" id", StringComparison.OrdinalIgnoreCase)
        || (name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal) && char.IsLower(name[^3]));

    internal static string Decode(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(field);

    internal static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    /// <summary>Reads and checks the header row: present, within the column limit, names non-empty, valid and unique.</summary>
    internal static async ValueTask<string[]?> ReadHeaderAsync(CsvRecordReader reader, CsvOptions csv, ProblemCollector problems, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reader.Stopped)
            {
                problems.Add(1, 0, null, "The file is empty: a header row naming the columns is required.");
            }

            return null;
        }

        if (reader.FieldCount > csv.MaxColumns)
        {
            problems.Add(reader.RecordLine, 0, null, $"The header has {reader.FieldCount} columns, more than the limit of {csv.MaxColumns}.");
            reader.Stop();
            return null;
        }

        var names = new string[reader.FieldCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < names.Length; j++)
        {
            var field = reader.Field(j);
            if (!Utf8.IsValid(field))
            {
                problems.Add(reader.FieldLine(j), reader.FieldColumn(j), null, "The column name is not valid UTF-8 text.");
            }

            names[j] = Decode(field).Trim();
            if (names[j].Length == 0)
            {
                problems.Add(reader.FieldLine(j), reader.FieldColumn(j), null, $"Column {j + 1} has no name in the header.");
            }
            else if (!seen.TryAdd(names[j], j))
            {
                problems.Add(reader.FieldLine(j), reader.FieldColumn(j), names[j], $"The column name '{names[j]}' is used twice (also column {seen[names[j]] + 1}).");
            }
        }

        return reader.RecordValid ? names : null;
    }

    private static int ResolveNames(string[] header, DatasetReadOptions options, ProblemCollector problems)
    {
        var labelIndex = -1;
        if (options.Label is { } label)
        {
            labelIndex = Array.IndexOf(header, label);
            if (labelIndex < 0)
            {
                problems.Add(1, 0, "label", $"The label column '{label}' is not in the header.{Suggestions.DidYouMean(label, header)}");
            }
        }

        for (var i = 0; i < options.Sensitive.Length; i++)
        {
            var name = options.Sensitive[i];
            if (Array.IndexOf(header, name) < 0)
            {
                problems.Add(1, 0, $"sensitive[{i}]", $"The sensitive column '{name}' is not in the header.{Suggestions.DidYouMean(name, header)}");
            }
        }

        foreach (var name in options.ColumnTypes.Keys.Order(StringComparer.Ordinal))
        {
            if (Array.IndexOf(header, name) < 0)
            {
                problems.Add(1, 0, $"columnTypes.{name}", $"The column '{name}' given a type is not in the header.{Suggestions.DidYouMean(name, header)}");
            }
        }

        return labelIndex;
    }

    internal static void ReportRagged(CsvRecordReader reader, string[] header, ProblemCollector problems)
    {
        if (reader.FieldCount > header.Length)
        {
            problems.Add(reader.FieldLine(header.Length), reader.FieldColumn(header.Length), null, $"This row has {reader.FieldCount} fields but the header has {header.Length}; this is the first extra field.");
            return;
        }

        var absent = string.Join(", ", header.Skip(reader.FieldCount).Take(3).Select(n => $"'{n}'")) + (header.Length - reader.FieldCount > 3 ? ", ..." : string.Empty);
        problems.Add(reader.EndLine(), reader.EndColumn(), null, $"This row has {reader.FieldCount} fields but the header has {header.Length} (no value for {absent}).");
    }

    private static ImmutableArray<Problem> Validate(DatasetReadOptions options, CsvOptions csv)
    {
        var problems = csv.Validate().ToBuilder();
        if (options.Sensitive.IsDefault || options.ColumnTypes is null)
        {
            problems.Add(new Problem { Field = "sensitive", Message = "The sensitive columns and declared types must be given (they may be empty)." });
        }

        if (options.MaxCategories <= 0)
        {
            problems.Add(new Problem { Field = "maxCategories", Message = "The category cap must be positive." });
        }

        return problems.ToImmutable();
    }

    private static async Task BackfillAsync(Stream stream, char separator, CsvOptions csv, ColumnBuilder[] builders, CancellationToken cancellationToken)
    {
        var pending = builders.Where(b => b.PendingRows > 0).ToArray();
        var until = pending.Max(b => b.PendingRows);
        var problems = new ProblemCollector(null, 1);
        using var reader = new CsvRecordReader(stream, csv with { Separator = separator, DetectSeparator = false }, problems, hash: null);
        var scratch = new char[csv.MaxFieldLength + 1];
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        reader.FieldCapacity = builders.Length + 1;
        for (var row = 0; row < until && await reader.ReadAsync(cancellationToken).ConfigureAwait(false); row++)
        {
            foreach (var builder in pending)
            {
                if (row < builder.PendingRows)
                {
                    builder.Backfill(row, reader.Field(builder.Index), scratch, reader.FieldLine(builder.Index), reader.FieldColumn(builder.Index));
                }
            }
        }
    }
}
