using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>
/// The recorded, reversible mapping from dataset columns to model features: fitted once on training data
/// (<see cref="Fit"/>), applied unchanged to any other data (<see cref="Encode"/>), able to say what each feature
/// means (<see cref="Describe"/>) and to map a feature row back to column values (<see cref="Decode"/>), and stored
/// as JSON beside the model (<see cref="ToJson"/>, <see cref="FromJson"/>).
/// </summary>
public sealed partial class FeatureMap
{
    private FeatureMap(UnknownCategoryPolicy unknownCategories, ImmutableArray<FeatureColumn> columns, ImmutableArray<ExcludedColumn> excluded)
    {
        UnknownCategories = unknownCategories;
        Columns = columns;
        Excluded = excluded;
        Features = [.. columns.SelectMany(DescribeColumn)];
    }

    /// <summary>What encoding does with a category not seen when fitting.</summary>
    public UnknownCategoryPolicy UnknownCategories { get; }

    /// <summary>The columns that become features, in feature order.</summary>
    public ImmutableArray<FeatureColumn> Columns { get; }

    /// <summary>The dataset columns kept out of the features, with the reason.</summary>
    public ImmutableArray<ExcludedColumn> Excluded { get; }

    /// <summary>Every feature, in matrix column order.</summary>
    public ImmutableArray<FeatureInfo> Features { get; }

    /// <summary>The number of features (matrix columns).</summary>
    public int FeatureCount => Features.Length;

    /// <summary>Fits a map on training data.</summary>
    /// <param name="train">The training dataset.</param>
    /// <param name="options">The encoding choices; <c>null</c> for the defaults.</param>
    /// <returns>The map, or problems (an unknown column in <see cref="FeatureMapOptions.Exclude"/>).</returns>
    public static ValidationResult<FeatureMap> Fit(TabularDataset train, FeatureMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new FeatureMapOptions();
        var problems = new List<Problem>();
        var exclude = options.Exclude.IsDefault ? [] : options.Exclude;
        for (var i = 0; i < exclude.Length; i++)
        {
            if (!train.TryGetColumn(exclude[i], out _))
            {
                problems.Add(new Problem { File = train.Source, Field = $"exclude[{i}]", Message = $"There is no column '{exclude[i]}' to exclude.{Suggestions.DidYouMean(exclude[i], train.ColumnNames)}" });
            }
        }

        if (problems.Count > 0)
        {
            return ValidationResult<FeatureMap>.Failure(problems);
        }

        var columns = ImmutableArray.CreateBuilder<FeatureColumn>();
        var excluded = ImmutableArray.CreateBuilder<ExcludedColumn>();
        var next = 0;
        foreach (var column in train.Columns)
        {
            var reason = column.Name == train.Label?.Column ? "label"
                : column.Type == ColumnType.Identifier ? "identifier"
                : !options.IncludeSensitive && train.SensitiveColumns.Contains(column.Name, StringComparer.Ordinal) ? "sensitive"
                : exclude.Contains(column.Name, StringComparer.Ordinal) ? "excluded"
                : column.MissingCount == column.RowCount ? "no values"
                : null;
            if (reason is not null)
            {
                excluded.Add(new ExcludedColumn(column.Name, reason));
                continue;
            }

            var fitted = column.Type switch
            {
                ColumnType.Numeric => FitNumeric(column, options),
                ColumnType.Boolean => FitBoolean(column),
                _ => FitCategorical(column, options),
            };
            var indicator = options.MissingIndicators && column.MissingCount > 0;
            var count = (fitted.Encoding == CategoricalEncoding.OneHot ? fitted.Categories.Length : 1) + (indicator ? 1 : 0);
            columns.Add(fitted with { MissingIndicator = indicator, FirstFeature = next, FeatureCount = count });
            next += count;
        }

        return ValidationResult<FeatureMap>.Success(new FeatureMap(options.UnknownCategories, columns.ToImmutable(), excluded.ToImmutable()));
    }

    /// <summary>What a feature means, in the user's terms (for example <c>purpose = car</c>).</summary>
    /// <param name="featureIndex">The feature (matrix column) index.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the index is not a feature.</exception>
    public string Describe(int featureIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(featureIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(featureIndex, FeatureCount);
        return Features[featureIndex].Description;
    }

    /// <summary>
    /// Maps one encoded row back to column values: numbers un-standardised, the category whose one-hot feature is
    /// largest (none when all are zero), the category at an ordinal position, true when a boolean feature is at least
    /// one half, and <c>null</c> wherever the missing indicator is set. Excluded columns are not recovered.
    /// </summary>
    /// <param name="row">A row of <see cref="FeatureCount"/> features.</param>
    /// <returns>One value per column in <see cref="Columns"/>.</returns>
    /// <exception cref="ArgumentException">When the row has the wrong length.</exception>
    public ImmutableArray<ColumnValue> Decode(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected a row of {FeatureCount} features, got {row.Length}.", nameof(row));
        }

        var values = ImmutableArray.CreateBuilder<ColumnValue>(Columns.Length);
        foreach (var column in Columns)
        {
            var features = row.Slice(column.FirstFeature, column.FeatureCount);
            if (column.MissingIndicator && features[^1] >= 0.5f)
            {
                values.Add(new ColumnValue(column.Name, null));
                continue;
            }

            values.Add(new ColumnValue(column.Name, DecodeValue(column, features)));
        }

        return values.MoveToImmutable();
    }

    private static string? DecodeValue(FeatureColumn column, ReadOnlySpan<float> features)
    {
        switch (column.Type)
        {
            case ColumnType.Numeric:
                var value = (double)features[0];
                if (column.Mean is { } mean && column.StandardDeviation is { } sd)
                {
                    value = (value * sd) + mean;
                }

                return ((float)value).ToString("R", CultureInfo.InvariantCulture);
            case ColumnType.Boolean:
                return column.Categories[features[0] >= 0.5f ? 1 : 0];
            default:
                if (column.Encoding == CategoricalEncoding.Ordinal)
                {
                    var position = (int)MathF.Round(features[0]) - 1;
                    return position >= 0 && position < column.Categories.Length ? column.Categories[position] : null;
                }

                var best = -1;
                for (var k = 0; k < column.Categories.Length; k++)
                {
                    if (features[k] > 0f && (best < 0 || features[k] > features[best]))
                    {
                        best = k;
                    }
                }

                return best < 0 ? null : column.Categories[best];
        }
    }

    private static FeatureColumn FitNumeric(DatasetColumn column, FeatureMapOptions options)
    {
        double sum = 0;
        var n = 0;
        foreach (var x in column.Numbers)
        {
            if (!float.IsNaN(x))
            {
                sum += x;
                n++;
            }
        }

        var mean = sum / n;
        double squares = 0;
        foreach (var x in column.Numbers)
        {
            if (!float.IsNaN(x))
            {
                squares += (x - mean) * (x - mean);
            }
        }

        var sd = Math.Sqrt(squares / n);
        return new FeatureColumn
        {
            Name = column.Name,
            Type = ColumnType.Numeric,
            ImputedValue = mean,
            Mean = options.Standardize ? mean : null,
            StandardDeviation = options.Standardize ? (sd > 0 ? sd : 1) : null,
        };
    }

    private static FeatureColumn FitBoolean(DatasetColumn column)
    {
        double trues = 0;
        var n = 0;
        foreach (var code in column.Codes)
        {
            if (code >= 0)
            {
                trues += code;
                n++;
            }
        }

        return new FeatureColumn { Name = column.Name, Type = ColumnType.Boolean, Categories = column.Categories, ImputedValue = trues / n };
    }

    private static FeatureColumn FitCategorical(DatasetColumn column, FeatureMapOptions options)
    {
        // Only categories that occur: a subset made by SelectRows keeps the whole file's category list.
        var used = new bool[column.Categories.Length];
        foreach (var code in column.Codes)
        {
            if (code >= 0)
            {
                used[code] = true;
            }
        }

        return new FeatureColumn
        {
            Name = column.Name,
            Type = ColumnType.Categorical,
            Encoding = options.CategoricalEncoding,
            Categories = [.. column.Categories.Where((_, k) => used[k])],
        };
    }

    private static IEnumerable<FeatureInfo> DescribeColumn(FeatureColumn column)
    {
        var index = column.FirstFeature;
        switch (column.Type)
        {
            case ColumnType.Numeric:
                yield return new FeatureInfo(index++, column.Name, FeatureKind.Number, null, column.Mean is null ? column.Name : $"{column.Name} (standardised)");
                break;
            case ColumnType.Boolean:
                yield return new FeatureInfo(index++, column.Name, FeatureKind.Boolean, column.Categories[1], $"{column.Name} = {column.Categories[1]}");
                break;
            default:
                if (column.Encoding == CategoricalEncoding.Ordinal)
                {
                    yield return new FeatureInfo(index++, column.Name, FeatureKind.Ordinal, null, $"{column.Name} (ordinal: {string.Join(", ", column.Categories.Take(10).Select((c, k) => $"{k + 1} = {c}"))}{(column.Categories.Length > 10 ? ", ..." : string.Empty)})");
                }
                else
                {
                    foreach (var category in column.Categories)
                    {
                        yield return new FeatureInfo(index++, column.Name, FeatureKind.OneHot, category, $"{column.Name} = {category}");
                    }
                }

                break;
        }

        if (column.MissingIndicator)
        {
            yield return new FeatureInfo(index, column.Name, FeatureKind.MissingIndicator, null, $"{column.Name} is missing");
        }
    }
}
