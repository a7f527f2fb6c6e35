using System.Collections.Immutable;
using System.Security.Cryptography;

namespace Rampart.Signing.Manifests;

/// <summary>The OMS resource list of a model, sorted in path order, with its root digest.</summary>
public sealed record ModelManifest
{
    /// <summary>The resources sorted by <see cref="PosixPathComparer"/>.</summary>
    public required ImmutableArray<ManifestResource> Resources { get; init; }

    /// <summary>The root digest as lowercase hexadecimal: see <see cref="ComputeRootDigest"/>.</summary>
    public string RootDigest => ComputeRootDigest(Resources);

    /// <summary>
    /// SHA-256 over the concatenation of the raw (binary) digests of <paramref name="resources"/>, in the given
    /// order, as lowercase hexadecimal.
    /// </summary>
    /// <exception cref="FormatException">A digest is not hexadecimal.</exception>
    public static string ComputeRootDigest(IEnumerable<ManifestResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var resource in resources)
        {
            hash.AppendData(Convert.FromHexString(resource.Digest));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
