using System.Collections.Immutable;
using Rampart.IO;
using Rampart.Labels.Diff;
using Rampart.Labels.Model;
using Rampart.Labels.Rows;
using Rampart.Ledger.Merkle;
using Rampart.Signing.Bundles;
using Rampart.Signing.Signing;

namespace Rampart.Labels.Verification;

/// <summary>
/// Verifies a dataset against its security label: the label's signature with the owner's public key, then the
/// dataset's SHA-256, header and row Merkle root, and, when they differ, which rows were changed, added, removed or
/// moved, each signed row with an RFC 9162 inclusion proof from the signed root (verified before it is reported).
/// </summary>
public static partial class DatasetLabelVerifier
{
    /// <summary>Verifies <paramref name="datasetPath"/> against <paramref name="labelPath"/>.</summary>
    /// <param name="datasetPath">The dataset file as it is now.</param>
    /// <param name="labelPath">The label file; its row-hash file is looked for in the same folder.</param>
    /// <param name="key">The public key the label must be signed with.</param>
    /// <param name="options">Limits; <see cref="LabelOptions.Default"/> when null.</param>
    /// <param name="progress">Receives reading progress.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The verification; it never throws for bad input files.</returns>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public static async Task<LabelVerification> VerifyAsync(
        string datasetPath,
        string labelPath,
        SigningPublicKey key,
        LabelOptions? options = null,
        IProgress<LabelProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetPath);
        ArgumentException.ThrowIfNullOrEmpty(labelPath);
        ArgumentNullException.ThrowIfNull(key);
        options ??= LabelOptions.Default;
        if (options.Validate() is { IsEmpty: false } optionProblems)
        {
            throw new ArgumentException(string.Join("; ", optionProblems.Select(p => $"{p.Field}: {p.Message}")), nameof(options));
        }

        var issues = ImmutableArray.CreateBuilder<LabelIssue>();
        LabelVerification Invalid(LabelIssueKind kind, string message, string? field = null, bool signatureValid = false, DatasetLabel? label = null)
        {
            issues.Add(new LabelIssue(kind, message, field));
            return new LabelVerification { Status = LabelStatus.LabelInvalid, SignatureValid = signatureValid, Label = label, Issues = issues.ToImmutable() };
        }

        // 1. The label: readable, a bundle, signed by this key, a well-formed dataset statement.
        if (NotRegular(labelPath))
        {
            return Invalid(LabelIssueKind.LabelUnreadable, $"The label '{labelPath}' is not a regular file (a device, pipe or socket).");
        }

        byte[] labelBytes;
        try
        {
            var info = new FileInfo(labelPath);
            if (info.Exists && info.Length > options.MaxLabelBytes)
            {
                return Invalid(LabelIssueKind.LabelUnreadable, $"The label '{labelPath}' is {info.Length} bytes, more than the limit of {options.MaxLabelBytes}.");
            }

            labelBytes = await File.ReadAllBytesAsync(labelPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Invalid(LabelIssueKind.LabelUnreadable, $"The label '{labelPath}' cannot be read: {error.Message}");
        }

        SigstoreBundle bundle;
        try
        {
            bundle = BundleParser.ParseBundle(labelBytes);
        }
        catch (BundleFormatException error)
        {
            return Invalid(LabelIssueKind.LabelMalformed, $"The label '{labelPath}' is malformed: {error.Field}: {InnerReason(error)}", error.Field);
        }

        if (!DsseSigner.Verify(bundle.Envelope, key))
        {
            return Invalid(LabelIssueKind.SignatureInvalid, $"The label '{labelPath}' is not signed by the given key: its signature does not verify (the label was edited after signing, or signed with another key).");
        }

        DatasetLabel label;
        try
        {
            label = LabelStatement.Parse(bundle.Envelope.Payload.Span);
        }
        catch (LabelFormatException error)
        {
            return Invalid(LabelIssueKind.LabelMalformed, $"The label '{labelPath}' has a valid signature but a malformed statement: {error.Field}: {InnerReason(error)}", error.Field, signatureValid: true);
        }

        var datasetName = Path.GetFileName(datasetPath);
        if (!string.Equals(label.SubjectName, datasetName, StringComparison.Ordinal))
        {
            issues.Add(new LabelIssue(LabelIssueKind.SubjectNameMismatch, $"The label is for a file named '{label.SubjectName}', not '{datasetName}'.", "subject[0].name"));
        }

        // 2. The signed row hashes, pinned by the SHA-256 in the signed predicate. They are read after the dataset,
        // and only checked by digest when the dataset turns out intact.
        string? rowsPath = null;
        if (label.RowHashes is { } rowsRef)
        {
            rowsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(labelPath))!, rowsRef.File);
            if (!File.Exists(rowsPath) || NotRegular(rowsPath))
            {
                issues.Add(new LabelIssue(LabelIssueKind.RowHashesMissing, $"The row-hash file '{rowsPath}' named by the label is missing: whether the data is intact is decided from the Merkle root alone, and changed rows cannot be named.", "predicate.rowHashes.file"));
                rowsPath = null;
            }
        }
        else
        {
            issues.Add(new LabelIssue(LabelIssueKind.RowHashesMissing, "The label names no row-hash file: whether the data is intact is decided from the Merkle root alone, and changed rows cannot be named.", "predicate.rowHashes"));
        }

        // The signed row hashes, or null with an issue added; inconsistent when the signer signed a contradiction.
        RowHashList? LoadSignedRows(bool keep, out bool inconsistent)
        {
            inconsistent = false;
            try
            {
                var (leaves, sha, count) = RowsFile.Read(rowsPath!, options.MaxRows, keep);
                if (Convert.ToHexStringLower(sha) != label.RowHashes!.Sha256)
                {
                    issues.Add(new LabelIssue(LabelIssueKind.RowHashesTampered, $"The row-hash file '{rowsPath}' does not match the SHA-256 in the signed label; it was changed after signing and is not used.", "predicate.rowHashes.sha256"));
                    return null;
                }

                if (count != label.RowCount || (keep && Convert.ToHexStringLower(MerkleTree.Root(leaves)) != label.RowMerkleRoot))
                {
                    inconsistent = true;
                    issues.Add(new LabelIssue(LabelIssueKind.LabelInconsistent, $"The signed label contradicts its own row-hash file: {count} row hashes (with their root), against rowCount {label.RowCount} and rowMerkleRoot in the label.", "predicate.rowCount"));
                    return null;
                }

                return leaves;
            }
            catch (Exception error) when (error is LabelFormatException or IOException or UnauthorizedAccessException)
            {
                issues.Add(new LabelIssue(LabelIssueKind.RowHashesTampered, $"The row-hash file '{rowsPath}' cannot be used: {(error is LabelFormatException f ? InnerReason(f) : error.Message)}", "predicate.rowHashes"));
                return null;
            }
        }

        // 3. The dataset, read once with the label's separator.
        if (NotRegular(datasetPath))
        {
            issues.Add(new LabelIssue(LabelIssueKind.DatasetUnreadable, $"The dataset '{datasetPath}' is not a regular file (a device, pipe or socket)."));
            return new LabelVerification { Status = LabelStatus.DatasetUnreadable, SignatureValid = true, Label = label, Issues = issues.ToImmutable() };
        }

        var scanned = await DatasetHasher.ScanAsync(datasetPath, options, label.Separator, keepLeaves: rowsPath is not null, progress, cancellationToken).ConfigureAwait(false);
        if (!scanned.IsValid || !scanned.Value!.Complete)
        {
            var problems = scanned.IsValid ? scanned.Value!.Problems : scanned.Problems;
            issues.Add(new LabelIssue(LabelIssueKind.DatasetUnreadable, $"The dataset '{datasetPath}' could not be read to the end: {string.Join(" ", problems.Select(p => p.ToString()))}"));
            return new LabelVerification { Status = LabelStatus.DatasetUnreadable, SignatureValid = true, Label = label, Issues = issues.ToImmutable() };
        }

        var scan = scanned.Value;
        var currentSha = Convert.ToHexStringLower(scan.FileSha256);
        var currentRoot = Convert.ToHexStringLower(scan.RowRoot);
        var schemaSame = Convert.ToHexStringLower(scan.SchemaSha256) == label.SchemaSha256;
        var rowsSame = currentRoot == label.RowMerkleRoot && scan.RowCount == label.RowCount;
        LabelVerification Result(LabelStatus status, RowChanges? rows = null, ConsistencyProofInfo? appended = null) => new()
        {
            Status = status,
            SignatureValid = true,
            Label = label,
            Issues = issues.ToImmutable(),
            CurrentSha256 = currentSha,
            CurrentRowCount = scan.RowCount,
            CurrentRowRoot = currentRoot,
            Rows = rows,
            Appended = appended,
        };

        var rowsInconsistent = false;
        if (currentSha == label.FileSha256)
        {
            if (rowsPath is not null)
            {
                LoadSignedRows(keep: false, out rowsInconsistent);
            }

            if (rowsInconsistent)
            {
                return new LabelVerification { Status = LabelStatus.LabelInvalid, SignatureValid = true, Label = label, Issues = issues.ToImmutable() };
            }

            if (!rowsSame || !schemaSame)
            {
                return Invalid(LabelIssueKind.LabelInconsistent, $"The dataset's SHA-256 matches the label, but the label's rowCount ({label.RowCount}), schema or row root do not describe it ({scan.RowCount} rows): the signed label is wrong.", "predicate.rowCount", signatureValid: true, label);
            }

            return Result(LabelStatus.Intact);
        }

        issues.Add(new LabelIssue(LabelIssueKind.FileDigestMismatch, $"The dataset's SHA-256 is {currentSha}, not the signed {label.FileSha256}."));
        if (rowsSame && schemaSame)
        {
            return Result(LabelStatus.ContentIntact);
        }

        if (!schemaSame)
        {
            issues.Add(new LabelIssue(LabelIssueKind.SchemaChanged, $"The header changed: signed columns [{string.Join(", ", label.Columns)}], now [{string.Join(", ", scan.Columns)}]."));
        }

        if (rowsSame)
        {
            return Result(LabelStatus.Changed);
        }

        var signedLeaves = rowsPath is null ? null : LoadSignedRows(keep: true, out rowsInconsistent);
        if (rowsInconsistent)
        {
            return new LabelVerification { Status = LabelStatus.LabelInvalid, SignatureValid = true, Label = label, Issues = issues.ToImmutable() };
        }

        if (signedLeaves is null)
        {
            issues.Add(new LabelIssue(LabelIssueKind.RowsChanged, $"The rows changed: {scan.RowCount} rows with root {currentRoot}, signed {label.RowCount} rows with root {label.RowMerkleRoot}; without the row-hash file the rows cannot be named."));
            return Result(LabelStatus.Changed);
        }

        var signedRoot = Convert.FromHexString(label.RowMerkleRoot);
        var current = scan.Leaves!;
        if (current.Count > signedLeaves.Count && IsPrefix(signedLeaves, current))
        {
            var appended = ConsistencyProof(signedLeaves.Count, current, signedRoot, scan.RowRoot);
            issues.Add(new LabelIssue(
                LabelIssueKind.RowsAppended,
                $"Rows were only appended: the {signedLeaves.Count} signed rows are unchanged and {current.Count - signedLeaves.Count} rows follow them (from line {scan.Lines![signedLeaves.Count]})"
                + (appended is null ? "." : appended.Verified ? "; the consistency proof from the signed root to the current root verifies." : "; the consistency proof did not verify.")));
            if (appended is { Verified: false })
            {
                issues.Add(new LabelIssue(LabelIssueKind.ProofFailed, "The consistency proof from the signed root to the current root did not verify."));
            }

            return Result(schemaSame ? LabelStatus.Appended : LabelStatus.Changed, appended: appended);
        }

        var diff = RowDiff.Compute(signedLeaves, current, options.MaxEditDistance, cancellationToken);
        var rows = Report(diff, signedLeaves, current, scan.Lines!, signedRoot, options.MaxReportedRows, issues);
        issues.Add(new LabelIssue(LabelIssueKind.RowsChanged, Summary(rows)));
        if (!diff.Exact)
        {
            issues.Add(new LabelIssue(LabelIssueKind.DiffApproximate, $"More than {options.MaxEditDistance} row edits: past the common leading and trailing rows, rows were compared by position, so an insertion or deletion there shows as changed rows."));
        }

        return Result(LabelStatus.Changed, rows);
    }

    /// <summary>A pipe or device would block or never end; files that exist and are not regular are refused.</summary>
    private static bool NotRegular(string path) => File.Exists(path) && SystemFiles.IsRegularFile(path) == false;

    private static string InnerReason(Exception error)
    {
        // The exceptions' messages repeat "malformed ...: field: "; keep the reason after the field.
        var message = error.Message;
        var field = error is BundleFormatException b ? b.Field : error is LabelFormatException l ? l.Field : "";
        var at = field.Length > 0 ? message.IndexOf(field + ": ", StringComparison.Ordinal) : -1;
        return at >= 0 ? message[(at + field.Length + 2)..] : message;
    }
}
