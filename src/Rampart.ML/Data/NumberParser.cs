using System.Globalization;

namespace Rampart.ML.Data;

/// <summary>
/// Parses invariant-culture numbers from UTF-8 bytes without allocating. Plain decimals (at most 19 significant
/// digits, a decimal exponent within ±22) take Clinger's exact fast path; everything else goes to
/// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>, so the result
/// always equals <c>double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)</c>.
/// </summary>
internal static class NumberParser
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a number that is finite as a double and as a float.</summary>
    /// <param name="text">UTF-8 text.</param>
    /// <param name="value">The value as a float.</param>
    /// <returns><c>true</c> when the text is such a number.</returns>
    public static bool TryParseFiniteFloat(ReadOnlySpan<byte> text, out float value)
    {
        if (TryParseDouble(text, out var number) && double.IsFinite(number))
        {
            value = (float)number;
            return float.IsFinite(value);
        }

        value = float.NaN;
        return false;
    }

    /// <summary>Parses a number exactly as <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/> with <see cref="NumberStyles.Float"/> and the invariant culture would.</summary>
    /// <param name="text">UTF-8 text.</param>
    /// <param name="value">The value.</param>
    /// <returns><c>true</c> when the text is a number (possibly infinite or NaN, as the BCL allows).</returns>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        var i = 0;
        var n = text.Length;
        var negative = false;
        if (n > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i++;
        }

        ulong mantissa = 0;
        var significant = 0;
        var exponent = 0;
        var digits = 0;
        while (i < n && (uint)(text[i] - '0') <= 9)
        {
            if (mantissa != 0 || text[i] != (byte)'0')
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                significant++;
            }

            digits++;
            i++;
        }

        if (i < n && text[i] == (byte)'.')
        {
            i++;
            while (i < n && (uint)(text[i] - '0') <= 9)
            {
                if (mantissa != 0 || text[i] != (byte)'0')
                {
                    mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                    significant++;
                }

                exponent--;
                digits++;
                i++;
            }
        }

        if (digits > 0 && i < n && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var exponentNegative = false;
            if (i < n && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                exponentNegative = text[i] == (byte)'-';
                i++;
            }

            var exponentDigits = 0;
            var explicitExponent = 0;
            while (i < n && (uint)(text[i] - '0') <= 9)
            {
                explicitExponent = Math.Min((explicitExponent * 10) + (text[i] - '0'), 100_000);
                exponentDigits++;
                i++;
            }

            if (exponentDigits == 0)
            {
                return Fallback(text, out value);
            }

            exponent += exponentNegative ? -explicitExponent : explicitExponent;
        }

        if (digits == 0 || i != n || significant > 19 || mantissa > MaxExactMantissa)
        {
            return Fallback(text, out value);
        }

        double result;
        if (mantissa == 0)
        {
            result = 0;
        }
        else if (exponent is >= 0 and <= 22)
        {
            result = mantissa * PowersOfTen[exponent];
        }
        else if (exponent is < 0 and >= -22)
        {
            result = mantissa / PowersOfTen[-exponent];
        }
        else
        {
            return Fallback(text, out value);
        }

        value = negative ? -result : result;
        return true;
    }

    private static bool Fallback(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
