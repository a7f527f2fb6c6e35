using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Signing.Bundles;
using Rampart.Signing.Signing;

namespace Rampart.Signing.Verification;

/// <summary>
/// Verifies OpenSSF Model Signing (OMS) signatures: the DSSE signature over the exact statement bytes, then the
/// model against the signed manifest. Every failure is reported in the <see cref="VerificationResult"/>; user
/// errors never throw.
/// </summary>
public static class OmsVerifier
{
    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    /// <summary>Verifies a key-mode signature with the signer's ECDSA public key PEM.</summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="signaturePath">The Sigstore bundle (<c>model.sig</c>); left out of the model when inside it.</param>
    /// <param name="publicKeyPem">The public key PEM text; anything before the <c>-----BEGIN</c> line is skipped.</param>
    /// <param name="options">Extra ignore paths; default <see cref="VerificationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    public static VerificationResult VerifyWithPublicKey(string modelPath, string signaturePath, string publicKeyPem, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(signaturePath);
        ArgumentNullException.ThrowIfNull(publicKeyPem);
        if (!TryReadBundle(signaturePath, out var bundle, out var failure))
        {
            return failure;
        }

        ECDsa key;
        try
        {
            key = EcdsaKeys.ImportPublicKey(publicKeyPem);
        }
        catch (CryptographicException error)
        {
            return Fail(VerificationProblemKind.Unreadable, "unreadable key: " + error.Message);
        }

        using (key)
        {
            var warnings = ImmutableArray.CreateBuilder<string>();
            var hash = EcdsaKeys.HashFor(key);
            if (hash is null)
            {
                return Fail(VerificationProblemKind.Unsupported, "unsupported key: only ECDSA P-256, P-384 and P-521 keys are accepted");
            }

            if (bundle.VerificationMaterial.PublicKeyHint is { } hint)
            {
                if (!string.Equals(hint, EcdsaKeys.Hint(key), StringComparison.OrdinalIgnoreCase))
                {
                    return Fail(VerificationProblemKind.WrongKey, "wrong key: the bundle's publicKey.hint names a different public key");
                }
            }
            else
            {
                warnings.Add("the bundle carries no publicKey.hint, so the key could not be matched by its hint");
            }

            if (!EcdsaKeys.Verify(key, Dsse.Pae(bundle.Envelope.PayloadType, bundle.Envelope.Payload.Span), bundle.Envelope.Signatures[0].Signature.Span, hash.Value))
            {
                return Fail(VerificationProblemKind.WrongKey, "wrong key: the signature does not verify with the given public key");
            }

            return CheckModel(modelPath, signaturePath, bundle, options, warnings, cancellationToken);
        }
    }

    /// <summary>
    /// Verifies a key-mode signature with the signer's public key file, read first through
    /// <see cref="SigningPublicKey.Load"/> so that its errors name the file and the kind of key.
    /// </summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="signaturePath">The Sigstore bundle (<c>model.sig</c>); left out of the model when inside it.</param>
    /// <param name="publicKeyPath">The ECDSA public key PEM file.</param>
    /// <param name="options">Extra ignore paths; default <see cref="VerificationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="KeyFileException">The key file is not usable (as for <see cref="SigningPublicKey.Load"/>); nothing was verified.</exception>
    public static VerificationResult VerifyWithPublicKeyFile(string modelPath, string signaturePath, string publicKeyPath, VerificationOptions? options = null, CancellationToken cancellationToken = default) =>
        VerifyWithPublicKey(modelPath, signaturePath, SigningPublicKey.Load(publicKeyPath).Pem, options, cancellationToken);

    /// <summary>
    /// Verifies a certificate-mode signature with the trust anchors in PEM certificate files, read first through
    /// <see cref="CertificateFiles.LoadPem"/>; otherwise as <see cref="VerifyWithCertificateChain"/>.
    /// </summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="signaturePath">The Sigstore bundle; left out of the model when inside it.</param>
    /// <param name="trustAnchorPaths">PEM files with one or more certificates trusted as roots.</param>
    /// <param name="options">Extra ignore paths; default <see cref="VerificationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="KeyFileException">A certificate file is not usable (as for <see cref="CertificateFiles.Load"/>); nothing was verified.</exception>
    public static VerificationResult VerifyWithCertificateChainFiles(string modelPath, string signaturePath, IEnumerable<string> trustAnchorPaths, VerificationOptions? options = null, CancellationToken cancellationToken = default) =>
        VerifyWithCertificateChain(modelPath, signaturePath, CertificateFiles.LoadPem(trustAnchorPaths), options, cancellationToken);

    /// <summary>
    /// Verifies a certificate-mode signature: the bundle's certificate chain must lead to one of the trust anchors
    /// in <paramref name="trustAnchorsPem"/>, validated at the signing certificate's notBefore time (so expired
    /// certificates still verify), without revocation checks, and the signing certificate must allow digital
    /// signatures or code signing.
    /// </summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="signaturePath">The Sigstore bundle; left out of the model when inside it.</param>
    /// <param name="trustAnchorsPem">One or more PEM certificates trusted as roots.</param>
    /// <param name="options">Extra ignore paths; default <see cref="VerificationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    public static VerificationResult VerifyWithCertificateChain(string modelPath, string signaturePath, string trustAnchorsPem, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(signaturePath);
        ArgumentNullException.ThrowIfNull(trustAnchorsPem);
        if (!TryReadBundle(signaturePath, out var bundle, out var failure))
        {
            return failure;
        }

        var chainDer = bundle.VerificationMaterial.CertificateChain;
        if (chainDer.IsEmpty)
        {
            return Fail(VerificationProblemKind.BadChain, "bad chain: the bundle holds no verificationMaterial.x509CertificateChain");
        }

        var anchors = new X509Certificate2Collection();
        var certificates = new List<X509Certificate2>();
        try
        {
            try
            {
                anchors.ImportFromPem(trustAnchorsPem);
            }
            catch (CryptographicException error)
            {
                return Fail(VerificationProblemKind.Unreadable, "unreadable trust anchors: " + error.Message);
            }

            if (anchors.Count == 0)
            {
                return Fail(VerificationProblemKind.Unreadable, "unreadable trust anchors: no PEM certificate found");
            }

            for (var i = 0; i < chainDer.Length; i++)
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(chainDer[i].Span));
                }
                catch (CryptographicException error)
                {
                    return Fail(VerificationProblemKind.MalformedBundle, $"malformed bundle: verificationMaterial.x509CertificateChain.certificates[{i}]: not a DER certificate ({error.Message})");
                }
            }

            var leaf = certificates[0];
            var chainProblem = CheckChain(leaf, certificates.Skip(1), anchors);
            if (chainProblem is not null)
            {
                return Fail(VerificationProblemKind.BadChain, "bad chain: " + chainProblem);
            }

            return VerifyWithLeaf(modelPath, signaturePath, bundle, leaf, allowCompat: true, ImmutableArray.CreateBuilder<string>(), options, cancellationToken);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            foreach (var anchor in anchors)
            {
                anchor.Dispose();
            }
        }
    }

    /// <summary>
    /// Offline check of a keyless (Sigstore) signature: only the DSSE signature over the statement is verified,
    /// with the key of the bundle's leaf certificate, and then the model against the statement. The certificate's
    /// identity and issuer, its Fulcio chain, the Rekor log entry and timestamps are NOT checked; the result says
    /// so in its warnings.
    /// </summary>
    /// <param name="modelPath">The model file or folder.</param>
    /// <param name="signaturePath">The Sigstore bundle; left out of the model when inside it.</param>
    /// <param name="options">Extra ignore paths; default <see cref="VerificationOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    public static VerificationResult VerifySigstoreSignatureOnly(string modelPath, string signaturePath, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(signaturePath);
        if (!TryReadBundle(signaturePath, out var bundle, out var failure))
        {
            return failure;
        }

        var material = bundle.VerificationMaterial;
        ReadOnlyMemory<byte>? der = material.Certificate ?? (material.CertificateChain.IsEmpty ? null : material.CertificateChain[0]);
        if (der is null)
        {
            return Fail(VerificationProblemKind.MalformedBundle, "malformed bundle: verificationMaterial.certificate: missing");
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509CertificateLoader.LoadCertificate(der.Value.Span);
        }
        catch (CryptographicException error)
        {
            return Fail(VerificationProblemKind.MalformedBundle, "malformed bundle: verificationMaterial.certificate.rawBytes: not a DER certificate (" + error.Message + ")");
        }

        using (leaf)
        {
            var warnings = ImmutableArray.CreateBuilder<string>();
            warnings.Add("keyless signature checked offline: only the signature over the statement with the bundle's certificate key; the signer identity, the Fulcio chain and the Rekor log entry were not checked");
            return VerifyWithLeaf(modelPath, signaturePath, bundle, leaf, allowCompat: false, warnings, options, cancellationToken);
        }
    }

    private static VerificationResult VerifyWithLeaf(string modelPath, string signaturePath, SigstoreBundle bundle, X509Certificate2 leaf, bool allowCompat, ImmutableArray<string>.Builder warnings, VerificationOptions? options, CancellationToken cancellationToken)
    {
        ECDsa? leafKey;
        try
        {
            leafKey = leaf.GetECDsaPublicKey();
        }
        catch (Exception error) when (error is CryptographicException or PlatformNotSupportedException)
        {
            return Fail(VerificationProblemKind.Unsupported, "unsupported key: the signing certificate's key cannot be read (" + error.Message + ")");
        }

        using var key = leafKey;
        if (key is null)
        {
            return Fail(VerificationProblemKind.Unsupported, "unsupported key: the signing certificate's key is not ECDSA");
        }

        if (EcdsaKeys.HashFor(key) is not { } hash)
        {
            return Fail(VerificationProblemKind.Unsupported, "unsupported key: only ECDSA P-256, P-384 and P-521 keys are accepted");
        }

        var envelope = bundle.Envelope;
        var signature = envelope.Signatures[0].Signature.Span;
        if (!EcdsaKeys.Verify(key, Dsse.Pae(envelope.PayloadType, envelope.Payload.Span), signature, hash))
        {
            if (allowCompat && EcdsaKeys.Verify(key, Dsse.CompatPae(envelope.PayloadType, envelope.Payload.Span), signature, HashAlgorithmName.SHA256))
            {
                warnings.Add("the signature uses the model_signing 0.2.0 compatibility encoding");
            }
            else
            {
                return Fail(VerificationProblemKind.BadSignature, "bad signature: the signature does not verify with the signing certificate's key");
            }
        }

        return CheckModel(modelPath, signaturePath, bundle, options, warnings, cancellationToken);
    }

    private static string? CheckChain(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, X509Certificate2Collection anchors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = leaf.NotBefore;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        foreach (var intermediate in intermediates)
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        if (!chain.Build(leaf))
        {
            var reasons = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
            return "the certificate chain does not lead to the given trust anchor (" + string.Join("; ", reasons) + ")";
        }

        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        var enhanced = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        var digitalSignature = keyUsage is not null && keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature);
        var codeSigning = enhanced is not null && enhanced.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == CodeSigningOid);
        return digitalSignature || codeSigning
            ? null
            : "the signing certificate allows neither digital signatures (KeyUsage) nor code signing (ExtendedKeyUsage)";
    }

    private static VerificationResult CheckModel(string modelPath, string signaturePath, SigstoreBundle bundle, VerificationOptions? options, ImmutableArray<string>.Builder warnings, CancellationToken cancellationToken)
    {
        options ??= VerificationOptions.Default;
        InTotoStatement statement;
        try
        {
            statement = BundleParser.ParseStatement(bundle.Envelope.Payload.Span);
        }
        catch (BundleFormatException error)
        {
            return Fail(VerificationProblemKind.MalformedBundle, error.Message);
        }

        var problems = ImmutableArray.CreateBuilder<VerificationProblem>();
        ManifestChecks.CheckStatement(statement, problems);
        if (problems.Count == 0)
        {
            ManifestChecks.CompareModel(modelPath, signaturePath, statement, options, problems, cancellationToken);
        }

        return new VerificationResult { Problems = problems.ToImmutable(), Warnings = warnings.ToImmutable(), Statement = statement };
    }

    private static bool TryReadBundle(string signaturePath, out SigstoreBundle bundle, out VerificationResult failure)
    {
        bundle = null!;
        failure = null!;
        byte[] bytes;
        try
        {
            var info = new FileInfo(signaturePath);
            if (info.Exists && info.Length > BundleParser.MaxBytes)
            {
                failure = Fail(VerificationProblemKind.MalformedBundle, $"malformed bundle: (bundle): {info.Length} bytes is over the {BundleParser.MaxBytes}-byte limit");
                return false;
            }

            bytes = File.ReadAllBytes(signaturePath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            failure = Fail(VerificationProblemKind.Unreadable, $"unreadable signature: {error.Message}");
            return false;
        }

        try
        {
            bundle = BundleParser.ParseBundle(bytes);
            return true;
        }
        catch (BundleFormatException error)
        {
            failure = Fail(VerificationProblemKind.MalformedBundle, error.Message);
            return false;
        }
    }

    internal static VerificationResult Fail(VerificationProblemKind kind, string message) =>
        new() { Problems = [new VerificationProblem { Kind = kind, Message = message }] };
}
