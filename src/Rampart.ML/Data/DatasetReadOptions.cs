using System.Collections.Immutable;
using Rampart.Manifest;

namespace Rampart.ML.Data;

/// <summary>How a CSV file becomes a <see cref="TabularDataset"/>: CSV dialect and limits, the label, the sensitive columns and any declared column types.</summary>
public sealed record DatasetReadOptions
{
    /// <summary>The CSV dialect and limits; default <see cref="CsvOptions.Default"/>.</summary>
    public CsvOptions Csv { get; init; } = CsvOptions.Default;

    /// <summary>The label column, or <c>null</c> (the default) for a dataset without one.</summary>
    public string? Label { get; init; }

    /// <summary>Columns holding sensitive attributes; their original text is always kept. Default none.</summary>
    public ImmutableArray<string> Sensitive { get; init; } = [];

    /// <summary>Types declared by the caller, by column name; columns not named here are inferred. Default none.</summary>
    public ImmutableDictionary<string, ColumnType> ColumnTypes { get; init; } = ImmutableDictionary<string, ColumnType>.Empty;

    /// <summary>The most distinct values a categorical column may have; default 1,000.</summary>
    public int MaxCategories { get; init; } = 1000;

    /// <summary>The fewest rows for which a column of values unique to each row is inferred to be an identifier; default 10.</summary>
    public int MinIdentifierRows { get; init; } = 10;

    /// <summary>Options for a dataset declared in a manifest: its label and sensitive columns, other settings at their defaults.</summary>
    /// <param name="asset">The manifest entry.</param>
    /// <returns>The options.</returns>
    public static DatasetReadOptions ForAsset(DatasetAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return new DatasetReadOptions { Label = asset.Label, Sensitive = asset.Sensitive };
    }
}
