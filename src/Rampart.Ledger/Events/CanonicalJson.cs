using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rampart.Ledger.Events;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785): object members sorted by their names' UTF-16 code units, no white
/// space, strings escaped with the fewest escapes (only <c>"</c>, <c>\</c> and control characters, using
/// <c>\b \f \n \r \t</c> and otherwise lowercase <c>\u00xx</c>), and numbers written as ECMAScript writes an IEEE 754
/// double (shortest round-trip digits, exponent form below 1e-6 and from 1e21).
/// </summary>
public static class CanonicalJson
{
    /// <summary>The deepest nesting of arrays and objects accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>The largest input accepted, in bytes (1 MiB).</summary>
    public const int MaxInputBytes = 1 << 20;

    /// <summary>Returns the canonical UTF-8 bytes of the JSON text <paramref name="json"/>.</summary>
    /// <param name="json">UTF-8 JSON text (I-JSON: no duplicate member names, no lone surrogates).</param>
    /// <exception cref="FormatException">The text is not JSON, is too deep or too large, has a duplicate member name, a lone surrogate, or a number that is not a finite double.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxInputBytes)
        {
            throw new FormatException($"The JSON text is {json.Length} bytes; at most {MaxInputBytes} are accepted.");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new FormatException("The JSON text has data after its value.");
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var builder = new StringBuilder();
            Write(builder, document.RootElement, "$");
            return Encoding.UTF8.GetBytes(builder.ToString());
        }
    }

    /// <summary>Returns <paramref name="value"/> as a canonical JSON string literal, quotes included.</summary>
    /// <param name="value">The string; it must not hold a lone surrogate.</param>
    /// <exception cref="FormatException">The string holds a lone surrogate.</exception>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        WriteString(builder, value, "$");
        return builder.ToString();
    }

    /// <summary>Returns the ECMAScript (and so RFC 8785) text of a finite double.</summary>
    /// <param name="value">The number.</param>
    /// <exception cref="FormatException">The number is NaN or infinite, which JSON cannot hold.</exception>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new FormatException($"{value} is not a finite number and has no JSON form.");
        }

        if (value == 0)
        {
            return "0"; // Also for -0, as ECMAScript writes it.
        }

        // .NET's "R" gives the shortest digits that round-trip (and, among those, the closest), which is exactly the
        // digit string ECMAScript's Number::toString picks; only the layout differs.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = point < 0 ? mantissa.Length : point;

        // value = 0.digits × 10^n in ECMAScript's terms, after dropping leading and trailing zeros.
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var n = integerDigits - leading + exponent;
        var k = digits.Length;

        var result = new StringBuilder();
        if (value < 0)
        {
            result.Append('-');
        }

        if (k <= n && n <= 21)
        {
            result.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            result.Append(digits[0]);
            if (k > 1)
            {
                result.Append('.').Append(digits, 1, k - 1);
            }

            result.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Name, JsonElement Value)>();
                foreach (var property in element.EnumerateObject())
                {
                    members.Add((ReadString(property, path), property.Value));
                }

                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (members[i].Name == members[i - 1].Name)
                        {
                            throw new FormatException($"{path}: duplicate member name '{members[i].Name}'.");
                        }

                        builder.Append(',');
                    }

                    WriteString(builder, members[i].Name, path);
                    builder.Append(':');
                    Write(builder, members[i].Value, $"{path}.{members[i].Name}");
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, item, $"{path}[{index}]");
                    index++;
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, ReadString(element, path), path);
                break;
            case JsonValueKind.Number:
                if (!element.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw new FormatException($"{path}: the number {element.GetRawText()} is not a finite IEEE 754 double.");
                }

                builder.Append(FormatNumber(number));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static string ReadString(JsonElement element, string path)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"{path}: the string is not valid UTF-16 (a lone surrogate?).", ex);
        }
    }

    private static string ReadString(JsonProperty property, string path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"{path}: a member name is not valid UTF-16 (a lone surrogate?).", ex);
        }
    }

    private static void WriteString(StringBuilder builder, string value, string path)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                throw new FormatException($"{path}: the string holds a lone surrogate U+{(int)c:X4}, which canonical JSON cannot represent.");
            }

            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
