using System.Collections.Immutable;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// One sensitive feature (attribute) (for example <c>sex</c>): its name, its groups, and the group of every row as an index
/// into <see cref="Groups"/> (-1 where the value is missing). Immutable.
/// </summary>
public sealed class SensitiveFeature
{
    private readonly int[] _codes;

    private SensitiveFeature(string name, ImmutableArray<string> groups, int[] codes)
    {
        Name = name;
        Groups = groups;
        _codes = codes;
    }

    /// <summary>The attribute's name, used in group labels, problems and threshold verdicts.</summary>
    public string Name { get; }

    /// <summary>The distinct group values, in the order their indices refer to.</summary>
    public ImmutableArray<string> Groups { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _codes.Length;

    /// <summary>Per row, the index into <see cref="Groups"/>, or -1 where the value is missing.</summary>
    public ReadOnlySpan<int> Codes => _codes;

    /// <summary>Makes an attribute from one text value per row; groups are sorted ordinally.</summary>
    /// <param name="name">The attribute's name; not empty.</param>
    /// <param name="values">One value per row; <c>null</c> marks a missing value.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException">When <paramref name="name"/> is empty or blank.</exception>
    public static SensitiveFeature FromValues(string name, IReadOnlyList<string?> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value is not null)
            {
                distinct.Add(value);
            }
        }

        var groups = distinct.ToImmutableArray();
        var index = new Dictionary<string, int>(groups.Length, StringComparer.Ordinal);
        for (var i = 0; i < groups.Length; i++)
        {
            index[groups[i]] = i;
        }

        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = values[i] is { } v ? index[v] : -1;
        }

        return new SensitiveFeature(name, groups, codes);
    }

    /// <summary>Makes an attribute from group indices, as stored by a dataset column.</summary>
    /// <param name="name">The attribute's name; not empty.</param>
    /// <param name="groups">The group values; distinct.</param>
    /// <param name="codes">Per row, an index into <paramref name="groups"/>, or -1 for missing. Copied.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException">When the name is blank, the groups repeat a value, or a code is out of range.</exception>
    public static SensitiveFeature FromCodes(string name, IReadOnlyList<string> groups, ReadOnlySpan<int> codes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Distinct(StringComparer.Ordinal).Count() != groups.Count)
        {
            throw new ArgumentException($"The groups of '{name}' repeat a value.", nameof(groups));
        }

        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] < -1 || codes[i] >= groups.Count)
            {
                throw new ArgumentException($"Row {i}: group index {codes[i]} is outside -1..{groups.Count - 1}.", nameof(codes));
            }
        }

        return new SensitiveFeature(name, [.. groups], codes.ToArray());
    }

    /// <summary>
    /// Makes an attribute from a dataset column: its categories when it kept text (sensitive columns always do),
    /// else its numbers formatted invariantly.
    /// </summary>
    /// <param name="column">The column.</param>
    /// <returns>The attribute, named after the column.</returns>
    public static SensitiveFeature FromColumn(DatasetColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.HasText)
        {
            return FromCodes(column.Name, column.Categories, column.Codes);
        }

        var values = new string?[column.RowCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column.GetText(i);
        }

        return FromValues(column.Name, values);
    }

    /// <summary>The dataset's sensitive columns (<see cref="TabularDataset.SensitiveColumns"/>) as features, in that order.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>One feature per sensitive column; empty when the dataset names none.</returns>
    public static ImmutableArray<SensitiveFeature> FromDataset(TabularDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return [.. dataset.SensitiveColumns.Select(name => FromColumn(dataset.Sensitive(name)))];
    }
}
