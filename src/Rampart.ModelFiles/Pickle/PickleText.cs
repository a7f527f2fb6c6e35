using System.Globalization;
using System.Numerics;
using System.Text;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Decoding of pickle operands the way CPython's unpickler decodes them.</summary>
internal static class PickleText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly UTF8Encoding LaxUtf8 = new(false, false);

    /// <summary>Bytes as text, one character per byte (Python's <c>latin-1</c>).</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Decodes UTF-8; invalid input decodes with replacement characters and returns <c>false</c>.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="text">The text.</param>
    /// <returns>Whether the bytes were valid UTF-8.</returns>
    public static bool TryUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = LaxUtf8.GetString(bytes);
            return false;
        }
    }

    /// <summary>Whether the bytes are 7-bit ASCII.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns><c>true</c> for ASCII.</returns>
    public static bool IsAscii(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes);

    /// <summary>
    /// The argument of the protocol 0 STRING opcode: quoted with ' or ", with Python string escapes
    /// (<c>codecs.escape_decode</c>). Returns <c>null</c> when it is not quoted.
    /// </summary>
    /// <param name="line">The line without its newline.</param>
    /// <returns>The decoded bytes as latin-1 text, or <c>null</c>.</returns>
    public static string? DecodeQuotedString(ReadOnlySpan<byte> line)
    {
        if (line.Length < 2 || line[0] != line[^1] || line[0] is not ((byte)'\'' or (byte)'"'))
        {
            return null;
        }

        var body = line[1..^1];
        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            if (b != '\\' || i + 1 >= body.Length)
            {
                text.Append((char)b);
                continue;
            }

            var next = (char)body[++i];
            switch (next)
            {
                case '\n':
                    break;
                case 'n':
                    text.Append('\n');
                    break;
                case 't':
                    text.Append('\t');
                    break;
                case 'r':
                    text.Append('\r');
                    break;
                case 'a':
                    text.Append('\a');
                    break;
                case 'b':
                    text.Append('\b');
                    break;
                case 'f':
                    text.Append('\f');
                    break;
                case 'v':
                    text.Append('\v');
                    break;
                case '\\' or '\'' or '"':
                    text.Append(next);
                    break;
                case 'x' when i + 2 < body.Length && IsHex(body[i + 1]) && IsHex(body[i + 2]):
                    text.Append((char)Convert.ToByte(Latin1(body.Slice(i + 1, 2)), 16));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    var value = next - '0';
                    for (var digits = 1; digits < 3 && i + 1 < body.Length && body[i + 1] is >= (byte)'0' and <= (byte)'7'; digits++)
                    {
                        value = (value * 8) + (body[++i] - '0');
                    }

                    text.Append((char)(value & 0xFF));
                    break;
                default:
                    text.Append('\\').Append(next);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>The argument of the protocol 0 UNICODE opcode (<c>raw-unicode-escape</c>: only \uXXXX and \UXXXXXXXX escape).</summary>
    /// <param name="line">The line without its newline.</param>
    /// <returns>The text.</returns>
    public static string DecodeRawUnicodeEscape(ReadOnlySpan<byte> line)
    {
        var text = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (b == '\\' && i + 1 < line.Length && line[i + 1] is (byte)'u' or (byte)'U')
            {
                var digits = line[i + 1] == 'u' ? 4 : 8;
                if (i + 2 + digits <= line.Length && IsHexRun(line.Slice(i + 2, digits))
                    && int.TryParse(Latin1(line.Slice(i + 2, digits)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                    && code is >= 0 and <= 0x10FFFF)
                {
                    text.Append(code <= 0xFFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code));
                    i += 1 + digits;
                    continue;
                }
            }

            text.Append((char)b);
        }

        return text.ToString();
    }

    /// <summary>Parses a protocol 0 integer argument (INT, LONG, PUT, GET) the way Python's <c>int()</c> does.</summary>
    /// <param name="line">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is an integer.</returns>
    public static bool TryParseInteger(string line, out BigInteger value)
    {
        var text = line.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (text.EndsWith('L'))
        {
            text = text[..^1];
        }

        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && text.Length is > 0 and <= 4300;
    }

    /// <summary>A little-endian two's complement integer (LONG1, LONG4).</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The value.</returns>
    public static BigInteger LittleEndianSigned(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: false, isBigEndian: false);

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static bool IsHexRun(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!IsHex(b))
            {
                return false;
            }
        }

        return true;
    }
}
