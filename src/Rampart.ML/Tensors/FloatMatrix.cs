namespace Rampart.ML.Tensors;

/// <summary>
/// A dense row-major matrix of 32-bit floats: the currency between datasets and predictors (rows are samples,
/// columns are features, class probabilities or scores). Mutable storage, fixed shape.
/// </summary>
public sealed class FloatMatrix
{
    /// <summary>Creates a zero matrix.</summary>
    /// <param name="rows">Number of rows (0 or more).</param>
    /// <param name="columns">Number of columns (0 or more).</param>
    /// <exception cref="ArgumentOutOfRangeException">When a size is negative or the product overflows.</exception>
    public FloatMatrix(int rows, int columns)
        : this(rows, columns, new float[checked(Validate(rows, columns))])
    {
    }

    /// <summary>Wraps existing row-major data without copying.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="data">Row-major values; its length must be <paramref name="rows"/> x <paramref name="columns"/>.</param>
    /// <exception cref="ArgumentException">When the length does not match.</exception>
    public FloatMatrix(int rows, int columns, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Validate(rows, columns) != data.Length)
        {
            throw new ArgumentException($"Expected {rows} x {columns} = {(long)rows * columns} values, got {data.Length}.", nameof(data));
        }

        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The row-major values.</summary>
#pragma warning disable CA1819 // Exposed on purpose: numeric kernels work on the raw array.
    public float[] Data { get; }
#pragma warning restore CA1819

    /// <summary>Gets or sets one value.</summary>
    /// <param name="row">Row index.</param>
    /// <param name="column">Column index.</param>
    public float this[int row, int column]
    {
        get => Data[(row * Columns) + column];
        set => Data[(row * Columns) + column] = value;
    }

    /// <summary>One row as a span over the storage.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The row.</returns>
    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>A new matrix holding the given rows, in order.</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>The copy.</returns>
    public FloatMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var result = new FloatMatrix(rows.Length, Columns);
        for (var i = 0; i < rows.Length; i++)
        {
            Row(rows[i]).CopyTo(result.Row(i));
        }

        return result;
    }

    /// <summary>A deep copy.</summary>
    /// <returns>The copy.</returns>
    public FloatMatrix Clone() => new(Rows, Columns, (float[])Data.Clone());

    private static int Validate(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        return checked(rows * columns);
    }
}
