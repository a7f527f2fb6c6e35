using System.Text.Json;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <content>Storing a map as JSON beside a model, and reading it back.</content>
public sealed partial class FeatureMap
{
    /// <summary>The <c>schema</c> value of a stored feature map.</summary>
    public const string JsonSchema = "rampart-feature-map";

    /// <summary>The format version written by <see cref="ToJson"/>.</summary>
    public const int JsonVersion = 1;

    /// <summary>The map as indented JSON (enums as kebab-case strings); <see cref="FromJson"/> reads it back to an equal map.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(
        new FeatureMapDocument { Schema = JsonSchema, Version = JsonVersion, UnknownCategories = UnknownCategories, Columns = Columns, Excluded = Excluded },
        FeatureMapJsonContext.Default.FeatureMapDocument);

    /// <summary>Reads a map written by <see cref="ToJson"/>, checking that it is consistent.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file it came from, for problems; <c>null</c> when not a file.</param>
    /// <returns>The map, or every problem found.</returns>
    public static ValidationResult<FeatureMap> FromJson(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        FeatureMapDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, FeatureMapJsonContext.Default.FeatureMapDocument);
        }
        catch (JsonException ex)
        {
            return ValidationResult<FeatureMap>.Failure([new Problem
            {
                File = source,
                Line = (int)(ex.LineNumber ?? -1) + 1,
                Column = (int)(ex.BytePositionInLine ?? -1) + 1,
                Field = ex.Path,
                Message = $"This is not a valid feature map: {ex.Message}",
            }]);
        }

        var problems = new List<Problem>();
        void Add(string field, string message) => problems.Add(new Problem { File = source, Field = field, Message = message });
        if (document is null)
        {
            Add("$", "The feature map is empty (null).");
            return ValidationResult<FeatureMap>.Failure(problems);
        }

        if (document.Schema != JsonSchema)
        {
            Add("schema", $"Expected schema '{JsonSchema}', got '{document.Schema}'.");
        }

        if (document.Version != JsonVersion)
        {
            Add("version", $"Feature map version {document.Version} is not supported (this Rampart reads version {JsonVersion}).");
        }

        var columns = document.Columns.IsDefault ? [] : document.Columns;
        var next = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var field = $"columns[{i}]";
            var categories = column.Categories.IsDefault ? [] : column.Categories;
            var expected = column.Type switch
            {
                ColumnType.Numeric or ColumnType.Boolean => 1,
                ColumnType.Categorical => column.Encoding == CategoricalEncoding.OneHot ? categories.Length : 1,
                _ => -1,
            };
            if (expected < 0)
            {
                Add($"{field}.type", $"A {column.Type} column cannot be a feature.");
                continue;
            }

            if (column.Type == ColumnType.Boolean && categories.Length != 2)
            {
                Add($"{field}.categories", "A boolean column needs its false and true spellings.");
            }

            if (column.Type == ColumnType.Categorical && column.Encoding is null)
            {
                Add($"{field}.encoding", "A categorical column needs an encoding.");
            }

            if (column.Type != ColumnType.Categorical && column.ImputedValue is null)
            {
                Add($"{field}.imputedValue", "A numeric or boolean column needs the value imputed for missing ones.");
            }

            if (column.StandardDeviation is <= 0)
            {
                Add($"{field}.standardDeviation", "The standard deviation must be positive.");
            }

            expected += column.MissingIndicator ? 1 : 0;
            if (column.FirstFeature != next || column.FeatureCount != expected)
            {
                Add(field, $"The column should cover features {next} to {next + expected - 1}, but says {column.FirstFeature} and {column.FeatureCount} features.");
            }

            next += expected;
        }

        return problems.Count > 0
            ? ValidationResult<FeatureMap>.Failure(problems)
            : ValidationResult<FeatureMap>.Success(new FeatureMap(document.UnknownCategories, columns, document.Excluded.IsDefault ? [] : document.Excluded));
    }
}
