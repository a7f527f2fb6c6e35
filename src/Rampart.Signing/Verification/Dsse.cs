using System.Globalization;
using System.Text;

namespace Rampart.Signing.Verification;

/// <summary>The DSSE pre-authentication encoding (PAE) that DSSE signatures cover.</summary>
public static class Dsse
{
    /// <summary>
    /// The standard DSSE v1 PAE: <c>"DSSEv1" SP len(type) SP type SP len(payload) SP payload</c>, lengths as decimal
    /// byte counts of the UTF-8 type and the raw payload.
    /// </summary>
    /// <param name="payloadType">The payload type, for example <c>application/vnd.in-toto+json</c>.</param>
    /// <param name="payload">The exact payload bytes.</param>
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} {payloadType} {payload.Length} "));
        return [.. head, .. payload];
    }

    /// <summary>
    /// The string model_signing 0.2.0 signed by mistake: <c>DSSEV1 n type n repr(payload)</c>, where the payload
    /// appears as Python's <c>repr</c> of a bytes object.
    /// </summary>
    internal static byte[] CompatPae(string payloadType, ReadOnlySpan<byte> payload)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"DSSEV1 {Encoding.UTF8.GetByteCount(payloadType)} {payloadType} {payload.Length} {PythonBytesRepr(payload)}");
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Python's <c>repr(bytes)</c>: single quotes unless the bytes hold a single quote and no double quote.</summary>
    internal static string PythonBytesRepr(ReadOnlySpan<byte> bytes)
    {
        var quote = bytes.Contains((byte)'\'') && !bytes.Contains((byte)'"') ? '"' : '\'';
        var builder = new StringBuilder(bytes.Length + 3);
        builder.Append('b').Append(quote);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\\':
                    builder.Append(@"\\");
                    break;
                case (byte)'\t':
                    builder.Append(@"\t");
                    break;
                case (byte)'\n':
                    builder.Append(@"\n");
                    break;
                case (byte)'\r':
                    builder.Append(@"\r");
                    break;
                default:
                    if (b == quote)
                    {
                        builder.Append('\\').Append(quote);
                    }
                    else if (b < 0x20 || b >= 0x7f)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                    }
                    else
                    {
                        builder.Append((char)b);
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}
