using Rampart.Diagnostics;
using Rampart.ML.Tensors;

namespace Rampart.ML.Data;

/// <content>Encoding a dataset with a fitted map.</content>
public sealed partial class FeatureMap
{
    /// <summary>
    /// Encodes every row of a dataset as features, exactly as fitted: missing numbers become the fitted mean,
    /// categories their fitted one-hot or ordinal features, unknown categories follow <see cref="UnknownCategories"/>.
    /// </summary>
    /// <param name="data">The dataset (training data or any other with the same columns).</param>
    /// <returns>A matrix of <c>RowCount</c> x <see cref="FeatureCount"/>, or every problem found (a missing column, a column of another type, unknown categories).</returns>
    public ValidationResult<FloatMatrix> Encode(TabularDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var problems = new List<Problem>();
        var matrix = new FloatMatrix(data.RowCount, FeatureCount);
        foreach (var column in Columns)
        {
            if (!data.TryGetColumn(column.Name, out var source))
            {
                problems.Add(Problem(data, column.Name, $"The column '{column.Name}' the feature map was fitted with is not in the data.{Suggestions.DidYouMean(column.Name, data.ColumnNames)}"));
                continue;
            }

            switch (column.Type)
            {
                case ColumnType.Numeric:
                    EncodeNumeric(column, source, matrix, data, problems);
                    break;
                case ColumnType.Boolean:
                    EncodeBoolean(column, source, matrix, data, problems);
                    break;
                default:
                    EncodeCategorical(column, source, matrix, data, problems);
                    break;
            }
        }

        return problems.Count > 0 ? ValidationResult<FloatMatrix>.Failure(problems) : ValidationResult<FloatMatrix>.Success(matrix);
    }

    private static Problem Problem(TabularDataset data, string column, string message) =>
        new() { File = data.Source, Field = column, Message = message };

    private static void EncodeNumeric(FeatureColumn column, DatasetColumn source, FloatMatrix matrix, TabularDataset data, List<Problem> problems)
    {
        if (!source.HasNumbers)
        {
            problems.Add(Problem(data, column.Name, $"The column was numeric when the feature map was fitted but is {source.Type} here (for example '{FirstText(source)}')."));
            return;
        }

        var numbers = source.Numbers;
        var stride = matrix.Columns;
        var values = matrix.Data;
        var at = column.FirstFeature;
        var imputed = column.ImputedValue ?? 0;
        var mean = column.Mean ?? 0;
        var scale = 1 / (column.StandardDeviation ?? 1);
        for (var i = 0; i < numbers.Length; i++)
        {
            var x = numbers[i];
            var missing = float.IsNaN(x);
            values[(i * stride) + at] = (float)(((missing ? imputed : x) - mean) * scale);
            if (column.MissingIndicator)
            {
                values[(i * stride) + at + 1] = missing ? 1f : 0f;
            }
        }
    }

    private static void EncodeBoolean(FeatureColumn column, DatasetColumn source, FloatMatrix matrix, TabularDataset data, List<Problem> problems)
    {
        // Map the data's own spellings (or numbers) to 0/1 once, then each row by code.
        float[] byCode;
        if (source.HasText)
        {
            byCode = new float[source.Categories.Length];
            for (var k = 0; k < byCode.Length; k++)
            {
                var text = source.Categories[k];
                byCode[k] = text.Equals(column.Categories[1], StringComparison.OrdinalIgnoreCase) ? 1f
                    : text.Equals(column.Categories[0], StringComparison.OrdinalIgnoreCase) ? 0f
                    : float.NaN;
                if (float.IsNaN(byCode[k]) && Occurs(source, k))
                {
                    problems.Add(Problem(data, column.Name, $"'{text}' is not '{column.Categories[0]}' or '{column.Categories[1]}', the two values of this boolean column when the feature map was fitted."));
                }
            }
        }
        else
        {
            byCode = [0f, 1f];
            foreach (var x in source.Numbers)
            {
                if (!float.IsNaN(x) && x is not (0f or 1f))
                {
                    problems.Add(Problem(data, column.Name, $"{x} is not 0 or 1, the two values of this boolean column when the feature map was fitted."));
                    return;
                }
            }
        }

        var stride = matrix.Columns;
        var values = matrix.Data;
        var at = column.FirstFeature;
        var imputed = (float)(column.ImputedValue ?? 0);
        for (var i = 0; i < source.RowCount; i++)
        {
            var value = source.HasText
                ? (source.Codes[i] is var code && code >= 0 ? byCode[code] : float.NaN)
                : source.Numbers[i];
            var missing = float.IsNaN(value);
            values[(i * stride) + at] = missing ? imputed : value;
            if (column.MissingIndicator)
            {
                values[(i * stride) + at + 1] = missing ? 1f : 0f;
            }
        }
    }

    private void EncodeCategorical(FeatureColumn column, DatasetColumn source, FloatMatrix matrix, TabularDataset data, List<Problem> problems)
    {
        var positions = column.Categories.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k, StringComparer.Ordinal);
        var byCode = source.HasText ? [.. source.Categories.Select(c => positions.TryGetValue(c, out var k) ? k : -2)] : Array.Empty<int>();
        var unknown = new Dictionary<string, (int FirstRow, int Count)>(StringComparer.Ordinal);
        var stride = matrix.Columns;
        var values = matrix.Data;
        var at = column.FirstFeature;
        var ordinal = column.Encoding == CategoricalEncoding.Ordinal;
        var indicatorAt = at + column.FeatureCount - 1;
        for (var i = 0; i < source.RowCount; i++)
        {
            // -1 missing, -2 unknown, else the fitted position.
            int position;
            if (source.HasText)
            {
                var code = source.Codes[i];
                position = code < 0 ? -1 : byCode[code];
            }
            else
            {
                var text = source.GetText(i);
                position = text is null ? -1 : positions.TryGetValue(text, out var k) ? k : -2;
            }

            if (position == -2)
            {
                var text = source.GetText(i)!;
                unknown[text] = unknown.TryGetValue(text, out var seen) ? (seen.FirstRow, seen.Count + 1) : (i, 1);
            }
            else if (position >= 0)
            {
                values[(i * stride) + at + (ordinal ? 0 : position)] = ordinal ? position + 1 : 1f;
            }

            if (column.MissingIndicator)
            {
                values[(i * stride) + indicatorAt] = position == -1 ? 1f : 0f;
            }
        }

        if (UnknownCategories == UnknownCategoryPolicy.Error)
        {
            var known = string.Join(", ", column.Categories.Take(10).Select(c => $"'{c}'")) + (column.Categories.Length > 10 ? ", ..." : string.Empty);
            foreach (var (text, (firstRow, count)) in unknown.OrderBy(u => u.Value.FirstRow))
            {
                problems.Add(Problem(data, column.Name, $"'{TabularDatasetReader.Shorten(text)}' (row {firstRow + 1}{(count > 1 ? $" and {count - 1} more" : string.Empty)}) is a category the feature map was not fitted with (known: {known})."));
            }
        }
    }

    private static bool Occurs(DatasetColumn column, int code)
    {
        foreach (var c in column.Codes)
        {
            if (c == code)
            {
                return true;
            }
        }

        return false;
    }

    private static string? FirstText(DatasetColumn column)
    {
        for (var i = 0; i < column.RowCount; i++)
        {
            if (column.GetText(i) is { } text)
            {
                return text;
            }
        }

        return null;
    }
}
