using System.IO.Compression;
using System.Text;
using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Nested data: constants passed to loads-like calls, and the decoders that produce them.</summary>
internal sealed partial class PickleScan
{
    /// <summary>
    /// Plans the scan of a loads-like call's argument: the evidence text, and the scan to run once the call itself is
    /// reported (so that the call's finding comes before the nested ones).
    /// </summary>
    private (string Evidence, Action? Scan) PlanNested(PickleValue? argument, LoadsKind kind, long offset)
    {
        if (argument is null || BytesOf(argument) is not { } bytes)
        {
            return ("not scanned: the argument is not a constant", null);
        }

        var member = kind == LoadsKind.Pickle ? $"<nested pickle@{offset}>" : $"<nested data@{offset}>";
        var location = Input.Location.Enter(member);
        if (Input.Depth + 1 > Session.Limits.MaxDepth)
        {
            return (
                "not scanned: nesting limit",
                () => Session.Report(CoreScanRules.LimitReached, $"Nesting deeper than {Session.Limits.MaxDepth} levels (limit); the nested data was not scanned.", location));
        }

        return ($"scanned as {member}", () =>
        {
            using var stream = bytes.Data is { } data ? new MemoryStream(data, writable: false) : (Stream)new SubStream(Input.Stream, bytes.Offset, bytes.Length);
            var nested = new ScanInput { Stream = stream, Location = location, Name = member, Depth = Input.Depth + 1 };
            if (kind == LoadsKind.Pickle)
            {
                Session.ScanAs(nested, ModelFormat.Pickle);
            }
            else
            {
                Session.Scan(nested);
            }
        }
        );
    }

    private static PickleValue.Bytes? BytesOf(PickleValue value) => value switch
    {
        PickleValue.Bytes bytes => bytes,
        PickleValue.Call { Payload: { } payload } => payload,
        PickleValue.Text { Complete: true } text => Constant(Encoding.Latin1.GetBytes(text.Value), null),
        _ => null,
    };

    private static PickleValue.Bytes Constant(byte[] data, string? decodedBy) =>
        new() { Data = data, Prefix = data.Length <= InlineBytes ? data : data[..InlineBytes], Length = data.Length, DecodedBy = decodedBy };

    /// <summary>Evaluates a decoder on constant arguments; <c>null</c> when the input is not constant or does not decode.</summary>
    /// <param name="kind">The decoder.</param>
    /// <param name="subject">Its name.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>The bytes, or <c>null</c>.</returns>
    public PickleValue.Bytes? Decode(DecodeKind kind, string subject, List<PickleValue> arguments)
    {
        if (kind == DecodeKind.Latin1)
        {
            var encoding = arguments.Count > 1 ? (arguments[1] as PickleValue.Text)?.Value.ToUpperInvariant() : "UTF-8";
            if (arguments[0] is not PickleValue.Text { Complete: true } text)
            {
                return null;
            }

            return encoding switch
            {
                "LATIN1" or "LATIN-1" or "ISO-8859-1" or "ISO8859-1" or "L1" when text.Value.All(c => c <= 0xFF) => Constant(Encoding.Latin1.GetBytes(text.Value), null),
                "UTF-8" or "UTF8" => Constant(Encoding.UTF8.GetBytes(text.Value), null),
                _ => null,
            };
        }

        if (BytesOf(arguments[0]) is not { } source)
        {
            return null;
        }

        if (kind == DecodeKind.Identity)
        {
            return source;
        }

        var limit = Math.Min(Session.Limits.MaxInMemoryOperandBytes, RetainedTextBudget - _retainedText);
        if (source.Length > limit)
        {
            return null;
        }

        var input = source.Data ?? Reader.ReadAt(source.Offset, (int)source.Length);
        try
        {
            var output = kind switch
            {
                DecodeKind.Base64 => Base64(input, urlSafe: subject.Contains("urlsafe", StringComparison.Ordinal)),
                DecodeKind.Hex => Convert.FromHexString(Encoding.Latin1.GetString(input).Replace(" ", string.Empty, StringComparison.Ordinal).Trim()),
                DecodeKind.Zlib => Inflate(new ZLibStream(new MemoryStream(input), CompressionMode.Decompress), limit),
                DecodeKind.Gzip => Inflate(new GZipStream(new MemoryStream(input), CompressionMode.Decompress), limit),
                _ => null,
            };
            if (output is null)
            {
                return null;
            }

            _retainedText += output.Length;
            return Constant(output, subject);
        }
        catch (Exception error) when (error is FormatException or InvalidDataException)
        {
            return null;
        }
    }

    private static byte[] Base64(byte[] input, bool urlSafe)
    {
        // Python's b64decode drops characters outside the alphabet unless validate=True.
        var text = new StringBuilder(input.Length);
        foreach (var b in input)
        {
            var c = (char)b;
            if (urlSafe)
            {
                c = c switch { '-' => '+', '_' => '/', _ => c };
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            {
                text.Append(c);
            }
        }

        return Convert.FromBase64String(text.ToString());
    }

    private byte[] Inflate(Stream decompressor, long limit)
    {
        using (decompressor)
        {
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = decompressor.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > limit)
                {
                    throw new InvalidDataException("too large");
                }

                Session.CountDecompressed(read);
                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
    }
}
