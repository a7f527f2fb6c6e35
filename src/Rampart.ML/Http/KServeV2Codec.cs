using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Rampart.ML.Tensors;

namespace Rampart.ML.Http;

/// <summary>Writes KServe v2 infer requests and reads infer responses.</summary>
internal static class KServeV2Codec
{
    /// <summary>Writes <c>{"inputs": [{name, shape, datatype, data}], "outputs": [{name}]}</c> for some rows, data flattened row-major.</summary>
    /// <param name="plan">The input and output.</param>
    /// <param name="inputs">All rows.</param>
    /// <param name="start">First row of the chunk.</param>
    /// <param name="count">Rows in the chunk.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] WriteRequest(KServeV2Plan plan, FloatMatrix inputs, int start, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, count * inputs.Columns * 12));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("inputs");
            writer.WriteStartObject();
            writer.WriteString("name", plan.InputName);
            writer.WriteStartArray("shape");
            writer.WriteNumberValue(count);
            writer.WriteNumberValue(inputs.Columns);
            writer.WriteEndArray();
            writer.WriteString("datatype", plan.InputDatatype);
            writer.WriteStartArray("data");
            foreach (var value in inputs.Data.AsSpan(start * inputs.Columns, count * inputs.Columns))
            {
                switch (plan.InputDatatype)
                {
                    case "FP64":
                        writer.WriteNumberValue((double)value);
                        break;
                    case "INT64":
                        writer.WriteNumberValue((long)Math.Round(value, MidpointRounding.AwayFromZero));
                        break;
                    case "BOOL":
                        writer.WriteBooleanValue(value != 0f);
                        break;
                    default:
                        writer.WriteNumberValue(value);
                        break;
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartArray("outputs");
            writer.WriteStartObject();
            writer.WriteString("name", plan.OutputName);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the chosen output of an infer response into <paramref name="into"/> (rows x columns, row-major).</summary>
    /// <param name="root">The parsed response.</param>
    /// <param name="plan">The output to read.</param>
    /// <param name="rows">Rows sent.</param>
    /// <param name="into">The destination, rows x output columns.</param>
    /// <param name="reader">Reads values and words failures.</param>
    /// <exception cref="Predictors.PredictorException">When the response is not a usable KServe v2 infer response.</exception>
    public static void ReadResponse(JsonElement root, KServeV2Plan plan, int rows, Span<float> into, ValueReader reader)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw reader.Fail($"the body is {ValueReader.Describe(root)}, not a KServe v2 infer response object");
        }

        var hasOutputs = root.TryGetProperty("outputs", out var outputs);
        if (!hasOutputs && ServerMessage.FromElement(root) is { } error)
        {
            throw reader.Fail($"the server reported an error: {error}");
        }

        if (!hasOutputs && (root.TryGetProperty("predictions", out _) || root.TryGetProperty("instances", out _)))
        {
            throw reader.Fail("the body holds 'predictions', the TensorFlow Serving / KServe v1 shape, not KServe v2 'outputs'; is the URL a v1 or TF-Serving endpoint?");
        }

        if (!hasOutputs || outputs.ValueKind != JsonValueKind.Array)
        {
            throw reader.Fail("the body has no 'outputs' array; it is not a KServe v2 infer response");
        }

        JsonElement? chosen = null;
        var names = new List<string>();
        foreach (var output in outputs.EnumerateArray())
        {
            var name = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString() ?? ""
                : "";
            names.Add($"'{ServerMessage.Snippet(name)}'");
            if (name == plan.OutputName && chosen is null)
            {
                chosen = output;
            }
        }

        if (chosen is not { } tensor)
        {
            throw reader.Fail($"output '{plan.OutputName}' is missing (outputs: {(names.Count == 0 ? "none" : string.Join(", ", names))})");
        }

        var where = $"output '{plan.OutputName}'";
        if (tensor.TryGetProperty("datatype", out var datatype) && datatype.ValueKind == JsonValueKind.String
            && datatype.GetString() is "BYTES" or "bytes")
        {
            throw reader.Fail($"{where} has datatype BYTES, not a numeric one");
        }

        var columns = into.Length / Math.Max(rows, 1);
        var shape = ReadShape(tensor, where, reader);
        var shapeRows = shape[0];
        var shapeColumns = shape.Length == 2 ? shape[1] : 1;
        if (shapeRows != rows)
        {
            throw reader.Fail($"{where} has {shapeRows} rows (shape {KServeV2Metadata.Shape(shape)}) for the {rows} rows sent");
        }

        if (shapeColumns != columns)
        {
            throw reader.Fail($"{where} has {shapeColumns} columns (shape {KServeV2Metadata.Shape(shape)}), expected {columns}");
        }

        if (!tensor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw reader.Fail($"{where} has no 'data' array");
        }

        var count = ValueReader.CountLeaves(data);
        if (count != into.Length)
        {
            throw reader.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{where} holds {count} values but its shape {KServeV2Metadata.Shape(shape)} needs {into.Length}"));
        }

        reader.Flatten(data, into, where + " data");
    }

    private static long[] ReadShape(JsonElement tensor, string where, ValueReader reader)
    {
        if (!tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
        {
            throw reader.Fail($"{where} has no 'shape' array");
        }

        var dims = new List<long>();
        foreach (var dim in shape.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d) || d < 0)
            {
                throw reader.Fail($"{where} has a shape that is not a list of non-negative integers: {ServerMessage.Snippet(shape.GetRawText())}");
            }

            dims.Add(d);
        }

        // [N, C, 1, ...] with trailing unit dimensions reads as [N, C].
        while (dims.Count > 2 && dims[^1] == 1)
        {
            dims.RemoveAt(dims.Count - 1);
        }

        if (dims.Count is not (1 or 2))
        {
            throw reader.Fail($"{where} has shape {KServeV2Metadata.Shape(dims)}; expected [rows, columns] or [rows]");
        }

        return [.. dims];
    }
}
