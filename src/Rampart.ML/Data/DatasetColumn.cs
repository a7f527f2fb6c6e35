using System.Collections.Immutable;
using System.Globalization;

namespace Rampart.ML.Data;

/// <summary>
/// One column of a <see cref="TabularDataset"/>, stored compactly: numbers as floats (NaN for missing), text as
/// integer codes into a category list (-1 for missing). A column may hold both, for example a sensitive numeric
/// column whose original text is kept, or a 0/1 boolean column.
/// </summary>
public sealed class DatasetColumn
{
    private readonly float[]? _numbers;
    private readonly int[]? _codes;

    internal DatasetColumn(string name, int index, ColumnType type, int rowCount, int missingCount, float[]? numbers, int[]? codes, ImmutableArray<string> categories)
    {
        Name = name;
        Index = index;
        Type = type;
        RowCount = rowCount;
        MissingCount = missingCount;
        _numbers = numbers;
        _codes = codes;
        Categories = categories.IsDefault ? [] : categories;
    }

    /// <summary>The column name from the header.</summary>
    public string Name { get; }

    /// <summary>The column's position in the file (0-based).</summary>
    public int Index { get; }

    /// <summary>The inferred or declared type.</summary>
    public ColumnType Type { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Rows with a missing value.</summary>
    public int MissingCount { get; }

    /// <summary><c>true</c> when <see cref="Numbers"/> is available (numeric columns, and boolean columns read from 0/1).</summary>
    public bool HasNumbers => _numbers is not null;

    /// <summary><c>true</c> when <see cref="Codes"/> and <see cref="Categories"/> are available (text was kept).</summary>
    public bool HasText => _codes is not null;

    /// <summary>The values as floats, NaN where missing.</summary>
    /// <exception cref="InvalidOperationException">When the column has no numbers (<see cref="HasNumbers"/> is false).</exception>
    public ReadOnlySpan<float> Numbers => _numbers is null
        ? throw new InvalidOperationException($"Column '{Name}' is {Type} and holds no numbers.")
        : _numbers.AsSpan(0, RowCount);

    /// <summary>
    /// Per row, the index into <see cref="Categories"/>, or -1 where missing. For a boolean column 0 is false and 1 true.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the column kept no text (<see cref="HasText"/> is false).</exception>
    public ReadOnlySpan<int> Codes => _codes is null
        ? throw new InvalidOperationException($"Column '{Name}' is {Type} and kept no text.")
        : _codes.AsSpan(0, RowCount);

    /// <summary>
    /// The distinct texts: sorted (numerically when all are numbers, else ordinally) for categorical columns;
    /// the false then the true spelling for boolean columns; first-appearance order for identifiers. Empty when no
    /// text was kept.
    /// </summary>
    public ImmutableArray<string> Categories { get; }

    /// <summary>The value of one row as text: the original text when kept, else the number formatted invariantly.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The text, or <c>null</c> when missing.</returns>
    public string? GetText(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        if (_codes is not null)
        {
            var code = _codes[row];
            return code < 0 ? null : Categories[code];
        }

        var number = _numbers![row];
        return float.IsNaN(number) ? null : number.ToString("R", CultureInfo.InvariantCulture);
    }

    internal float[]? RawNumbers => _numbers;

    internal int[]? RawCodes => _codes;

    internal DatasetColumn SelectRows(ReadOnlySpan<int> rows)
    {
        float[]? numbers = null;
        int[]? codes = null;
        var missing = 0;
        if (_numbers is not null)
        {
            numbers = new float[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                numbers[i] = _numbers[rows[i]];
            }
        }

        if (_codes is not null)
        {
            codes = new int[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                codes[i] = _codes[rows[i]];
            }
        }

        for (var i = 0; i < rows.Length; i++)
        {
            missing += codes is not null ? (codes[i] < 0 ? 1 : 0) : (float.IsNaN(numbers![i]) ? 1 : 0);
        }

        return new DatasetColumn(Name, Index, Type, rows.Length, missing, numbers, codes, Categories);
    }
}
