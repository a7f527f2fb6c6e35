using System.Collections.Immutable;

namespace Rampart.Signing.Verification;

/// <summary>How <see cref="OmsVerifier"/> re-hashes the model.</summary>
public sealed record VerificationOptions
{
    /// <summary>The default options.</summary>
    public static VerificationOptions Default { get; } = new();

    /// <summary>
    /// Paths to leave out besides those recorded in the signed predicate and the signature file: model-relative or
    /// absolute. Default: none.
    /// </summary>
    public ImmutableArray<string> IgnorePaths { get; init; } = [];

    /// <summary>Whether git paths at the model root are left out. Default: true.</summary>
    public bool IgnoreGitPaths { get; init; } = true;
}
