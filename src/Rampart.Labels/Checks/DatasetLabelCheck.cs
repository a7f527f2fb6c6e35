using System.Collections.Immutable;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.IO;
using Rampart.Labels.Verification;
using Rampart.Manifest;
using Rampart.Signing.Signing;

namespace Rampart.Labels.Checks;

/// <summary>
/// DATA-LABEL: every dataset the manifest lists with a <c>security_label</c> is verified against its signed label
/// (TR 7.3.3 data security label): the signature with the recorded public key, then the file, header and rows.
/// </summary>
public sealed class DatasetLabelCheck : ICheck
{
    /// <summary>The check id.</summary>
    public const string Id = "DATA-LABEL";

    /// <summary>How many changed rows a finding names.</summary>
    public const int RowsNamed = 10;

    /// <summary>The requirement to protect training data from unauthorized modification, which a label verification examines.</summary>
    public const string ModificationRequirement = "REQ-DAT-05";

    private static readonly ImmutableArray<string> TamperThreats = ["THR-025", "THR-001", "THR-026"];

    private readonly LabelOptions _options;

    /// <summary>Creates the check.</summary>
    /// <param name="options">Verification limits, or <c>null</c> for the defaults (at most <see cref="RowsNamed"/> rows of each kind listed).</param>
    public DatasetLabelCheck(LabelOptions? options = null) => _options = options ?? LabelOptions.Default with { MaxReportedRows = RowsNamed };

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = Id,
        Title = "Dataset security labels",
        Description = "Datasets with a security label are verified against it: the label's signature with the data owner's key, the file's SHA-256, its header and a Merkle root over its rows; changed, added and removed rows are named.",
        Techniques = ["TEC-DAT-07"],
        Threats = TamperThreats,
        Stages = ["data-preparation"],
        AssetKinds = [AssetKind.Dataset],
        Rules = DatasetLabelRules.All,
    };

    /// <inheritdoc />
    public async ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var findings = new List<Finding>();
        int labelled = 0, intact = 0;
        foreach (var dataset in manifest.Assets.Datasets)
        {
            if (dataset.SecurityLabel is not { } reference)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            labelled++;
            var requirements = context.Catalogue.Find<Requirement>(ModificationRequirement) is null ? ImmutableArray<string>.Empty : [ModificationRequirement];
            var result = await VerifyOneAsync(manifest, dataset, reference, requirements, findings, cancellationToken).ConfigureAwait(false);
            intact += result?.IsIntact == true ? 1 : 0;
        }

        return new CheckResult
        {
            Findings = [.. findings],
            Covered = labelled > 0 && context.Catalogue.Find<Requirement>(ModificationRequirement) is not null ? [ModificationRequirement] : [],
            Measurements =
            [
                new Measurement { CheckId = Id, Metric = "datasets.labelled", Value = labelled, Unit = "count", Verdict = Verdict.Info },
                new Measurement
                {
                    CheckId = Id,
                    Metric = "datasets.label_not_intact",
                    Value = labelled - intact,
                    Threshold = 0,
                    Unit = "count",
                    Verdict = labelled == intact ? Verdict.Pass : Verdict.Fail,
                    Threats = TamperThreats,
                },
            ],
        };
    }

    private async Task<LabelVerification?> VerifyOneAsync(SystemManifest manifest, DatasetAsset dataset, DatasetLabelRef reference, ImmutableArray<string> requirements, List<Finding> findings, CancellationToken cancellationToken)
    {
        var labelFile = CheckContext.DisplayPath(reference.Path);
        void Add(RuleDescriptor rule, string message, string file, ImmutableArray<string> threats, params (string Key, string Value)[] evidence)
        {
            var map = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).Add("asset", dataset.Id);
            foreach (var (key, value) in evidence)
            {
                map = map.SetItem(key, value);
            }

            findings.Add(new Finding
            {
                RuleId = rule.Id,
                CheckId = Id,
                Severity = rule.DefaultSeverity,
                Message = $"Dataset '{dataset.Id}': {message}",
                Location = new FindingLocation { File = file, Logical = dataset.Id },
                Evidence = map,
                Threats = threats,

                // A label that cannot be checked, or data that differs from it, fails the modification requirement.
                Requirements = rule == DatasetLabelRules.SubjectMismatch || (rule == DatasetLabelRules.RowHashesUnavailable && threats.IsEmpty) ? [] : requirements,
            });
        }

        var missing = new List<string>();
        string Resolve(string? relative, string what)
        {
            if (relative is null)
            {
                missing.Add($"the manifest gives no {what} path");
                return "";
            }

            if (SystemFiles.Resolve(manifest.BaseDirectory, relative, out var full) is { } problem)
            {
                missing.Add($"the {what} '{CheckContext.DisplayPath(relative)}' cannot be used: {problem}");
            }

            return full;
        }

        var datasetPath = Resolve(dataset.Path, "dataset");
        var labelPath = Resolve(reference.Path, "label");
        var keyPath = Resolve(reference.PublicKey, "public key");
        if (missing.Count > 0)
        {
            Add(DatasetLabelRules.Missing, string.Join("; ", missing) + ".", labelFile, []);
            return null;
        }

        SigningPublicKey key;
        try
        {
            key = SigningPublicKey.Load(keyPath);
        }
        catch (KeyFileException error)
        {
            Add(DatasetLabelRules.Missing, $"the public key cannot be read: {error.Message}", CheckContext.DisplayPath(reference.PublicKey), []);
            return null;
        }

        var result = await DatasetLabelVerifier.VerifyAsync(datasetPath, labelPath, key, _options, progress: null, cancellationToken).ConfigureAwait(false);
        var status = LabelReport.StatusName(result.Status);
        var datasetFile = CheckContext.DisplayPath(dataset.Path ?? labelFile);
        foreach (var issue in result.Issues)
        {
            switch (issue.Kind)
            {
                case LabelIssueKind.LabelUnreadable or LabelIssueKind.LabelMalformed or LabelIssueKind.SignatureInvalid or LabelIssueKind.LabelInconsistent:
                    Add(DatasetLabelRules.LabelInvalid, issue.Message, labelFile, TamperThreats, ("status", status), ("issue", LabelReport.KindName(issue.Kind)), ("field", issue.Field ?? ""));
                    break;
                case LabelIssueKind.DatasetUnreadable:
                    Add(DatasetLabelRules.Missing, issue.Message, datasetFile, []);
                    break;
                case LabelIssueKind.SubjectNameMismatch:
                    Add(DatasetLabelRules.SubjectMismatch, issue.Message, labelFile, [], ("status", status));
                    break;
                case LabelIssueKind.RowHashesMissing or LabelIssueKind.RowHashesTampered:
                    Add(DatasetLabelRules.RowHashesUnavailable, issue.Message, labelFile, issue.Kind == LabelIssueKind.RowHashesTampered ? TamperThreats : [], ("issue", LabelReport.KindName(issue.Kind)));
                    break;
                case LabelIssueKind.SchemaChanged or LabelIssueKind.RowsChanged or LabelIssueKind.RowsAppended:
                    Add(DatasetLabelRules.DataChanged, issue.Message, datasetFile, TamperThreats, Evidence(result, status));
                    break;
                default:
                    // File digest differences, approximate diffs and proof failures are stated by the findings above.
                    break;
            }
        }

        return result;
    }

    private static (string, string)[] Evidence(LabelVerification result, string status)
    {
        var evidence = new List<(string, string)> { ("status", status) };
        if (result.Label is { } label)
        {
            evidence.Add(("signed_sha256", label.FileSha256));
            evidence.Add(("signed_rows", label.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            evidence.Add(("signed_row_root", label.RowMerkleRoot));
        }

        if (result.CurrentSha256 is not null)
        {
            evidence.Add(("current_sha256", result.CurrentSha256));
            evidence.Add(("current_rows", (result.CurrentRowCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (result.Rows is { } rows)
        {
            evidence.Add(("rows_changed", rows.ChangedCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            evidence.Add(("rows_added", rows.AddedCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            evidence.Add(("rows_removed", rows.RemovedCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            evidence.Add(("rows_moved", rows.MovedCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return [.. evidence];
    }
}
