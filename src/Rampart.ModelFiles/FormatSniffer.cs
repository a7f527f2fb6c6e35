using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace Rampart.ModelFiles;

/// <summary>
/// Finds a file's format from its content (magic bytes and structure), never from its name. Returns every
/// interpretation a loader could take: a pickle with a zip directory at its end is both.
/// </summary>
public static class FormatSniffer
{
    private const int HeadBytes = 4096;
    private const int EndOfCentralDirectorySearch = 65_535 + 22;

    // Opcodes that can start a protocol 0 or 1 pickle, with the kind of argument that follows.
    // (The bytes 0x85 to 0x98 are the argument-less opcodes of protocols 2 to 5, which older pickles mix in too.)
    private const string NoArgumentOpcodes = "(N)]}.012adeloRstubh\u0085\u0086\u0087\u0088\u0089\u008f\u0090\u0091\u0092\u0093\u0094\u0097\u0098";
    private const string LineArgumentOpcodes = "IFLpgPSV";

    /// <summary>The interpretations of the data, most likely first; never empty.</summary>
    /// <param name="stream">Readable, seekable data.</param>
    /// <param name="name">The file or member name (used only to recognise Python source).</param>
    /// <returns>One or more formats.</returns>
    public static ImmutableArray<ModelFormat> Sniff(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = stream.Length;
        if (length == 0)
        {
            return [ModelFormat.Empty];
        }

        var head = new byte[(int)Math.Min(HeadBytes, length)];
        stream.Position = 0;
        stream.ReadExactly(head);
        var primary = SniffHead(head, length, stream, name);
        var formats = ImmutableArray.CreateBuilder<ModelFormat>();
        formats.Add(primary);
        if (primary is not ModelFormat.Zip and not ModelFormat.Empty && HasZipDirectoryAtEnd(stream))
        {
            formats.Add(ModelFormat.Zip);
        }

        return formats.ToImmutable();
    }

    private static ModelFormat SniffHead(byte[] head, long length, Stream stream, string name)
    {
        ReadOnlySpan<byte> span = head;
        if (span.StartsWith("PK\x03\x04"u8) || span.StartsWith("PK\x05\x06"u8) || span.StartsWith("PK\x07\x08PK"u8))
        {
            return ModelFormat.Zip;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]))
        {
            return ModelFormat.SevenZip;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']))
        {
            return ModelFormat.Npy;
        }

        if (span.StartsWith("GGUF"u8))
        {
            return ModelFormat.Gguf;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A]) || HasHdf5SuperblockLater(stream, length))
        {
            return ModelFormat.Hdf5;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return ModelFormat.Gzip;
        }

        if (span.Length >= 4 && span.StartsWith("BZh"u8) && span[3] is >= (byte)'1' and <= (byte)'9')
        {
            return ModelFormat.Bzip2;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return ModelFormat.Xz;
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4D, 0x18]))
        {
            return ModelFormat.Lz4;
        }

        if (span.Length >= 262 && span[257..262].SequenceEqual("ustar"u8))
        {
            return ModelFormat.Tar;
        }

        if (span.Length >= 2 && span[0] == 0x80 && span[1] is >= 2 and <= 5)
        {
            return ModelFormat.Pickle;
        }

        if (IsSafeTensors(span, length))
        {
            return ModelFormat.SafeTensors;
        }

        if (span.StartsWith("ZF0x"u8) || IsZlib(span))
        {
            return ModelFormat.Zlib;
        }

        if (IsLzmaAlone(span))
        {
            return ModelFormat.Lzma;
        }

        if (IsNativeBinary(span))
        {
            return ModelFormat.Code;
        }

        if (span.Length >= 2 && span[0] == 0x80 && span[1] <= 1)
        {
            return ModelFormat.Pickle;
        }

        if (LooksLikeTextPickle(span, truncated: span.Length < length))
        {
            return ModelFormat.Pickle;
        }

        var text = IsText(span);
        if (text)
        {
            // TensorFlow loads a SavedModel from its protobuf text form too; that form is not analysed.
            if (string.Equals(name, "saved_model.pbtxt", StringComparison.Ordinal))
            {
                return ModelFormat.SavedModelText;
            }

            return IsPythonSource(span, name) ? ModelFormat.Code : ModelFormat.Text;
        }

        if (IsPythonBytecode(span, name))
        {
            return ModelFormat.Code;
        }

        var protobuf = ProtobufKind(stream, length);
        if (protobuf != ModelFormat.Unknown)
        {
            return protobuf;
        }

        if (string.Equals(name, "keras_metadata.pb", StringComparison.Ordinal) && IsProtobuf(stream, length))
        {
            return ModelFormat.KerasMetadata;
        }

        // A binary protocol 1 pickle starts with an opcode and ends with STOP.
        return StartsWithPickleOpcode(span) && EndsWithStop(stream, length) ? ModelFormat.Pickle : ModelFormat.Unknown;
    }

    private static bool HasHdf5SuperblockLater(Stream stream, long length)
    {
        Span<byte> signature = stackalloc byte[8];
        for (long offset = 512; offset + 8 <= length && offset <= 1 << 20; offset *= 2)
        {
            stream.Position = offset;
            stream.ReadExactly(signature);
            if (signature.SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSafeTensors(ReadOnlySpan<byte> span, long length)
    {
        if (span.Length < 9)
        {
            return false;
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(span);
        return headerLength >= 2 && headerLength <= (ulong)(length - 8) && span[8] == (byte)'{';
    }

    private static bool IsZlib(ReadOnlySpan<byte> span) =>
        span.Length >= 2 && span[0] == 0x78 && span[1] is 0x01 or 0x5E or 0x9C or 0xDA && ((span[0] << 8) | span[1]) % 31 == 0;

    private static bool IsLzmaAlone(ReadOnlySpan<byte> span)
    {
        // lzma_alone: properties byte (lc/lp/pb), 32-bit dictionary size, 64-bit size (or all 0xFF for unknown).
        if (span.Length < 13 || span[0] != 0x5D)
        {
            return false;
        }

        var dictionary = BinaryPrimitives.ReadUInt32LittleEndian(span[1..]);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(span[5..]);
        var powerOfTwoish = dictionary != 0 && ((dictionary & (dictionary - 1)) == 0 || ((dictionary >> 1) & ((dictionary >> 1) - 1)) == 0 || dictionary == uint.MaxValue);
        return powerOfTwoish && (size == ulong.MaxValue || size < 1UL << 48);
    }

    private static bool IsNativeBinary(ReadOnlySpan<byte> span) =>
        span.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F'])
        || (span.Length >= 64 && span.StartsWith("MZ"u8) && IsPortableExecutable(span))
        || span.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE])
        || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCF]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCE]);

    private static bool IsPortableExecutable(ReadOnlySpan<byte> span)
    {
        var peOffset = BinaryPrimitives.ReadInt32LittleEndian(span[0x3C..]);
        return peOffset > 0 && peOffset + 4 <= span.Length && span[peOffset..(peOffset + 4)].SequenceEqual("PE\0\0"u8);
    }

    private static bool IsPythonBytecode(ReadOnlySpan<byte> span, string name) =>
        span.Length >= 16 && span[2] == 0x0D && span[3] == 0x0A && name.EndsWith(".pyc", StringComparison.OrdinalIgnoreCase);

    private static bool IsPythonSource(ReadOnlySpan<byte> span, string name) =>
        name.EndsWith(".py", StringComparison.OrdinalIgnoreCase)
        || (span.StartsWith("#!"u8) && span[..Math.Min(span.Length, 128)].IndexOf("python"u8) >= 0);

    private static bool IsText(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b == 0 || (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C) || b == 0x7F)
            {
                return false;
            }
        }

        // Valid UTF-8, allowing a character cut at the end of the head.
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        try
        {
            Span<char> chars = new char[span.Length];
            decoder.Convert(span, chars, flush: false, out _, out _, out _);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool StartsWithPickleOpcode(ReadOnlySpan<byte> span) =>
        span.Length > 0 && (NoArgumentOpcodes.Contains((char)span[0], StringComparison.Ordinal)
            || LineArgumentOpcodes.Contains((char)span[0], StringComparison.Ordinal)
            || span[0] is (byte)'c' or (byte)'i' or (byte)'K' or (byte)'M' or (byte)'J' or (byte)'X' or (byte)'U' or (byte)'T' or (byte)'G' or (byte)'B' or (byte)'C');

    private static bool EndsWithStop(Stream stream, long length)
    {
        stream.Position = length - 1;
        return stream.ReadByte() == '.';
    }

    /// <summary>
    /// A protocol 0 pickle is text: opcodes followed by newline-terminated arguments. Walks the first opcodes and
    /// checks their argument syntax, so that prose that happens to start with an opcode letter is not taken for one.
    /// </summary>
    private static bool LooksLikeTextPickle(ReadOnlySpan<byte> span, bool truncated)
    {
        var position = 0;
        var opcodes = 0;
        var imported = false;
        while (position < span.Length && opcodes < 32)
        {
            var opcode = (char)span[position++];
            opcodes++;
            if (opcode == '.')
            {
                return opcodes > 1;
            }

            if (NoArgumentOpcodes.Contains(opcode, StringComparison.Ordinal))
            {
                continue;
            }

            var lines = opcode is 'c' or 'i' ? 2 : LineArgumentOpcodes.Contains(opcode, StringComparison.Ordinal) ? 1 : -1;
            if (lines < 0)
            {
                // A well-formed GLOBAL or INST import already seen makes this a pickle, whatever follows: the
                // unpickler imports before it reaches a binary opcode or garbage ("broken pickle" payloads).
                return imported;
            }

            imported |= opcode is 'c' or 'i';

            for (var line = 0; line < lines; line++)
            {
                var end = span[position..].IndexOf((byte)'\n');
                if (end < 0)
                {
                    // An argument cut by the end of the head: a pickle whose first string is long.
                    return truncated && opcodes >= 2;
                }

                if (!ValidLineArgument(opcode, span.Slice(position, end)))
                {
                    return false;
                }

                position += end + 1;
            }
        }

        return opcodes >= 4;
    }

    private static bool ValidLineArgument(char opcode, ReadOnlySpan<byte> argument)
    {
        switch (opcode)
        {
            case 'I' or 'L' or 'p' or 'g' or 'F':
                foreach (var b in argument)
                {
                    if (!(char.IsAsciiDigit((char)b) || b is (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'L' or (byte)'n' or (byte)'a' or (byte)'i' or (byte)'f'))
                    {
                        return false;
                    }
                }

                return argument.Length > 0;
            case 'S':
                return argument.Length >= 2 && argument[0] is (byte)'\'' or (byte)'"';
            case 'c' or 'i':
                if (argument.Length == 0)
                {
                    return false;
                }

                foreach (var b in argument)
                {
                    if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'.'))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static bool HasZipDirectoryAtEnd(Stream stream)
    {
        var length = stream.Length;
        if (length < 22)
        {
            return false;
        }

        var size = (int)Math.Min(EndOfCentralDirectorySearch, length);
        var tail = new byte[size];
        stream.Position = length - size;
        stream.ReadExactly(tail);
        for (var i = size - 22; i >= 0; i--)
        {
            if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6)
            {
                var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20));
                if (i + 22 + commentLength == size)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsProtobuf(Stream stream, long length) => ProtobufFields(stream, length) is not null;

    /// <summary>Walks the top-level protobuf fields and tells an ONNX ModelProto from a TensorFlow SavedModel.</summary>
    private static ModelFormat ProtobufKind(Stream stream, long length)
    {
        var fields = ProtobufFields(stream, length);
        if (fields is null)
        {
            return ModelFormat.Unknown;
        }

        if (fields.Contains(7) && fields.IsSubsetOf(OnnxModelFields))
        {
            return ModelFormat.Onnx;
        }

        return fields.Contains(2) && fields.IsSubsetOf([1, 2]) ? ModelFormat.SavedModel : ModelFormat.Unknown;
    }

    /// <summary>The top-level field numbers when the data parses as protobuf wire format, else <c>null</c>.</summary>
    private static HashSet<int>? ProtobufFields(Stream stream, long length)
    {
        stream.Position = 0;
        var fields = new HashSet<int>();
        for (var count = 0; count < 256 && stream.Position < length; count++)
        {
            if (!TryReadVarint(stream, out var tag) || tag == 0 || tag > int.MaxValue)
            {
                return null;
            }

            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            switch (wire)
            {
                case 0:
                    if (!TryReadVarint(stream, out _))
                    {
                        return null;
                    }

                    break;
                case 1:
                    stream.Position += 8;
                    break;
                case 2:
                    if (!TryReadVarint(stream, out var size) || size > (ulong)(length - stream.Position))
                    {
                        return null;
                    }

                    stream.Position += (long)size;
                    break;
                case 5:
                    stream.Position += 4;
                    break;
                default:
                    return null;
            }

            if (stream.Position > length)
            {
                return null;
            }

            fields.Add(field);
        }

        return stream.Position != length && fields.Count < 2 ? null : fields;
    }

    private static readonly HashSet<int> OnnxModelFields = [1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 21, 22, 23, 25];

    private static bool TryReadVarint(Stream stream, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
