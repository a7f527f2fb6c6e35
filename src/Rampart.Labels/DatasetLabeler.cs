using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.IO;
using Rampart.Labels.Model;
using Rampart.Labels.Rows;
using Rampart.Signing.Bundles;
using Rampart.Signing.Signing;

namespace Rampart.Labels;

/// <summary>
/// Creates dataset security labels: reads the dataset once (streaming), writes the row-hash companion file, and signs
/// an in-toto statement holding the file's SHA-256, row count, schema hash, row Merkle root and the companion file's
/// digest into a DSSE envelope inside a Sigstore bundle v0.3 JSON file.
/// </summary>
public static class DatasetLabeler
{
    /// <summary>The default label path for a dataset: <c>DATASET.label.json</c>.</summary>
    /// <param name="datasetPath">The dataset file.</param>
    /// <returns>The path.</returns>
    public static string DefaultLabelPath(string datasetPath) => datasetPath + ".label.json";

    /// <summary>The companion row-hash file of a label: the label path with <c>.json</c> replaced by (or, without it, followed by) <c>.rows</c>.</summary>
    /// <param name="labelPath">The label file.</param>
    /// <returns>The path.</returns>
    public static string RowsPathFor(string labelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelPath);
        return (labelPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? labelPath[..^5] : labelPath) + ".rows";
    }

    /// <summary>Labels <paramref name="datasetPath"/> and writes the label and its row-hash file.</summary>
    /// <param name="datasetPath">The CSV dataset (a header row, then data rows).</param>
    /// <param name="labelPath">Where to write the label; the row-hash file goes to <see cref="RowsPathFor"/>.</param>
    /// <param name="info">The owner's declarations.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="time">The clock for <see cref="DatasetLabel.CreatedAt"/>.</param>
    /// <param name="options">Limits; <see cref="LabelOptions.Default"/> when null.</param>
    /// <param name="progress">Receives reading progress.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What was written, or every problem (options, declarations, and the dataset's lines that could not be read).</returns>
    public static async Task<ValidationResult<LabelCreation>> CreateAsync(
        string datasetPath,
        string labelPath,
        DatasetLabelInfo info,
        SigningKey key,
        TimeProvider time,
        LabelOptions? options = null,
        IProgress<LabelProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetPath);
        ArgumentException.ThrowIfNullOrEmpty(labelPath);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(time);
        options ??= LabelOptions.Default;
        var problems = ImmutableArray.CreateBuilder<Problem>();
        problems.AddRange(options.Validate());
        problems.AddRange(info.Validate());
        if (problems.Count > 0)
        {
            return ValidationResult<LabelCreation>.Failure(problems);
        }

        if (File.Exists(datasetPath) && SystemFiles.IsRegularFile(datasetPath) == false)
        {
            return ValidationResult<LabelCreation>.Failure([new Problem { File = datasetPath, Message = "The dataset is not a regular file (a device, pipe or socket)." }]);
        }

        var scanned = await DatasetHasher.ScanAsync(datasetPath, options, separator: null, keepLeaves: true, progress, cancellationToken).ConfigureAwait(false);
        if (!scanned.IsValid)
        {
            return ValidationResult<LabelCreation>.Failure(scanned.Problems);
        }

        var scan = scanned.Value!;
        if (!scan.Problems.IsEmpty || !scan.Complete)
        {
            return ValidationResult<LabelCreation>.Failure(scan.Problems.IsEmpty
                ? [new Problem { File = datasetPath, Message = "The file could not be read to the end." }]
                : scan.Problems);
        }

        if (scan.Columns.IsEmpty)
        {
            return ValidationResult<LabelCreation>.Failure([new Problem { File = datasetPath, Line = 1, Message = "The file has no header row; a labelled CSV dataset starts with its column names." }]);
        }

        var rowsPath = RowsPathFor(labelPath);
        var (rowsSha, rowsBytes) = RowsFile.Write(rowsPath, scan.Leaves!);
        var label = new DatasetLabel
        {
            SubjectName = Path.GetFileName(datasetPath),
            FileSha256 = Convert.ToHexStringLower(scan.FileSha256),
            Info = info,
            CreatedAt = time.GetUtcNow(),
            Separator = scan.Separator,
            FileBytes = scan.FileBytes,
            RowCount = scan.RowCount,
            Columns = scan.Columns,
            SchemaSha256 = Convert.ToHexStringLower(scan.SchemaSha256),
            RowMerkleRoot = Convert.ToHexStringLower(scan.RowRoot),
            RowHashes = new RowHashesRef { File = Path.GetFileName(rowsPath), Sha256 = Convert.ToHexStringLower(rowsSha), Bytes = rowsBytes },
        };

        var envelope = DsseSigner.Sign(BundleParser.InTotoPayloadType, LabelStatement.Write(label), key);
        var bundle = BundleWriter.Write(new SigstoreBundle
        {
            MediaType = BundleWriter.MediaType,
            VerificationMaterial = new BundleVerificationMaterial { PublicKeyHint = key.PublicKey.Hint },
            Envelope = envelope,
        });
        WriteAtomically(labelPath, bundle);
        return ValidationResult<LabelCreation>.Success(new LabelCreation { Label = label, LabelPath = labelPath, RowsPath = rowsPath });
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
