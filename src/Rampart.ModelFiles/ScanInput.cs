namespace Rampart.ModelFiles;

/// <summary>
/// The bytes a format scanner analyses: a readable, seekable stream (a file, an archive member, an unpacked
/// stream), where it is, and how deep it sits inside other containers.
/// </summary>
public sealed record ScanInput
{
    /// <summary>The data, positioned anywhere; scanners seek as they need. Not owned by the input.</summary>
    public required Stream Stream { get; init; }

    /// <summary>Where the data is, for findings.</summary>
    public required ScanLocation Location { get; init; }

    /// <summary>The file or member name (last path component), used for messages and the extension check only.</summary>
    public required string Name { get; init; }

    /// <summary>The file on disk when the input is a whole file (for resolving ONNX external data), else <c>null</c>.</summary>
    public string? DiskPath { get; init; }

    /// <summary>Nesting depth: 0 for a file, 1 for a member of an archive in it, and so on.</summary>
    public int Depth { get; init; }

    /// <summary>Length of the data.</summary>
    public long Length => Stream.Length;
}
