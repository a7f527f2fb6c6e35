namespace Rampart.Labels.Verification;

/// <summary>The overall answer of a label verification.</summary>
public enum LabelStatus
{
    /// <summary>The signature verifies and the file is byte for byte the one labelled.</summary>
    Intact,

    /// <summary>
    /// The signature verifies; the file's bytes differ but its header and every row are the same in the canonical row
    /// encoding (quoting, line endings between records, a byte-order mark or blank lines changed): the data is intact.
    /// </summary>
    ContentIntact,

    /// <summary>The signature verifies; rows were only added at the end (a consistency proof shows the signed rows are a prefix).</summary>
    Appended,

    /// <summary>The signature verifies and the data changed (header or rows).</summary>
    Changed,

    /// <summary>The label cannot be trusted: unreadable, malformed, signed by another key, or inconsistent with itself.</summary>
    LabelInvalid,

    /// <summary>The dataset could not be read (missing, over a limit, or malformed past recovery).</summary>
    DatasetUnreadable,
}
