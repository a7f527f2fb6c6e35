using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rampart.Signing.Signing;

/// <summary>
/// An ECDSA private key for signing: P-256 with SHA-256, P-384 with SHA-384 or P-521 with SHA-512, signatures in
/// ASN.1 DER as OpenSSF Model Signing writes them. Stored as unencrypted PKCS#8 PEM
/// (<c>-----BEGIN PRIVATE KEY-----</c>); the SEC1 form (<c>-----BEGIN EC PRIVATE KEY-----</c>) is read too.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key, SigningCurve curve)
    {
        _key = key;
        Curve = curve;
        PublicKey = SigningPublicKey.FromKey(key, curve);
    }

    /// <summary>The curve.</summary>
    public SigningCurve Curve { get; }

    /// <summary>The hash the curve signs with: SHA-256, SHA-384 or SHA-512.</summary>
    public HashAlgorithmName HashAlgorithm => Verification.EcdsaKeys.HashFor(Curve);

    /// <summary>The public half.</summary>
    public SigningPublicKey PublicKey { get; }

    /// <summary>Generates a fresh key on <paramref name="curve"/> (default P-256).</summary>
    public static SigningKey Generate(SigningCurve curve = SigningCurve.P256)
    {
        var named = curve switch
        {
            SigningCurve.P256 => ECCurve.NamedCurves.nistP256,
            SigningCurve.P384 => ECCurve.NamedCurves.nistP384,
            SigningCurve.P521 => ECCurve.NamedCurves.nistP521,
            _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "not a signing curve"),
        };
        return new SigningKey(ECDsa.Create(named), curve);
    }

    /// <summary>Reads a private key file.</summary>
    /// <exception cref="KeyFileException">
    /// The file is missing or unreadable, or holds no private key, an encrypted key, a non-ECDSA key (RSA, Ed25519,
    /// ...) or another curve; the message names the file and says which.
    /// </exception>
    public static SigningKey Load(string path) => FromPem(KeyPem.ReadFile(path), path);

    /// <summary>Reads a private key from PEM text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="KeyFileException">As for <see cref="Load"/>.</exception>
    public static SigningKey FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentNullException.ThrowIfNull(source);
        var (key, curve) = KeyPem.ImportPrivate(pem, source);
        return new SigningKey(key, curve);
    }

    /// <summary>The private key as unencrypted PKCS#8 PEM with a trailing newline. Keep it private.</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>Signs <paramref name="data"/> with the curve's hash; the signature is ASN.1 DER.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithm, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Whether <paramref name="certificate"/> certifies this key's public half.</summary>
    public bool MatchesCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // Compare the SubjectPublicKeyInfo itself: GetECDsaPublicKey returns null when the key usage forbids signing.
        return certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(_key.ExportSubjectPublicKeyInfo());
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
