namespace Rampart.Labels.Verification;

/// <summary>What a verification found, one kind per statement in the report.</summary>
public enum LabelIssueKind
{
    /// <summary>The label file cannot be read.</summary>
    LabelUnreadable,

    /// <summary>The label file is not a well-formed bundle or statement; the issue names the field.</summary>
    LabelMalformed,

    /// <summary>No signature in the label verifies with the given public key (payload edited, or another key).</summary>
    SignatureInvalid,

    /// <summary>The signed label contradicts itself or its row-hash file (for example a row count that does not match).</summary>
    LabelInconsistent,

    /// <summary>The dataset cannot be read, or reading stopped early.</summary>
    DatasetUnreadable,

    /// <summary>The label's subject names another file.</summary>
    SubjectNameMismatch,

    /// <summary>The dataset file's SHA-256 differs from the signed one.</summary>
    FileDigestMismatch,

    /// <summary>The header's column names differ from the signed ones.</summary>
    SchemaChanged,

    /// <summary>Rows were changed, added, removed or moved.</summary>
    RowsChanged,

    /// <summary>Rows were only appended.</summary>
    RowsAppended,

    /// <summary>The row-hash file is missing, so changed rows cannot be named.</summary>
    RowHashesMissing,

    /// <summary>The row-hash file does not match the SHA-256 in the signed label, or is malformed.</summary>
    RowHashesTampered,

    /// <summary>The row diff gave up after the edit limit and compared the remaining rows by position.</summary>
    DiffApproximate,

    /// <summary>A proof built from the signed row hashes did not verify against the signed root (should not happen).</summary>
    ProofFailed,
}
