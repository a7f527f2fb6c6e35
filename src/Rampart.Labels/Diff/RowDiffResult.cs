namespace Rampart.Labels.Diff;

/// <summary>The alignment of the signed rows with the current rows, as 0-based row indexes.</summary>
internal sealed record RowDiffResult
{
    /// <summary>Rows whose content changed in place: (signed index, current index).</summary>
    public required List<(long Original, long Current)> Changed { get; init; }

    /// <summary>Signed rows with no counterpart now.</summary>
    public required List<long> Removed { get; init; }

    /// <summary>Current rows with no counterpart in the signed data.</summary>
    public required List<long> Added { get; init; }

    /// <summary>Rows found unchanged at another position: (signed index, current index).</summary>
    public required List<(long Original, long Current)> Moved { get; init; }

    /// <summary>False when the edit search gave up and the middle rows were compared by position.</summary>
    public required bool Exact { get; init; }

    /// <summary>The number of single-row edits (Myers' D) when exact.</summary>
    public int? EditDistance { get; init; }
}
