using System.Security.Cryptography;
using System.Text;
using Rampart.Diagnostics;
using Rampart.ML.Data;

namespace Rampart.Labels.Rows;

/// <summary>
/// Reads a CSV dataset once, streaming (memory bounded by the longest record, plus 32 bytes and a line number per
/// row when leaves are kept), hashing the whole file, the header and every row in the <see cref="RowEncoding"/> form.
/// </summary>
internal static class DatasetHasher
{
    private const int ProgressEveryRows = 65_536;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">The dataset file.</param>
    /// <param name="options">Limits and CSV settings.</param>
    /// <param name="separator">The separator to use; null to follow <paramref name="options"/>.</param>
    /// <param name="keepLeaves">Whether to keep every leaf hash and line number (for a diff or a row-hash file).</param>
    /// <param name="progress">Receives progress every 65,536 rows and at the end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scan, or problems naming the file when it cannot be opened.</returns>
    public static async Task<ValidationResult<DatasetScan>> ScanAsync(
        string path,
        LabelOptions options,
        char? separator,
        bool keepLeaves,
        IProgress<LabelProgress>? progress,
        CancellationToken cancellationToken)
    {
        var csv = separator is { } s ? options.Csv with { Separator = s, DetectSeparator = false } : options.Csv;
        return await CsvFile.ReadAsync(path, stream => ScanStreamAsync(stream, path, options, csv, keepLeaves, progress, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<ValidationResult<DatasetScan>> ScanStreamAsync(
        Stream stream,
        string path,
        LabelOptions options,
        CsvOptions csv,
        bool keepLeaves,
        IProgress<LabelProgress>? progress,
        CancellationToken cancellationToken)
    {
        var total = stream.CanSeek ? stream.Length : 0;
        var problems = new ProblemCollector(path, csv.MaxProblems);
        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = new CsvRecordReader(stream, csv, problems, fileHash) { FieldCapacity = csv.MaxColumns };
        using var hasher = new RowHasher();
        if (csv.DetectSeparator)
        {
            await reader.DetectSeparatorAsync(cancellationToken).ConfigureAwait(false);
        }

        var root = new StreamingRoot();
        var leaves = keepLeaves ? new RowHashList() : null;
        var lines = keepLeaves ? new List<long>() : null;
        var columns = new List<string>();
        byte[]? schema = null;
        var leaf = new byte[32];
        var complete = true;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.FieldCount > reader.FieldCapacity)
            {
                problems.Add(reader.RecordLine, 1, null, $"This record has {reader.FieldCount} fields, more than the limit of {csv.MaxColumns}; reading stopped.");
                complete = false;
                break;
            }

            if (schema is null)
            {
                hasher.Begin(reader.FieldCount, leaf: false);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var field = reader.Field(i);
                    hasher.Field(field);
                    columns.Add(Encoding.UTF8.GetString(field));
                }

                schema = new byte[32];
                hasher.End(schema);
                continue;
            }

            if (root.Count >= options.MaxRows)
            {
                problems.Add(reader.RecordLine, 1, null, $"The file has more than the limit of {options.MaxRows} data rows; reading stopped.");
                complete = false;
                break;
            }

            hasher.Begin(reader.FieldCount, leaf: true);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                hasher.Field(reader.Field(i));
            }

            hasher.End(leaf);
            root.Add(leaf);
            leaves?.Add(leaf);
            lines?.Add(reader.RecordLine);
            if (root.Count % ProgressEveryRows == 0)
            {
                progress?.Report(new LabelProgress(reader.BytesRead, total, root.Count));
            }

            if (problems.IsFull)
            {
                complete = false;
                break;
            }
        }

        complete &= !reader.Stopped && !problems.IsFull;
        progress?.Report(new LabelProgress(reader.BytesRead, total, root.Count));
        return ValidationResult<DatasetScan>.Success(new DatasetScan
        {
            FileSha256 = fileHash.GetHashAndReset(),
            FileBytes = reader.BytesRead,
            Separator = reader.Separator,
            Columns = [.. columns],
            SchemaSha256 = schema ?? SHA256.HashData(RowEncoding.Encode([])),
            RowCount = root.Count,
            RowRoot = root.Root(),
            Leaves = leaves,
            Lines = lines,
            Problems = problems.ToImmutable(),
            Complete = complete,
        });
    }
}
