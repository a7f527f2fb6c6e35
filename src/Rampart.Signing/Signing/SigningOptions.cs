using System.Collections.Immutable;

namespace Rampart.Signing.Signing;

/// <summary>What <see cref="OmsSigner"/> leaves out of the signed model, and what it calls it.</summary>
public sealed record SigningOptions
{
    /// <summary>The default options: git paths left out, nothing else.</summary>
    public static SigningOptions Default { get; } = new();

    /// <summary>
    /// Paths to leave out, relative to the model folder or absolute; a folder leaves out everything under it. They
    /// are recorded in the signed predicate (model-relative), so verifiers leave them out too. Default: none.
    /// </summary>
    public ImmutableArray<string> IgnorePaths { get; init; } = [];

    /// <summary>Whether <c>.git/</c>, <c>.gitattributes</c>, <c>.github/</c> and <c>.gitignore</c> at the model root are left out. Default: true.</summary>
    public bool IgnoreGitPaths { get; init; } = true;

    /// <summary>Where the signature will be written; left out (and recorded as ignored) when inside the model folder. Default: none.</summary>
    public string? SignaturePath { get; init; }

    /// <summary>The subject name in the statement. Default: null, meaning the model file or folder name.</summary>
    public string? ModelName { get; init; }
}
