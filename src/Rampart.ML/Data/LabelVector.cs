using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>
/// The label of every row: a class index for classification (into <see cref="ClassNames"/>), or a number for
/// regression. Rows never have a missing label: the reader reports those as problems.
/// </summary>
public sealed class LabelVector
{
    private readonly int[]? _classes;
    private readonly float[]? _values;

    private LabelVector(string column, LabelTask task, int rowCount, int[]? classes, float[]? values, ImmutableArray<string> classNames)
    {
        Column = column;
        Task = task;
        RowCount = rowCount;
        _classes = classes;
        _values = values;
        ClassNames = classNames;
    }

    /// <summary>The label column's name.</summary>
    public string Column { get; }

    /// <summary>Classification or regression.</summary>
    public LabelTask Task { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The class names in index order (the column's categories); empty for regression.</summary>
    public ImmutableArray<string> ClassNames { get; }

    /// <summary>The class index of every row.</summary>
    /// <exception cref="InvalidOperationException">For a regression label.</exception>
    public ReadOnlySpan<int> ClassIndices => _classes is null
        ? throw new InvalidOperationException($"Label '{Column}' is a regression target and has no classes.")
        : _classes.AsSpan(0, RowCount);

    /// <summary>The target value of every row.</summary>
    /// <exception cref="InvalidOperationException">For a classification label.</exception>
    public ReadOnlySpan<float> Values => _values is null
        ? throw new InvalidOperationException($"Label '{Column}' is a classification target; use ClassIndices.")
        : _values.AsSpan(0, RowCount);

    /// <summary>How many rows have each class, in class index order.</summary>
    /// <returns>The counts; empty for regression.</returns>
    public ImmutableArray<int> ClassCounts()
    {
        if (_classes is null)
        {
            return [];
        }

        var counts = new int[ClassNames.Length];
        foreach (var c in ClassIndices)
        {
            counts[c]++;
        }

        return [.. counts];
    }

    internal static LabelVector Classification(string column, int rowCount, int[] classes, ImmutableArray<string> names) =>
        new(column, LabelTask.Classification, rowCount, classes, null, names);

    internal static LabelVector Regression(string column, int rowCount, float[] values) =>
        new(column, LabelTask.Regression, rowCount, null, values, []);

    internal LabelVector SelectRows(ReadOnlySpan<int> rows)
    {
        if (_classes is not null)
        {
            var classes = new int[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                classes[i] = _classes[rows[i]];
            }

            return Classification(Column, rows.Length, classes, ClassNames);
        }

        var values = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = _values![rows[i]];
        }

        return Regression(Column, rows.Length, values);
    }
}
