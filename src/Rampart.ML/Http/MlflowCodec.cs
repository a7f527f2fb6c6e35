using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Rampart.ML.Tensors;

namespace Rampart.ML.Http;

/// <summary>Writes MLflow <c>dataframe_split</c> requests and reads <c>{"predictions": ...}</c> responses.</summary>
internal static class MlflowCodec
{
    private static readonly ImmutableArray<string> ProbabilityKeys = ["probabilities", "probability"];

    /// <summary>Writes <c>{"dataframe_split": {"columns": [...], "data": [[...], ...]}}</c> for some rows.</summary>
    /// <param name="columns">The column names.</param>
    /// <param name="inputs">All rows.</param>
    /// <param name="start">First row of the chunk.</param>
    /// <param name="count">Rows in the chunk.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] WriteRequest(ImmutableArray<string> columns, FloatMatrix inputs, int start, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, count * inputs.Columns * 12));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("dataframe_split");
            writer.WriteStartArray("columns");
            foreach (var column in columns)
            {
                writer.WriteStringValue(column);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("data");
            for (var row = start; row < start + count; row++)
            {
                writer.WriteStartArray();
                foreach (var value in inputs.Row(row))
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the predictions into <paramref name="into"/> (rows x columns, row-major), by the documented rule.</summary>
    /// <param name="root">The parsed response.</param>
    /// <param name="rows">Rows sent.</param>
    /// <param name="columns">Output columns expected.</param>
    /// <param name="classLabels">Class labels, used as record keys when present.</param>
    /// <param name="outputKey">The record key to read, or <c>null</c>.</param>
    /// <param name="into">The destination.</param>
    /// <param name="reader">Reads values and words failures.</param>
    /// <exception cref="Predictors.PredictorException">When the response is not a usable MLflow response.</exception>
    public static void ReadResponse(
        JsonElement root, int rows, int columns, ImmutableArray<string> classLabels, string? outputKey, Span<float> into, ValueReader reader)
    {
        JsonElement predictions;
        if (root.ValueKind == JsonValueKind.Array)
        {
            predictions = root; // MLflow 1.x answered with the bare list.
        }
        else if (root.ValueKind != JsonValueKind.Object)
        {
            throw reader.Fail($"the body is {ValueReader.Describe(root)}, not an MLflow {{\"predictions\": ...}} object");
        }
        else if (!root.TryGetProperty("predictions", out predictions))
        {
            if (ServerMessage.FromElement(root) is { } error)
            {
                throw reader.Fail($"the server reported an error: {error}");
            }

            throw reader.Fail(root.TryGetProperty("outputs", out _)
                ? "the body holds 'outputs' (KServe v2 or TF Serving columnar shape), not MLflow 'predictions'"
                : "the body has no 'predictions'; it is not an MLflow scoring response");
        }

        if (predictions.ValueKind != JsonValueKind.Array)
        {
            throw reader.Fail($"'predictions' is {ValueReader.Describe(predictions)}, not a list with one entry per row");
        }

        var count = predictions.GetArrayLength();
        if (count != rows)
        {
            throw reader.Fail(string.Create(CultureInfo.InvariantCulture, $"'predictions' holds {count} entries for the {rows} rows sent"));
        }

        var row = 0;
        foreach (var entry in predictions.EnumerateArray())
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"predictions[{row}]");
            var target = into.Slice(row * columns, columns);
            switch (entry.ValueKind)
            {
                case JsonValueKind.Object:
                    ReadRecord(entry, where, target, classLabels, outputKey, reader);
                    break;
                case JsonValueKind.Array:
                    ReadValues(entry, where, target, reader);
                    break;
                default:
                    if (columns != 1)
                    {
                        throw reader.Fail(string.Create(
                            CultureInfo.InvariantCulture,
                            $"{where} is a single value but the model has {columns} output columns; a flat list usually means the model returns class labels (set OutputCount to 1 to read them)"));
                    }

                    target[0] = reader.Read(entry, where);
                    break;
            }

            row++;
        }
    }

    private static void ReadRecord(
        JsonElement record, string where, Span<float> target, ImmutableArray<string> classLabels, string? outputKey, ValueReader reader)
    {
        if (outputKey is not null)
        {
            if (!record.TryGetProperty(outputKey, out var value))
            {
                throw reader.Fail($"{where} has no '{outputKey}' (OutputKey); keys: {Keys(record)}");
            }

            ReadValues(value, $"{where}.{outputKey}", target, reader);
            return;
        }

        foreach (var key in ProbabilityKeys)
        {
            if (record.TryGetProperty(key, out var value))
            {
                ReadValues(value, $"{where}.{key}", target, reader);
                return;
            }
        }

        if (!classLabels.IsDefaultOrEmpty && classLabels.All(label => record.TryGetProperty(label, out _)))
        {
            if (classLabels.Length != target.Length)
            {
                throw reader.Fail($"{where} has {classLabels.Length} class keys, expected {target.Length}");
            }

            for (var i = 0; i < classLabels.Length; i++)
            {
                target[i] = reader.Read(record.GetProperty(classLabels[i]), $"{where}.{classLabels[i]}");
            }

            return;
        }

        var properties = 0;
        foreach (var property in record.EnumerateObject())
        {
            if (properties == target.Length)
            {
                properties++;
                break;
            }

            target[properties++] = reader.Read(property.Value, $"{where}.{ServerMessage.Snippet(property.Name)}");
        }

        if (properties != target.Length)
        {
            throw reader.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{where} has {(properties > target.Length ? "more than " + target.Length : properties)} values (keys: {Keys(record)}), expected {target.Length}"));
        }
    }

    private static void ReadValues(JsonElement value, string where, Span<float> target, ValueReader reader)
    {
        var count = ValueReader.CountLeaves(value);
        if (count != target.Length)
        {
            throw reader.Fail(string.Create(CultureInfo.InvariantCulture, $"{where} has {count} values, expected {target.Length}"));
        }

        reader.Flatten(value, target, where);
    }

    private static string Keys(JsonElement record)
    {
        var keys = record.EnumerateObject().Take(11).Select(p => $"'{ServerMessage.Snippet(p.Name)}'").ToList();
        return keys.Count == 0 ? "none" : string.Join(", ", keys.Take(10)) + (keys.Count > 10 ? ", ..." : "");
    }
}
