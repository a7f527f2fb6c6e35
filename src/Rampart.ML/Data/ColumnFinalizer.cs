using System.Collections.Immutable;
using System.Globalization;

namespace Rampart.ML.Data;

/// <summary>
/// Decides each column's type once every value has been seen, checks declared types, and builds the compact
/// <see cref="DatasetColumn"/>. The inference rules are documented in docs/datasets.md.
/// </summary>
internal sealed class ColumnFinalizer(DatasetReadOptions options, ProblemCollector problems, int rows)
{
    private static readonly (string False, string True)[] BooleanPairs = [("false", "true"), ("no", "yes"), ("0", "1")];

    public DatasetColumn Finalize(ColumnBuilder builder)
    {
        return builder.TextMode ? FinalizeText(builder) : FinalizeNumbers(builder);
    }

    public LabelVector? MakeLabel(DatasetColumn column)
    {
        switch (column.Type)
        {
            case ColumnType.Numeric:
                return LabelVector.Regression(column.Name, rows, column.RawNumbers!);
            case ColumnType.Boolean or ColumnType.Categorical:
                return LabelVector.Classification(column.Name, rows, column.RawCodes!, column.Categories);
            default:
                problems.Add(1, 0, "label", $"The label column '{column.Name}' holds a different value on every row, so it looks like an identifier; declare its type if it really is the label.");
                return null;
        }
    }

    private DatasetColumn FinalizeNumbers(ColumnBuilder builder)
    {
        var numbers = builder.Numbers;
        if (builder.Declared is null && IsZeroOne(numbers.AsSpan(0, rows), out var codes))
        {
            return new DatasetColumn(builder.Name, builder.Index, ColumnType.Boolean, rows, builder.MissingCount, numbers, codes, ["0", "1"]);
        }

        return new DatasetColumn(builder.Name, builder.Index, ColumnType.Numeric, rows, builder.MissingCount, numbers, null, []);
    }

    private DatasetColumn FinalizeText(ColumnBuilder builder)
    {
        var categories = builder.Categories;
        var codes = builder.Codes;
        var parsed = builder.Declared is null or ColumnType.Numeric or ColumnType.Boolean && !builder.IdentifierName ? ParseAll(categories) : null;
        var type = builder.Declared ?? Infer(builder, parsed);
        switch (type)
        {
            case ColumnType.Numeric when parsed is null:
                ReportNotNumbers(builder);
                return new DatasetColumn(builder.Name, builder.Index, type, rows, builder.MissingCount, null, codes, [.. categories]);
            case ColumnType.Numeric:
                var numbers = new float[rows];
                for (var i = 0; i < rows; i++)
                {
                    numbers[i] = codes[i] < 0 ? float.NaN : parsed![codes[i]];
                }

                // The text stays only where it was asked for (sensitive columns), in its original spelling.
                return builder.KeepText
                    ? Sorted(builder, type, numbers)
                    : new DatasetColumn(builder.Name, builder.Index, type, rows, builder.MissingCount, numbers, null, []);
            case ColumnType.Boolean:
                return MakeBoolean(builder, parsed);
            case ColumnType.Identifier:
                return new DatasetColumn(builder.Name, builder.Index, type, rows, builder.MissingCount, null, codes, [.. categories]);
            default:
                if (categories.Count > options.MaxCategories)
                {
                    ReportTooManyCategories(builder);
                }

                return Sorted(builder, type, null);
        }
    }

    private ColumnType Infer(ColumnBuilder builder, float[]? parsed)
    {
        if (builder.IdentifierName)
        {
            return ColumnType.Identifier;
        }

        if (parsed is not null && parsed.Length > 0)
        {
            return parsed.Length == 2 && parsed.Contains(0f) && parsed.Contains(1f) ? ColumnType.Boolean : ColumnType.Numeric;
        }

        if (builder.Categories.Count == 2 && BooleanPair(builder.Categories) is not null)
        {
            return ColumnType.Boolean;
        }

        // Unique text names rows; unique values that are mostly numbers are a numeric column with a typo.
        return builder.MissingCount == 0 && builder.Categories.Count == rows && rows >= options.MinIdentifierRows
            && builder.Categories.Count(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) * 2 <= rows
            ? ColumnType.Identifier
            : ColumnType.Categorical;
    }

    private DatasetColumn MakeBoolean(ColumnBuilder builder, float[]? parsed)
    {
        var categories = builder.Categories;
        var pair = BooleanPair(categories);
        if (pair is null && parsed is not null && parsed.All(x => x is 0f or 1f))
        {
            // Numbers such as 0.0 and 1 that are 0 and 1.
            var zero = Array.IndexOf(parsed, 0f);
            var one = Array.IndexOf(parsed, 1f);
            pair = (zero >= 0 ? categories[zero] : "0", one >= 0 ? categories[one] : "1");
        }

        if (pair is not { } spelling)
        {
            var shown = string.Join(", ", categories.Take(5).Select(c => $"'{TabularDatasetReader.Shorten(c)}'"));
            var (line, column) = categories.Count > 0 ? builder.FirstSeen[0] : (0, 0);
            problems.Add(line, column, builder.Name, $"The column is declared boolean but holds {categories.Count} distinct values ({shown}); expected one pair of true/false, yes/no or 0/1.");
            return new DatasetColumn(builder.Name, builder.Index, ColumnType.Boolean, rows, builder.MissingCount, null, builder.Codes, [.. categories]);
        }

        var remap = new int[categories.Count];
        for (var k = 0; k < categories.Count; k++)
        {
            remap[k] = parsed is not null ? (parsed[k] == 1f ? 1 : 0) : IsTrue(categories[k]) ? 1 : 0;
        }

        var codes = new int[rows];
        float[]? numbers = parsed is null ? null : new float[rows];
        for (var i = 0; i < rows; i++)
        {
            var code = builder.Codes[i];
            codes[i] = code < 0 ? -1 : remap[code];
            if (numbers is not null)
            {
                numbers[i] = code < 0 ? float.NaN : codes[i];
            }
        }

        return new DatasetColumn(builder.Name, builder.Index, ColumnType.Boolean, rows, builder.MissingCount, numbers, codes, [spelling.False, spelling.True]);
    }

    private DatasetColumn Sorted(ColumnBuilder builder, ColumnType type, float[]? numbers)
    {
        var categories = builder.Categories;
        var parsed = ParseAll(categories);
        var order = Enumerable.Range(0, categories.Count).ToArray();
        if (parsed is not null)
        {
            Array.Sort(order, (a, b) => parsed[a].CompareTo(parsed[b]) is var c && c != 0 ? c : string.CompareOrdinal(categories[a], categories[b]));
        }
        else
        {
            Array.Sort(order, (a, b) => string.CompareOrdinal(categories[a], categories[b]));
        }

        var remap = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            remap[order[k]] = k;
        }

        var codes = builder.Codes;
        for (var i = 0; i < rows; i++)
        {
            codes[i] = codes[i] < 0 ? -1 : remap[codes[i]];
        }

        return new DatasetColumn(builder.Name, builder.Index, type, rows, builder.MissingCount, numbers, codes, [.. order.Select(k => categories[k])]);
    }

    private void ReportNotNumbers(ColumnBuilder builder)
    {
        for (var k = 0; k < builder.Categories.Count; k++)
        {
            if (!NumberParser.TryParseFiniteFloat(System.Text.Encoding.UTF8.GetBytes(builder.Categories[k]), out _))
            {
                var (line, column) = builder.FirstSeen[k];
                problems.Add(line, column, builder.Name, $"'{TabularDatasetReader.Shorten(builder.Categories[k])}' is not a number, and the column is declared numeric.");
            }
        }
    }

    private void ReportTooManyCategories(ColumnBuilder builder)
    {
        var hint = builder.FirstText is { } first
            ? $" It held numbers until '{TabularDatasetReader.Shorten(first.Text)}', which may be a typo in a numeric column."
            : " If it names each row, declare it an identifier.";
        var (line, column) = builder.FirstText is { } at ? (at.Line, at.Column) : builder.FirstSeen[options.MaxCategories];
        problems.Add(line, column, builder.Name, $"The column has {builder.Categories.Count} distinct values, more than the limit of {options.MaxCategories} for a categorical column.{hint}");
    }

    private bool IsZeroOne(ReadOnlySpan<float> numbers, out int[] codes)
    {
        bool zero = false, one = false;
        foreach (var x in numbers)
        {
            if (x == 0f)
            {
                zero = true;
            }
            else if (x == 1f)
            {
                one = true;
            }
            else if (!float.IsNaN(x))
            {
                codes = [];
                return false;
            }
        }

        if (!zero || !one)
        {
            codes = [];
            return false;
        }

        codes = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            codes[i] = float.IsNaN(numbers[i]) ? -1 : (int)numbers[i];
        }

        return true;
    }

    private static float[]? ParseAll(IReadOnlyList<string> categories)
    {
        var values = new float[categories.Count];
        for (var k = 0; k < values.Length; k++)
        {
            // The same rule as NumberParser: a finite double that stays finite as a float.
            if (!double.TryParse(categories[k], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || !double.IsFinite(number)
                || !float.IsFinite((float)number))
            {
                return null;
            }

            values[k] = (float)number;
        }

        return values;
    }

    private static (string False, string True)? BooleanPair(IReadOnlyList<string> categories)
    {
        if (categories.Count is 0 or > 2)
        {
            return null;
        }

        foreach (var (f, t) in BooleanPairs)
        {
            string? falseSpelling = null, trueSpelling = null;
            foreach (var c in categories)
            {
                if (c.Equals(f, StringComparison.OrdinalIgnoreCase) && falseSpelling is null)
                {
                    falseSpelling = c;
                }
                else if (c.Equals(t, StringComparison.OrdinalIgnoreCase) && trueSpelling is null)
                {
                    trueSpelling = c;
                }
            }

            if ((falseSpelling is not null ? 1 : 0) + (trueSpelling is not null ? 1 : 0) == categories.Count)
            {
                return (falseSpelling ?? f, trueSpelling ?? t);
            }
        }

        return null;
    }

    private static bool IsTrue(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text == "1";
}
