using System.Collections.Frozen;
using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>
/// A table read from a file: typed columns stored compactly, an optional label, the sensitive columns named by the
/// caller, and where it came from (file and SHA-256). Immutable; <see cref="SelectRows"/> makes subsets.
/// </summary>
public sealed class TabularDataset
{
    private readonly FrozenDictionary<string, DatasetColumn> _byName;

    internal TabularDataset(string source, string? sha256, int rowCount, ImmutableArray<DatasetColumn> columns, LabelVector? label, ImmutableArray<string> sensitive)
    {
        Source = source;
        Sha256 = sha256;
        RowCount = rowCount;
        Columns = columns;
        Label = label;
        SensitiveColumns = sensitive;
        _byName = columns.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The file (or source name) the rows were read from.</summary>
    public string Source { get; }

    /// <summary>The SHA-256 of the file's bytes as lower-case hex; <c>null</c> for a subset made by <see cref="SelectRows"/>.</summary>
    public string? Sha256 { get; }

    /// <summary>Number of rows (the header is not a row).</summary>
    public int RowCount { get; }

    /// <summary>Every column, in file order.</summary>
    public ImmutableArray<DatasetColumn> Columns { get; }

    /// <summary>The column names, in file order.</summary>
    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    /// <summary>The label, or <c>null</c> when no label column was named.</summary>
    public LabelVector? Label { get; }

    /// <summary>The names of the sensitive columns, as given by the caller.</summary>
    public ImmutableArray<string> SensitiveColumns { get; }

    /// <summary>A column by name (exact, case-sensitive).</summary>
    /// <param name="name">The column name.</param>
    /// <exception cref="KeyNotFoundException">When there is no such column; the message suggests a close name.</exception>
    public DatasetColumn this[string name] => TryGetColumn(name, out var column)
        ? column
        : throw new KeyNotFoundException($"There is no column '{name}' in {Source}.{Suggestions.DidYouMean(name, ColumnNames)}");

    /// <summary>Looks a column up by name.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="column">The column, when found.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DatasetColumn? column)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out column);
    }

    /// <summary>A sensitive column, whose <see cref="DatasetColumn.GetText"/> gives the original values.</summary>
    /// <param name="name">One of <see cref="SensitiveColumns"/>.</param>
    /// <returns>The column.</returns>
    /// <exception cref="KeyNotFoundException">When the name is not a sensitive column.</exception>
    public DatasetColumn Sensitive(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SensitiveColumns.Contains(name, StringComparer.Ordinal)
            ? this[name]
            : throw new KeyNotFoundException($"'{name}' is not a sensitive column of {Source}.{Suggestions.DidYouMean(name, SensitiveColumns)}");
    }

    /// <summary>A new dataset holding the given rows, in the given order (repeats allowed, as for a bootstrap sample).</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>The subset; its <see cref="Sha256"/> is <c>null</c> because it is no longer the file.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When an index is outside the dataset.</exception>
    public TabularDataset SelectRows(ReadOnlySpan<int> rows)
    {
        foreach (var row in rows)
        {
            if ((uint)row >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row {row} is outside the dataset of {RowCount} rows.");
            }
        }

        var columns = ImmutableArray.CreateBuilder<DatasetColumn>(Columns.Length);
        foreach (var column in Columns)
        {
            columns.Add(column.SelectRows(rows));
        }

        return new TabularDataset(Source, null, rows.Length, columns.MoveToImmutable(), Label?.SelectRows(rows), SensitiveColumns);
    }
}
