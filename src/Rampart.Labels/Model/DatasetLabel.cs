using System.Collections.Immutable;

namespace Rampart.Labels.Model;

/// <summary>
/// A dataset security label: the signed in-toto statement's subject (the dataset file and its SHA-256) and its
/// <see cref="PredicateType"/> predicate (the owner's declarations and the dataset's digests).
/// </summary>
public sealed record DatasetLabel
{
    /// <summary>The predicate type of a Rampart dataset label.</summary>
    public const string PredicateType = "https://rampart.dev/dataset-label/v1";

    /// <summary>The only dataset format so far.</summary>
    public const string CsvFormat = "csv";

    /// <summary>The subject name: the dataset's file name when it was labelled.</summary>
    public required string SubjectName { get; init; }

    /// <summary>SHA-256 of the whole dataset file, lower-case hex.</summary>
    public required string FileSha256 { get; init; }

    /// <summary>What the owner declared.</summary>
    public required DatasetLabelInfo Info { get; init; }

    /// <summary>When the label was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The dataset format; <see cref="CsvFormat"/>.</summary>
    public string Format { get; init; } = CsvFormat;

    /// <summary>The field separator the rows were read with.</summary>
    public required char Separator { get; init; }

    /// <summary>The dataset file's size in bytes.</summary>
    public required long FileBytes { get; init; }

    /// <summary>The number of data rows (the header is not a row).</summary>
    public required long RowCount { get; init; }

    /// <summary>The header's column names in order.</summary>
    public required ImmutableArray<string> Columns { get; init; }

    /// <summary>SHA-256 of the header's <see cref="Rows.RowEncoding"/>, lower-case hex.</summary>
    public required string SchemaSha256 { get; init; }

    /// <summary>The row encoding; <see cref="Rows.RowEncoding.Name"/>.</summary>
    public string RowEncoding { get; init; } = Rows.RowEncoding.Name;

    /// <summary>The RFC 9162 Merkle root over the rows' leaf hashes, lower-case hex.</summary>
    public required string RowMerkleRoot { get; init; }

    /// <summary>The companion file holding every row's leaf hash, when one was written.</summary>
    public RowHashesRef? RowHashes { get; init; }
}
