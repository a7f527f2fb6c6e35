using System.Buffers.Binary;
using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Deflate64;
using SharpCompress.Compressors.LZMA;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using SharpMode = SharpCompress.Compressors.CompressionMode;

namespace Rampart.ModelFiles.Archives;

/// <summary>Decoders for zip compression methods.</summary>
internal static class ZipDecoders
{
    /// <summary>A readable name of a compression method.</summary>
    /// <param name="method">The method number.</param>
    /// <returns>The name.</returns>
    public static string MethodName(ushort method) => method switch
    {
        0 => "stored",
        1 => "shrunk",
        6 => "imploded",
        8 => "deflate",
        9 => "deflate64",
        12 => "bzip2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "xz",
        96 => "JPEG",
        97 => "WavPack",
        98 => "PPMd",
        99 => "AES-encrypted",
        _ => $"method {method}",
    };

    /// <summary>A decoder for a packed member, or <c>null</c> when the method is not supported.</summary>
    /// <param name="method">The compression method.</param>
    /// <param name="flags">The general-purpose flags (LZMA end-marker bit).</param>
    /// <param name="uncompressedSize">The recorded unpacked size.</param>
    /// <param name="packed">The packed bytes, positioned at 0; the decoder may dispose it.</param>
    /// <returns>The decoder, or <c>null</c>.</returns>
    public static Stream? Open(ushort method, ushort flags, long uncompressedSize, Stream packed) => method switch
    {
        8 => new DeflateStream(packed, CompressionMode.Decompress, leaveOpen: false),
        9 => new Deflate64Stream(packed, SharpMode.Decompress),
        12 => BZip2Stream.Create(packed, SharpMode.Decompress, false, false, false),
        14 => OpenLzma(flags, uncompressedSize, packed),
        93 => new DecompressionStream(packed, 1 << 17, true, false),
        95 => new XZStream(packed),
        _ => null,
    };

    private static LzmaStream? OpenLzma(ushort flags, long uncompressedSize, Stream packed)
    {
        // Zip's LZMA: version (2 bytes), properties size (2 bytes), properties, then the raw LZMA stream.
        Span<byte> head = stackalloc byte[4];
        if (packed.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
        {
            return null;
        }

        var propertiesSize = BinaryPrimitives.ReadUInt16LittleEndian(head[2..]);
        if (propertiesSize != 5)
        {
            return null;
        }

        var properties = new byte[5];
        if (packed.ReadAtLeast(properties, 5, throwOnEndOfStream: false) < 5)
        {
            return null;
        }

        var endMarker = (flags & 2) != 0;
        return LzmaStream.Create(properties, packed, packed.Length - 9, endMarker ? -1 : uncompressedSize, false);
    }
}
