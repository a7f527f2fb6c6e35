using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rampart.Signing.Bundles;
using Rampart.Signing.Manifests;

namespace Rampart.Signing.Signing;

/// <summary>
/// Signs a model file or folder in OpenSSF Model Signing (OMS) files mode, as model_signing 1.x does: SHA-256 per
/// file, an in-toto statement with the <c>https://model_signing/signature/v1.0</c> predicate, a DSSE envelope, and a
/// Sigstore bundle (v0.3) in key mode or certificate mode. Write the result with <see cref="BundleWriter.Write"/>.
/// </summary>
public static class OmsSigner
{
    /// <summary>Hashes the model and builds the statement to sign.</summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="options">Ignore paths, signature path and model name; default <see cref="SigningOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="ManifestException">The model is missing, or holds a symbolic link or a special file.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static InTotoStatement CreateStatement(string modelPath, SigningOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= SigningOptions.Default;
        var manifest = ModelHasher.Hash(
            modelPath,
            new ManifestOptions { IgnorePaths = options.IgnorePaths, IgnoreGitPaths = options.IgnoreGitPaths, SignaturePath = options.SignaturePath },
            cancellationToken);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelPath));
        return new InTotoStatement
        {
            Subjects = [new StatementSubject { Name = options.ModelName ?? Path.GetFileName(full), Sha256 = manifest.RootDigest }],
            PredicateType = InTotoStatement.SignatureV1PredicateType,
            Serialization = new ManifestSerialization
            {
                Method = "files",
                HashType = "sha256",
                AllowSymlinks = false,
                IgnorePaths = Directory.Exists(full) ? RecordedIgnorePaths(full, options) : [],
            },
            Resources = manifest.Resources,
        };
    }

    /// <summary>
    /// Signs in key mode: the bundle carries <c>publicKey.hint</c>, the hex SHA-256 of the public key's canonical PEM.
    /// </summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="options">Ignore paths, signature path and model name.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="ManifestException">The model is missing, or holds a symbolic link or a special file.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static SigstoreBundle SignWithKey(string modelPath, SigningKey key, SigningOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var statement = CreateStatement(modelPath, options, cancellationToken);
        return Sign(statement, key, new BundleVerificationMaterial { PublicKeyHint = key.PublicKey.Hint });
    }

    /// <summary>
    /// Signs in certificate mode: the bundle carries <c>x509CertificateChain</c> with the signing certificate first,
    /// then <paramref name="chain"/> in the given order (intermediates; the root may be left out).
    /// </summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="signingCertificate">The certificate of <paramref name="key"/>.</param>
    /// <param name="chain">The certificates that lead from the signing certificate towards the root.</param>
    /// <param name="options">Ignore paths, signature path and model name.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="SigningException">The signing certificate does not certify <paramref name="key"/>.</exception>
    /// <exception cref="ManifestException">The model is missing, or holds a symbolic link or a special file.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static SigstoreBundle SignWithCertificate(
        string modelPath,
        SigningKey key,
        X509Certificate2 signingCertificate,
        IEnumerable<X509Certificate2> chain,
        SigningOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signingCertificate);
        ArgumentNullException.ThrowIfNull(chain);
        if (!key.MatchesCertificate(signingCertificate))
        {
            throw new SigningException($"the signing certificate ({signingCertificate.Subject}) does not certify the signing key's public key");
        }

        var certificates = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>();
        certificates.Add(signingCertificate.RawData);
        foreach (var certificate in chain)
        {
            certificates.Add(certificate.RawData);
        }

        var statement = CreateStatement(modelPath, options, cancellationToken);
        return Sign(statement, key, new BundleVerificationMaterial { CertificateChain = certificates.ToImmutable() });
    }

    private static SigstoreBundle Sign(InTotoStatement statement, SigningKey key, BundleVerificationMaterial material) => new()
    {
        MediaType = BundleWriter.MediaType,
        VerificationMaterial = material,
        Envelope = DsseSigner.Sign(BundleParser.InTotoPayloadType, StatementWriter.Write(statement), key),
    };

    /// <summary>The ignore paths to record, model-relative, in order: the caller's, the signature file, the git paths.</summary>
    private static ImmutableArray<string> RecordedIgnorePaths(string modelFolder, SigningOptions options)
    {
        var candidates = new List<string>(options.IgnorePaths);
        if (options.SignaturePath is { Length: > 0 } signature)
        {
            candidates.Add(Path.GetFullPath(signature));
        }

        if (options.IgnoreGitPaths)
        {
            candidates.AddRange(ModelHasher.GitPaths);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var recorded = ImmutableArray.CreateBuilder<string>();
        foreach (var candidate in candidates)
        {
            if (ModelHasher.RelativeTo(modelFolder, candidate) is { } relative && seen.Add(relative))
            {
                recorded.Add(relative);
            }
        }

        return recorded.ToImmutable();
    }
}
