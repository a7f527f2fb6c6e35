using System.Security.Cryptography;
using Rampart.Signing.Verification;

namespace Rampart.Signing.Signing;

/// <summary>An ECDSA public key on a signing curve, stored as SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
public sealed class SigningPublicKey
{
    private readonly byte[] _spki;

    private SigningPublicKey(byte[] spki, SigningCurve curve)
    {
        _spki = spki;
        Curve = curve;
        Pem = PemEncoding.WriteString("PUBLIC KEY", spki) + "\n";
        Hint = EcdsaKeys.Hint(Pem);
    }

    /// <summary>The curve.</summary>
    public SigningCurve Curve { get; }

    /// <summary>The hash the curve signs with.</summary>
    public HashAlgorithmName HashAlgorithm => EcdsaKeys.HashFor(Curve);

    /// <summary>The canonical PEM: 64-character base64 lines and a trailing newline.</summary>
    public string Pem { get; }

    /// <summary>
    /// Hex SHA-256 of <see cref="Pem"/>: the <c>verificationMaterial.publicKey.hint</c> that model_signing 1.x writes
    /// in key mode.
    /// </summary>
    public string Hint { get; }

    /// <summary>Reads a public key file; text before the PEM block (as certtool writes) is skipped.</summary>
    /// <exception cref="KeyFileException">
    /// The file is missing or unreadable, holds a private key or a certificate instead, a non-ECDSA key or another
    /// curve; the message names the file.
    /// </exception>
    public static SigningPublicKey Load(string path) => FromPem(KeyPem.ReadFile(path), path);

    /// <summary>Reads a public key from PEM text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="KeyFileException">As for <see cref="Load"/>.</exception>
    public static SigningPublicKey FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentNullException.ThrowIfNull(source);
        var (key, curve) = KeyPem.ImportPublic(pem, source);
        using (key)
        {
            return FromKey(key, curve);
        }
    }

    /// <summary>Verifies an ASN.1 DER signature over <paramref name="data"/>; false (never an exception) for a malformed signature.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_spki, out _);
        return EcdsaKeys.Verify(key, data, signature, HashAlgorithm);
    }

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    public byte[] ExportSubjectPublicKeyInfo() => (byte[])_spki.Clone();

    internal static SigningPublicKey FromKey(ECDsa key, SigningCurve curve) => new(key.ExportSubjectPublicKeyInfo(), curve);
}
