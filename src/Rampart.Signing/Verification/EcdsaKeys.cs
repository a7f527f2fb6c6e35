using System.Security.Cryptography;
using System.Text;
using Rampart.Signing.Signing;

namespace Rampart.Signing.Verification;

/// <summary>ECDSA helpers: the curves OMS accepts, their hashes, PEM import and the key hint.</summary>
internal static class EcdsaKeys
{
    /// <summary>The signing curve of the key (P-256, P-384 or P-521), or null for any other curve.</summary>
    public static SigningCurve? CurveOf(ECDsa key)
    {
        var curve = key.ExportParameters(false).Curve;
        return (curve.Oid?.Value, curve.Oid?.FriendlyName) switch
        {
            ("1.2.840.10045.3.1.7", _) or (_, "nistP256" or "ECDSA_P256") => SigningCurve.P256,
            ("1.3.132.0.34", _) or (_, "nistP384" or "ECDSA_P384") => SigningCurve.P384,
            ("1.3.132.0.35", _) or (_, "nistP521" or "ECDSA_P521") => SigningCurve.P521,
            _ => null,
        };
    }

    /// <summary>The hash a curve signs with: SHA-256, SHA-384 or SHA-512.</summary>
    public static HashAlgorithmName HashFor(SigningCurve curve) => curve switch
    {
        SigningCurve.P256 => HashAlgorithmName.SHA256,
        SigningCurve.P384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>The hash for the key's curve (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512), or null for any other curve.</summary>
    public static HashAlgorithmName? HashFor(ECDsa key) => CurveOf(key) is { } curve ? HashFor(curve) : null;

    /// <summary>Verifies an ASN.1 DER signature; false rather than an exception for a malformed signature.</summary>
    public static bool Verify(ECDsa key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        try
        {
            return key.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Imports an ECDSA public key from PEM text, reading from the first <c>-----BEGIN</c> line (some key files
    /// start with a text dump of the key).
    /// </summary>
    /// <exception cref="CryptographicException">No ECDSA public key could be read.</exception>
    public static ECDsa ImportPublicKey(string text)
    {
        var begin = text.IndexOf("-----BEGIN", StringComparison.Ordinal);
        if (begin < 0)
        {
            throw new CryptographicException("no '-----BEGIN' line found");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text.AsSpan(begin));
            return key;
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException or PlatformNotSupportedException)
        {
            // A curve OpenSSL does not know surfaces as PlatformNotSupportedException.
            key.Dispose();
            throw new CryptographicException("not an ECDSA public key PEM: " + error.Message, error);
        }
    }

    /// <summary>Hex SHA-256 of the key's canonical SubjectPublicKeyInfo PEM (64-character lines, trailing newline), as OMS hints it.</summary>
    public static string Hint(ECDsa key) => Hint(key.ExportSubjectPublicKeyInfoPem() + "\n");

    /// <summary>Hex SHA-256 of a canonical public key PEM.</summary>
    public static string Hint(string canonicalPem) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(canonicalPem)));
}
