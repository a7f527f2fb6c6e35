using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Mitigation;

/// <summary>The <c>rampart-thresholds/v1</c> file format of <see cref="ThresholdPolicy"/>.</summary>
public sealed partial record ThresholdPolicy
{
    private static readonly string[] TopFields =
    [
        "format", "constraint", "objective", "sensitive_features", "favourable_class", "label", "grid_size", "target_rate",
        "target_true_positive_rate", "expected_accuracy", "groups", "rule",
    ];

    private static readonly string[] GroupFields = ["group", "values", "threshold0", "threshold1", "p0", "p_ignore", "constant", "count"];

    /// <summary>
    /// Writes the policy as <c>rampart-thresholds/v1</c> JSON (snake_case fields, see docs/evaluation.md). Infinite
    /// thresholds are the strings <c>"Infinity"</c> and <c>"-Infinity"</c>.
    /// </summary>
    /// <returns>Indented JSON ending with a newline.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("constraint", FairnessConstraints.ToName(Constraint));
            w.WriteString("objective", Objective);
            w.WriteStartArray("sensitive_features");
            foreach (var feature in Features)
            {
                w.WriteStringValue(feature);
            }

            w.WriteEndArray();
            WriteNullable(w, "favourable_class", FavourableClass);
            WriteNullable(w, "label", Label);
            w.WriteNumber("grid_size", GridSize);
            w.WriteNumber("target_rate", TargetRate);
            if (TargetTruePositiveRate is { } tpr)
            {
                w.WriteNumber("target_true_positive_rate", tpr);
            }

            w.WriteNumber("expected_accuracy", ExpectedAccuracy);
            w.WriteString("rule", "u ~ U[0,1); if u < p_ignore: y = (u < p_ignore * constant); else v = (u - p_ignore) / (1 - p_ignore), y = score > (v < p0 ? threshold0 : threshold1)");
            w.WriteStartArray("groups");
            foreach (var g in Groups)
            {
                w.WriteStartObject();
                w.WriteString("group", g.Group);
                w.WriteStartArray("values");
                foreach (var value in g.Values)
                {
                    w.WriteStringValue(value);
                }

                w.WriteEndArray();
                WriteThreshold(w, "threshold0", g.Threshold0);
                WriteThreshold(w, "threshold1", g.Threshold1);
                w.WriteNumber("p0", g.Probability0);
                w.WriteNumber("p_ignore", g.IgnoreProbability);
                w.WriteNumber("constant", g.ConstantProbability);
                w.WriteNumber("count", g.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads and validates a <c>rampart-thresholds/v1</c> document.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">The file name problems carry; <c>null</c> for none.</param>
    /// <returns>The policy, or every problem, each naming its field (for example <c>groups[1].p0</c>).</returns>
    public static ValidationResult<ThresholdPolicy> FromJson(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var problems = new List<Problem>();
        void Add(string field, string message) => problems.Add(new Problem { File = source, Field = field, Message = message });
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem { File = source, Line = (int)(ex.LineNumber ?? -1) + 1, Field = "json", Message = $"Not valid JSON: {ex.Message}" });
            return ValidationResult<ThresholdPolicy>.Failure(problems);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Add("json", $"The document is a JSON {Kind(root)}; a {Format} file is an object.");
                return ValidationResult<ThresholdPolicy>.Failure(problems);
            }

            Unknown(root, TopFields, string.Empty, Add);
            var format = String(root, "format", true, Add);
            if (format is not null && format != Format)
            {
                Add("format", $"'{format}' is not supported; this reader takes '{Format}'.");
            }

            var constraintName = String(root, "constraint", true, Add);
            var constraint = FairnessConstraint.DemographicParity;
            if (constraintName is not null && !FairnessConstraints.TryParse(constraintName, out constraint))
            {
                Add("constraint", $"'{constraintName}' is not a constraint; use demographic_parity, equalized_odds, true_positive_rate_parity or false_positive_rate_parity.");
            }

            var objective = String(root, "objective", true, Add);
            if (objective is not null && objective != "accuracy")
            {
                Add("objective", $"'{objective}' is not supported; the only objective is 'accuracy'.");
            }

            var features = Strings(root, "sensitive_features", Add);
            if (features is { Length: 0 })
            {
                Add("sensitive_features", "Name at least one sensitive feature.");
            }
            else if (features is not null && features.Distinct(StringComparer.Ordinal).Count() != features.Length)
            {
                Add("sensitive_features", "A feature is named twice.");
            }

            var favourable = String(root, "favourable_class", false, Add);
            var label = String(root, "label", false, Add);
            var grid = Number(root, "grid_size", true, Add, 1, 1_000_000);
            if (grid is { } g0 && g0 != Math.Floor(g0))
            {
                Add("grid_size", "The grid size must be a whole number.");
            }

            var target = Number(root, "target_rate", true, Add, 0, 1);
            var targetTpr = Number(root, "target_true_positive_rate", false, Add, 0, 1);
            if (constraint == FairnessConstraint.EqualizedOdds && constraintName is not null && targetTpr is null && !problems.Any(p => p.Field == "target_true_positive_rate"))
            {
                Add("target_true_positive_rate", "Equalized odds policies need the common true positive rate.");
            }

            var accuracy = Number(root, "expected_accuracy", true, Add, 0, 1);
            var groups = ImmutableArray.CreateBuilder<GroupThresholds>();
            if (!root.TryGetProperty("groups", out var groupArray))
            {
                Add("groups", "The field is missing: give one entry per group.");
            }
            else if (groupArray.ValueKind != JsonValueKind.Array)
            {
                Add("groups", $"Expected an array, found a {Kind(groupArray)}.");
            }
            else if (groupArray.GetArrayLength() == 0)
            {
                Add("groups", "There are no groups.");
            }
            else
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var item in groupArray.EnumerateArray())
                {
                    var prefix = $"groups[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        Add(prefix, $"Expected an object, found a {Kind(item)}.");
                        continue;
                    }

                    var before = problems.Count;
                    void AddIn(string field, string message) => Add($"{prefix}.{field}", message);
                    Unknown(item, GroupFields, prefix + ".", Add);
                    var name = String(item, "group", true, AddIn);
                    var values = Strings(item, "values", AddIn);
                    if (values is not null && features is not null && values.Length != features.Length)
                    {
                        AddIn("values", $"There are {values.Length} value(s) for {features.Length} sensitive feature(s).");
                    }
                    else if (values is not null && name is not null && name != string.Join(" & ", values))
                    {
                        AddIn("group", $"'{name}' does not match the values (expected '{string.Join(" & ", values)}').");
                    }

                    if (name is not null && !seen.Add(name))
                    {
                        AddIn("group", $"The group '{name}' appears twice.");
                    }

                    var t0 = Threshold(item, "threshold0", AddIn);
                    var t1 = Threshold(item, "threshold1", AddIn);
                    var p0 = Number(item, "p0", true, AddIn, 0, 1);
                    var ignore = Number(item, "p_ignore", false, AddIn, 0, 1) ?? 0;
                    var constant = Number(item, "constant", false, AddIn, 0, 1) ?? 0;
                    var count = Number(item, "count", false, AddIn, 0, long.MaxValue) ?? 0;
                    if (problems.Count == before)
                    {
                        groups.Add(new GroupThresholds
                        {
                            Group = name!,
                            Values = [.. values!],
                            Threshold0 = t0!.Value,
                            Threshold1 = t1!.Value,
                            Probability0 = p0!.Value,
                            IgnoreProbability = ignore,
                            ConstantProbability = constant,
                            Count = (long)count,
                        });
                    }
                }
            }

            if (problems.Count > 0)
            {
                return ValidationResult<ThresholdPolicy>.Failure(problems);
            }

            return ValidationResult<ThresholdPolicy>.Success(new ThresholdPolicy
            {
                Constraint = constraint,
                Features = [.. features!],
                FavourableClass = favourable,
                Label = label,
                GridSize = (int)grid!.Value,
                TargetRate = target!.Value,
                TargetTruePositiveRate = targetTpr,
                ExpectedAccuracy = accuracy!.Value,
                Groups = groups.ToImmutable(),
            });
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteThreshold(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            w.WriteString(name, "Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            w.WriteString(name, "-Infinity");
        }
        else
        {
            w.WriteNumber(name, value);
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static void Unknown(JsonElement e, string[] known, string prefix, Action<string, string> add)
    {
        foreach (var property in e.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                add(prefix + property.Name, $"Unknown field.{Suggestions.DidYouMean(property.Name, known)}");
            }
        }
    }

    private static string? String(JsonElement e, string name, bool required, Action<string, string> add)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                add(name, "The field is missing.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            add(name, $"Expected a string, found a {Kind(value)}.");
            return null;
        }

        return value.GetString();
    }

    private static string[]? Strings(JsonElement e, string name, Action<string, string> add)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            add(name, "The field is missing.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0))
        {
            add(name, "Expected an array of non-empty strings.");
            return null;
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static double? Number(JsonElement e, string name, bool required, Action<string, string> add, double min, double max)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                add(name, "The field is missing.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            add(name, $"Expected a number, found a {Kind(value)}.");
            return null;
        }

        if (!(number >= min && number <= max))
        {
            add(name, string.Create(CultureInfo.InvariantCulture, $"{number} is out of range: use {min} to {max}."));
            return null;
        }

        return number;
    }

    private static double? Threshold(JsonElement e, string name, Action<string, string> add)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            add(name, "The field is missing.");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "Infinity":
                    return double.PositiveInfinity;
                case "-Infinity":
                    return double.NegativeInfinity;
                default:
                    add(name, $"'{value.GetString()}' is not a threshold; use a number, \"Infinity\" (select nobody) or \"-Infinity\" (select everybody).");
                    return null;
            }
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            add(name, $"Expected a number, found a {Kind(value)}.");
            return null;
        }

        return number;
    }
}
