using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.Labels.Checks;

/// <summary>The rules of the <c>DATA-LABEL</c> check; each has a page at <c>docs/rules/ID.md</c>.</summary>
public static class DatasetLabelRules
{
    /// <summary>RMP-DL-001: the label is unreadable, malformed, not signed by the given key, or contradicts itself.</summary>
    public static RuleDescriptor LabelInvalid { get; } = new()
    {
        Id = "RMP-DL-001",
        Name = "DatasetLabelInvalid",
        Summary = "The dataset's security label is not validly signed by the recorded key, or is malformed.",
        Help = "Re-create the label with 'rampart label create' using the data owner's key, or record the right public key under security_label.public_key. A label whose signature fails may have been edited.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>RMP-DL-002: the dataset differs from the labelled data.</summary>
    public static RuleDescriptor DataChanged { get; } = new()
    {
        Id = "RMP-DL-002",
        Name = "DatasetChangedSinceLabel",
        Summary = "The dataset's rows or header differ from the data its signed label describes.",
        Help = "Run 'rampart label verify' to see the changed, added and removed rows with proofs of the signed rows. If the change is authorised, have the data owner label the new version.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>RMP-DL-003: the label, its key or the dataset cannot be found or read.</summary>
    public static RuleDescriptor Missing { get; } = new()
    {
        Id = "RMP-DL-003",
        Name = "DatasetLabelMissing",
        Summary = "The dataset, its security label or the labeller's public key named in the manifest cannot be read.",
        Help = "Check the paths under the dataset's security_label (relative to the manifest) and that the key is an ECDSA public key PEM.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>RMP-DL-004: the label's subject names another file.</summary>
    public static RuleDescriptor SubjectMismatch { get; } = new()
    {
        Id = "RMP-DL-004",
        Name = "DatasetLabelSubjectMismatch",
        Summary = "The security label was made for a file with another name.",
        Help = "Make sure the manifest pairs each dataset with its own label; if the file was only renamed, label it again under its new name.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>RMP-DL-005: the row-hash file is missing or altered, so changed rows cannot be named.</summary>
    public static RuleDescriptor RowHashesUnavailable { get; } = new()
    {
        Id = "RMP-DL-005",
        Name = "DatasetLabelRowHashesUnavailable",
        Summary = "The label's row-hash file is missing or does not match the signed digest, so changed rows cannot be named.",
        Help = "Keep the '.rows' file written by 'rampart label create' next to the label; integrity is still decided from the signed Merkle root.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>All rules, in id order.</summary>
    public static ImmutableArray<RuleDescriptor> All { get; } = [LabelInvalid, DataChanged, Missing, SubjectMismatch, RowHashesUnavailable];
}
