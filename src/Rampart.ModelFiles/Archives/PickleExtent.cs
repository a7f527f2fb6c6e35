using System.Buffers.Binary;
using System.Text;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Finds where a pickle ends by walking its opcodes and skipping their arguments, without interpreting anything, and
/// collects the <c>GLOBAL</c> names on the way. Used to split PyTorch 0.1.1 <c>storages</c> and <c>tensors</c>
/// members, which interleave pickles with raw bytes, into the pickles the pickle scanner analyses.
/// </summary>
internal static class PickleExtent
{
    private const int MaxLineBytes = 64 << 10;

    /// <summary>Walks the pickle starting at <paramref name="start"/>.</summary>
    /// <param name="stream">The data (buffered for single-byte reads).</param>
    /// <param name="start">Where the pickle starts.</param>
    /// <param name="maxOpcodes">Most opcodes walked.</param>
    /// <returns>The offset after its STOP opcode and the GLOBAL names (<c>module.name</c>), or <c>null</c> when the bytes are no complete pickle.</returns>
    public static (long End, List<string> Globals)? Measure(Stream stream, long start, long maxOpcodes)
    {
        var globals = new List<string>();
        var length = stream.Length;
        stream.Position = start;
        Span<byte> argument = stackalloc byte[8];
        for (long count = 0; count < maxOpcodes; count++)
        {
            var opcode = stream.ReadByte();
            if (opcode < 0)
            {
                return null;
            }

            long skip;
            switch (opcode)
            {
                case '.':
                    return (stream.Position, globals);
                case '(' or '0' or '1' or '2' or 'N' or ')' or ']' or '}' or 'a' or 'e' or 'l' or 't' or 'd' or 's' or 'u' or 'R'
                    or 'b' or 'o' or 'Q' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8F or 0x90 or 0x91 or 0x92 or 0x93
                    or 0x94 or 0x97 or 0x98:
                    skip = 0;
                    break;
                case 'K' or 'q' or 'h' or 0x80 or 0x82:
                    skip = 1;
                    break;
                case 'M' or 0x83:
                    skip = 2;
                    break;
                case 'J' or 'j' or 'r' or 0x84:
                    skip = 4;
                    break;
                case 'G' or 0x95:
                    skip = 8;
                    break;
                case 'I' or 'L' or 'F' or 'S' or 'V' or 'P' or 'p' or 'g':
                    if (ReadLine(stream) is null)
                    {
                        return null;
                    }

                    skip = 0;
                    break;
                case 'c' or 'i':
                    var module = ReadLine(stream);
                    var name = module is null ? null : ReadLine(stream);
                    if (name is null)
                    {
                        return null;
                    }

                    globals.Add(module + "." + name);
                    skip = 0;
                    break;
                case 'U' or 'C' or 0x8C or 0x8A:
                    skip = Prefix(stream, argument[..1]);
                    break;
                case 'T' or 'X' or 'B' or 0x8B:
                    skip = Prefix(stream, argument[..4]);
                    break;
                case 0x8D or 0x8E or 0x96:
                    skip = Prefix(stream, argument);
                    break;
                default:
                    return null;
            }

            if (skip < 0 || skip > length - stream.Position)
            {
                return null;
            }

            stream.Position += skip;
        }

        return null;
    }

    private static long Prefix(Stream stream, Span<byte> field)
    {
        if (stream.ReadAtLeast(field, field.Length, throwOnEndOfStream: false) < field.Length)
        {
            return -1;
        }

        return field.Length switch
        {
            1 => field[0],
            4 => BinaryPrimitives.ReadInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadInt64LittleEndian(field),
        };
    }

    private static string? ReadLine(Stream stream)
    {
        var line = new List<byte>();
        while (line.Count < MaxLineBytes)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == '\n')
            {
                return Encoding.Latin1.GetString([.. line]);
            }

            line.Add((byte)b);
        }

        return null;
    }
}
