namespace Rampart.Labels.Model;

/// <summary>The row-hash companion file a label names and pins by digest.</summary>
public sealed record RowHashesRef
{
    /// <summary>The file's name, in the label's folder.</summary>
    public required string File { get; init; }

    /// <summary>The file's SHA-256, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The file's size in bytes.</summary>
    public required long Bytes { get; init; }
}
