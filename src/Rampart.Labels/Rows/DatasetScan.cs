using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.Labels.Rows;

/// <summary>What one streaming read of a CSV dataset found: its file digest, header, row count and row Merkle root.</summary>
internal sealed record DatasetScan
{
    /// <summary>SHA-256 of the file's bytes.</summary>
    public required byte[] FileSha256 { get; init; }

    /// <summary>The file's size in bytes.</summary>
    public required long FileBytes { get; init; }

    /// <summary>The separator used.</summary>
    public required char Separator { get; init; }

    /// <summary>The header's column names (empty for an empty file).</summary>
    public required ImmutableArray<string> Columns { get; init; }

    /// <summary>SHA-256 of the header's canonical encoding.</summary>
    public required byte[] SchemaSha256 { get; init; }

    /// <summary>Data rows (records after the header).</summary>
    public required long RowCount { get; init; }

    /// <summary>The RFC 9162 root over the rows' leaf hashes.</summary>
    public required byte[] RowRoot { get; init; }

    /// <summary>The leaf hashes, when they were kept.</summary>
    public RowHashList? Leaves { get; init; }

    /// <summary>The physical line (1-based) of each row, when leaves were kept.</summary>
    public List<long>? Lines { get; init; }

    /// <summary>Problems met while reading; see <see cref="Complete"/>.</summary>
    public ImmutableArray<Problem> Problems { get; init; } = [];

    /// <summary>False when reading stopped early (a limit or unreadable input): the digests then cover only part of the file.</summary>
    public required bool Complete { get; init; }
}
