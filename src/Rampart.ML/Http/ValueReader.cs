using System.Globalization;
using System.Text.Json;
using Rampart.ML.Predictors;

namespace Rampart.ML.Http;

/// <summary>Reads numbers out of response JSON: numbers, booleans (1 / 0) and the quoted non-finite names, by policy.</summary>
/// <param name="who">Names the model in messages.</param>
/// <param name="url">The URL answered, for messages.</param>
/// <param name="handling">What to do with non-finite values.</param>
internal readonly struct ValueReader(string who, Uri url, NonFiniteValueHandling handling)
{
    /// <summary>Reads one value.</summary>
    /// <param name="element">A number, boolean, or one of <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.</param>
    /// <param name="where">Where it is, for messages.</param>
    /// <returns>The value as a float.</returns>
    /// <exception cref="PredictorException">For anything else, or a refused non-finite value.</exception>
    public float Read(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return element.TryGetDouble(out var d)
                    ? (float)d
                    : throw Fail($"the number {ServerMessage.Snippet(element.GetRawText())} at {where} is out of range");
            case JsonValueKind.True:
                return 1f;
            case JsonValueKind.False:
                return 0f;
            case JsonValueKind.String:
                var text = element.GetString();
                float? special = text switch
                {
                    "NaN" => float.NaN,
                    "Infinity" => float.PositiveInfinity,
                    "-Infinity" => float.NegativeInfinity,
                    _ => null,
                };
                if (special is null)
                {
                    throw Fail($"{where} holds the string \"{ServerMessage.Snippet(text ?? "")}\", not a number (class names cannot be read as scores)");
                }

                if (handling == NonFiniteValueHandling.Reject)
                {
                    throw Fail($"{where} holds the non-finite value {text}, and NonFiniteValues is Reject");
                }

                return special.Value;
            default:
                throw Fail($"{where} holds {Describe(element)}, not a number");
        }
    }

    /// <summary>Counts the scalars in a possibly nested array (a scalar counts 1).</summary>
    /// <param name="element">The data.</param>
    /// <returns>The count.</returns>
    public static long CountLeaves(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return 1;
        }

        long count = 0;
        foreach (var item in element.EnumerateArray())
        {
            count += CountLeaves(item);
        }

        return count;
    }

    /// <summary>Reads a possibly nested array row-major into <paramref name="into"/>, which must hold exactly its scalars.</summary>
    /// <param name="element">The data.</param>
    /// <param name="into">The destination.</param>
    /// <param name="where">Where the data is, for messages.</param>
    /// <returns>How many values were written.</returns>
    public int Flatten(JsonElement element, Span<float> into, string where)
    {
        var written = 0;
        FlattenInto(element, into, ref written, where);
        return written;
    }

    /// <summary>A failure naming the model and URL.</summary>
    /// <param name="detail">What is wrong.</param>
    /// <returns>The exception.</returns>
    public PredictorException Fail(string detail) => new($"{who}: the answer from {url} is unusable: {detail}.");

    /// <summary>Describes a JSON value's kind for messages.</summary>
    /// <param name="element">The value.</param>
    /// <returns>For example <c>an object</c>.</returns>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private void FlattenInto(JsonElement element, Span<float> into, ref int written, string where)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                FlattenInto(item, into, ref written, where);
            }

            return;
        }

        if (written >= into.Length)
        {
            throw Fail($"{where} holds more values than its shape allows");
        }

        into[written] = Read(element, string.Create(CultureInfo.InvariantCulture, $"{where}, value #{written}"));
        written++;
    }
}
