using System.Security.Cryptography;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>
/// Per-column statistics of a CSV file in one streaming pass and constant memory per column, for files too big to
/// load: count, missing, mean and variance (Welford), min, max, distinct count (exact up to 4,096, then
/// HyperLogLog) and the most frequent values (Space-Saving).
/// </summary>
public static class CsvStatistics
{
    /// <summary>Computes the statistics of a CSV file.</summary>
    /// <param name="path">The file, as the user gave it.</param>
    /// <param name="options">Dialect and limits; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statistics, or every problem found (malformed CSV, limits).</returns>
    public static async Task<ValidationResult<DatasetStatistics>> ComputeAsync(string path, CsvOptions? options, CancellationToken cancellationToken)
    {
        return await CsvFile.ReadAsync(path, stream => ComputeAsync(stream, path, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Computes the statistics of CSV read from a stream.</summary>
    /// <param name="stream">The bytes, read once from the current position.</param>
    /// <param name="source">The name problems give as the file.</param>
    /// <param name="options">Dialect and limits; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statistics, or every problem found.</returns>
    public static async Task<ValidationResult<DatasetStatistics>> ComputeAsync(Stream stream, string source, CsvOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        options ??= CsvOptions.Default;
        var invalid = options.Validate();
        if (!invalid.IsEmpty)
        {
            return ValidationResult<DatasetStatistics>.Failure(invalid);
        }

        var problems = new ProblemCollector(source, options.MaxProblems);
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxFileBytes)
        {
            problems.Add(0, 0, null, $"The file is {stream.Length - stream.Position} bytes, more than the limit of {options.MaxFileBytes} bytes.");
            return ValidationResult<DatasetStatistics>.Failure(problems.ToImmutable());
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = new CsvRecordReader(stream, options, problems, hash);
        if (options.DetectSeparator)
        {
            await reader.DetectSeparatorAsync(cancellationToken).ConfigureAwait(false);
        }

        var header = await TabularDatasetReader.ReadHeaderAsync(reader, options, problems, cancellationToken).ConfigureAwait(false);
        if (header is null || problems.Count > 0)
        {
            return ValidationResult<DatasetStatistics>.Failure(problems.ToImmutable());
        }

        var columns = header.Select(n => new ColumnAccumulator(n)).ToArray();
        var missing = new MissingMarkers(options.MissingValues);
        var scratch = new char[options.MaxFieldLength + 1];
        reader.FieldCapacity = header.Length + 1;
        long rows = 0;
        while (!problems.IsFull && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.FieldCount != header.Length)
            {
                TabularDatasetReader.ReportRagged(reader, header, problems);
                continue;
            }

            if (!reader.RecordValid)
            {
                continue;
            }

            for (var j = 0; j < columns.Length; j++)
            {
                var field = reader.Field(j);
                if (missing.Matches(field))
                {
                    columns[j].AddMissing();
                }
                else
                {
                    columns[j].Add(field, scratch);
                }
            }

            rows++;
        }

        if (problems.Count > 0 || reader.Stopped)
        {
            return ValidationResult<DatasetStatistics>.Failure(problems.ToImmutable());
        }

        return ValidationResult<DatasetStatistics>.Success(new DatasetStatistics
        {
            Source = source,
            Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()),
            RowCount = rows,
            Columns = [.. columns.Select(c => c.ToStatistics())],
        });
    }
}
