namespace Rampart.Labels.Verification;

/// <summary>How one row differs from the signed data.</summary>
public enum RowChangeKind
{
    /// <summary>The row's content changed in place.</summary>
    Changed,

    /// <summary>The row is new.</summary>
    Added,

    /// <summary>A signed row is gone.</summary>
    Removed,

    /// <summary>A signed row is unchanged but at another position.</summary>
    Moved,
}
