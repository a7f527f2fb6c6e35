namespace Rampart.ML.Http;

/// <summary>
/// Rewrites the bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> tokens Python's <c>json</c> and TensorFlow
/// Serving emit (System.Text.Json refuses them) into the quoted strings it can read. Only tokens outside JSON
/// strings are touched, so a string such as <c>"NaN in column 3"</c> is left as is.
/// </summary>
internal static class NonFiniteTokens
{
    /// <summary>Quotes the bare tokens.</summary>
    /// <param name="json">UTF-8 JSON, maybe with bare tokens.</param>
    /// <returns>The same array when there is nothing to quote, else a rewritten copy.</returns>
    public static byte[] Quote(byte[] json)
    {
        if (json.AsSpan().IndexOfAny((byte)'N', (byte)'I') < 0)
        {
            return json;
        }

        List<byte>? output = null;
        var copied = 0;
        var inString = false;
        var escaped = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = true;
                continue;
            }

            var length = TokenLength(json.AsSpan(i));
            if (length == 0)
            {
                continue;
            }

            output ??= new List<byte>(json.Length + 16);
            output.AddRange(json.AsSpan(copied, i - copied));
            output.Add((byte)'"');
            output.AddRange(json.AsSpan(i, length));
            output.Add((byte)'"');
            copied = i + length;
            i += length - 1;
        }

        if (output is null)
        {
            return json;
        }

        output.AddRange(json.AsSpan(copied));
        return [.. output];
    }

    private static int TokenLength(ReadOnlySpan<byte> rest)
    {
        int length;
        if (rest.StartsWith("NaN"u8))
        {
            length = 3;
        }
        else if (rest.StartsWith("Infinity"u8))
        {
            length = 8;
        }
        else if (rest.StartsWith("-Infinity"u8))
        {
            length = 9;
        }
        else
        {
            return 0;
        }

        // A token glued to more letters ("NaNa") is not one of ours; the parser will refuse it as it stands.
        return rest.Length == length || IsDelimiter(rest[length]) ? length : 0;
    }

    private static bool IsDelimiter(byte b) =>
        b is (byte)',' or (byte)']' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
