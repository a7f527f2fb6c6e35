using System.Collections.Immutable;

namespace Rampart.Signing.Manifests;

/// <summary>What <see cref="ModelHasher"/> leaves out of a model's manifest.</summary>
public sealed record ManifestOptions
{
    /// <summary>The default options: git paths ignored, nothing else.</summary>
    public static ManifestOptions Default { get; } = new();

    /// <summary>
    /// Paths to leave out, relative to the model folder (with <c>/</c> or the platform separator) or absolute; a
    /// folder leaves out everything under it. Paths outside the model folder are dropped. Default: none.
    /// </summary>
    public ImmutableArray<string> IgnorePaths { get; init; } = [];

    /// <summary>Whether <c>.git/</c>, <c>.gitattributes</c>, <c>.github/</c> and <c>.gitignore</c> at the model root are left out. Default: true.</summary>
    public bool IgnoreGitPaths { get; init; } = true;

    /// <summary>The signature file, left out when it lies inside the model folder. Default: none.</summary>
    public string? SignaturePath { get; init; }
}
