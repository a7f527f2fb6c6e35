namespace Rampart.Signing.Manifests;

/// <summary>One hashed resource of an OMS manifest: a file of the model in files mode.</summary>
public sealed record ManifestResource
{
    /// <summary>The path relative to the model root with <c>/</c> separators; <c>.</c> for a single-file model.</summary>
    public required string Name { get; init; }

    /// <summary>The hash algorithm name as OMS writes it, for example <c>sha256</c>.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The digest as lowercase hexadecimal.</summary>
    public required string Digest { get; init; }
}
