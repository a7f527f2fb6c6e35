namespace Rampart.ModelFiles;

/// <summary>
/// Bounds on what one scan may read, unpack or hold. Reaching a limit makes the file unscannable (never clean) and
/// keeps every finding seen before it.
/// </summary>
public sealed record ScanLimits
{
    /// <summary>The defaults: generous enough for multi-gigabyte checkpoints, tight enough for bounded memory.</summary>
    public static readonly ScanLimits Default = new();

    /// <summary>Largest file scanned, in bytes (default 256 GiB; tensor payloads are skipped, not read).</summary>
    public long MaxFileBytes { get; init; } = 256L << 30;

    /// <summary>Most bytes one compressed stream or archive member may unpack to (default 2 GiB).</summary>
    public long MaxDecompressedBytes { get; init; } = 2L << 30;

    /// <summary>Most bytes all unpacking in one file may produce together (default 8 GiB).</summary>
    public long MaxTotalDecompressedBytes { get; init; } = 8L << 30;

    /// <summary>Largest unpacked-to-packed ratio for members above 1 MiB (default 1,000): beyond it, a bomb.</summary>
    public double MaxCompressionRatio { get; init; } = 1_000;

    /// <summary>Deepest nesting of archives, compressed streams and embedded pickles (default 8).</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Most archive members in one file (default 100,000).</summary>
    public int MaxMembers { get; init; } = 100_000;

    /// <summary>Most pickle opcodes in one file, across stacked pickles (default 50,000,000).</summary>
    public long MaxPickleOpcodes { get; init; } = 50_000_000;

    /// <summary>Deepest pickle stack plus mark stack (default 100,000 entries).</summary>
    public int MaxPickleStack { get; init; } = 100_000;

    /// <summary>Most pickle memo entries (default 1,000,000).</summary>
    public int MaxPickleMemo { get; init; } = 1_000_000;

    /// <summary>Longest string or byte operand kept in memory, in bytes (default 16 MiB); longer ones are skipped.</summary>
    public int MaxInMemoryOperandBytes { get; init; } = 16 << 20;

    /// <summary>Largest header (SafeTensors JSON, NumPy header, GGUF metadata, ONNX graph without tensors) read into memory (default 100 MB).</summary>
    public int MaxHeaderBytes { get; init; } = 100_000_000;

    /// <summary>Deepest JSON or protobuf nesting (default 64).</summary>
    public int MaxStructureDepth { get; init; } = 64;

    /// <summary>Most findings kept per file (default 1,000); later ones are counted, not kept.</summary>
    public int MaxFindingsPerFile { get; init; } = 1_000;

    /// <summary>Longest time one file may take (default 5 minutes).</summary>
    public TimeSpan MaxTimePerFile { get; init; } = TimeSpan.FromMinutes(5);
}
