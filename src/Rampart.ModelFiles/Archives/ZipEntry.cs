namespace Rampart.ModelFiles.Archives;

/// <summary>One central directory entry of a zip archive, with offsets already adjusted for prepended data.</summary>
internal sealed record ZipEntry
{
    /// <summary>Position in the central directory (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>Offset of the central directory record.</summary>
    public required long CentralOffset { get; init; }

    /// <summary>The name's bytes as stored.</summary>
    public required byte[] RawName { get; init; }

    /// <summary>The name decoded (UTF-8 when flag bit 11 is set, else code page 437).</summary>
    public required string Name { get; init; }

    /// <summary>General-purpose flag bits.</summary>
    public required ushort Flags { get; init; }

    /// <summary>Compression method.</summary>
    public required ushort Method { get; init; }

    /// <summary>Recorded CRC-32 of the unpacked data.</summary>
    public required uint Crc { get; init; }

    /// <summary>Packed size.</summary>
    public required long CompressedSize { get; init; }

    /// <summary>Unpacked size.</summary>
    public required long UncompressedSize { get; init; }

    /// <summary>Offset of the local header in the stream.</summary>
    public required long LocalHeaderOffset { get; init; }

    /// <summary>Whether ZIP64 extra fields supplied sizes or the offset.</summary>
    public required bool Zip64 { get; init; }

    /// <summary>Upper 16 bits of the external attributes (the Unix mode when made on Unix).</summary>
    public required uint UnixMode { get; init; }

    /// <summary>Whether the name ends with '/' (a folder entry).</summary>
    public bool IsDirectory => Name.EndsWith('/');

    /// <summary>Whether any encryption or patch flag is set (bits 0, 5, 6) or the method is AES (99).</summary>
    public bool HasProtectionFlags => (Flags & 0x61) != 0 || Method == 99;
}

/// <summary>The fields of a zip local file header.</summary>
/// <param name="Offset">Where the header starts.</param>
/// <param name="RawName">The name's bytes.</param>
/// <param name="Flags">General-purpose flags.</param>
/// <param name="Method">Compression method.</param>
/// <param name="Crc">CRC-32 field.</param>
/// <param name="CompressedSize">Packed size field (ZIP64 applied).</param>
/// <param name="UncompressedSize">Unpacked size field (ZIP64 applied).</param>
/// <param name="DataStart">Where the member's data starts.</param>
internal sealed record ZipLocalHeader(
    long Offset, byte[] RawName, ushort Flags, ushort Method, uint Crc, long CompressedSize, long UncompressedSize, long DataStart);
