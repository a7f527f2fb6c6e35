using System.Formats.Asn1;
using System.Security.Cryptography;

using Rampart.Signing.Verification;

namespace Rampart.Signing.Signing;

/// <summary>Reads ECDSA keys from PEM text and says plainly what is wrong with any other kind of key.</summary>
internal static class KeyPem
{
    /// <summary>The largest key or certificate file read, in bytes (1 MiB).</summary>
    public const int MaxFileBytes = 1 << 20;

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    private static readonly Dictionary<string, string> AlgorithmNames = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.1"] = "RSA",
        ["1.2.840.113549.1.1.10"] = "RSASSA-PSS",
        ["1.2.840.10040.4.1"] = "DSA",
        ["1.3.101.110"] = "X25519",
        ["1.3.101.111"] = "X448",
        ["1.3.101.112"] = "Ed25519",
        ["1.3.101.113"] = "Ed448",
    };

    private static readonly Dictionary<string, string> CurveNames = new(StringComparer.Ordinal)
    {
        ["1.3.132.0.10"] = "secp256k1",
        ["1.2.840.10045.3.1.1"] = "P-192",
        ["1.3.132.0.33"] = "P-224",
        ["1.3.36.3.3.2.8.1.1.7"] = "brainpoolP256r1",
        ["1.3.36.3.3.2.8.1.1.11"] = "brainpoolP384r1",
        ["1.3.36.3.3.2.8.1.1.13"] = "brainpoolP512r1",
    };

    /// <summary>Reads a key or certificate file as text, refusing missing, oversized or unreadable files.</summary>
    public static string ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new KeyFileException(path, Directory.Exists(path) ? "is a folder, not a file" : "does not exist", null);
            }

            if (info.Length > MaxFileBytes)
            {
                throw new KeyFileException(path, $"{info.Length} bytes is over the {MaxFileBytes}-byte limit for a key or certificate file", null);
            }

            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, "cannot be read: " + error.Message, error);
        }
    }

    /// <summary>Imports an ECDSA private key (PKCS#8 or SEC1 <c>EC PRIVATE KEY</c>) on a supported curve.</summary>
    public static (ECDsa Key, SigningCurve Curve) ImportPrivate(string text, string source)
    {
        if (text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw Encrypted(source);
        }

        var blocks = Blocks(text);
        if (blocks.Count == 0)
        {
            throw new KeyFileException(source, "no PEM block found; expected '-----BEGIN PRIVATE KEY-----' (an unencrypted PKCS#8 ECDSA key)", null);
        }

        var (label, der) = blocks.FirstOrDefault(b => b.Label.EndsWith("PRIVATE KEY", StringComparison.Ordinal));
        if (label is null)
        {
            throw new KeyFileException(source, $"holds {Describe(blocks[0].Label)}, not a private key; expected '-----BEGIN PRIVATE KEY-----'", null);
        }

        var key = ECDsa.Create();
        try
        {
            switch (label)
            {
                case "ENCRYPTED PRIVATE KEY":
                    throw Encrypted(source);
                case "PRIVATE KEY":
                    RequireEc(AlgorithmOf(der, pkcs8: true, source), source);
                    key.ImportPkcs8PrivateKey(der, out _);
                    break;
                case "EC PRIVATE KEY":
                    key.ImportECPrivateKey(der, out _);
                    break;
                default:
                    throw new KeyFileException(source, $"unsupported key: {Describe(label)}; Rampart signs with ECDSA P-256, P-384 or P-521 keys", null);
            }

            return (key, CurveOf(key, source));
        }
        catch (Exception error) when (error is CryptographicException or PlatformNotSupportedException or ArgumentException)
        {
            // A curve OpenSSL does not know surfaces as PlatformNotSupportedException.
            key.Dispose();
            throw new KeyFileException(source, "not a readable ECDSA private key: " + error.Message, error);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Imports an ECDSA SubjectPublicKeyInfo (<c>PUBLIC KEY</c>) on a supported curve; text before the PEM is skipped.</summary>
    public static (ECDsa Key, SigningCurve Curve) ImportPublic(string text, string source)
    {
        var blocks = Blocks(text);
        if (blocks.Count == 0)
        {
            throw new KeyFileException(source, "no PEM block found; expected '-----BEGIN PUBLIC KEY-----'", null);
        }

        var (label, der) = blocks.FirstOrDefault(b => b.Label == "PUBLIC KEY");
        if (label is null)
        {
            var first = blocks[0].Label;
            var hint = first.EndsWith("PRIVATE KEY", StringComparison.Ordinal)
                ? "; give the public key (the .pub.pem file), never the private key"
                : first == "CERTIFICATE" ? "; for a certificate, verify with a certificate chain instead" : "";
            throw new KeyFileException(source, $"holds {Describe(first)}, not a public key ('-----BEGIN PUBLIC KEY-----'){hint}", null);
        }

        RequireEc(AlgorithmOf(der, pkcs8: false, source), source);
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out _);
            return (key, CurveOf(key, source));
        }
        catch (Exception error) when (error is CryptographicException or PlatformNotSupportedException or ArgumentException)
        {
            key.Dispose();
            throw new KeyFileException(source, "not a readable ECDSA public key: " + error.Message, error);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The supported curve of <paramref name="key"/>; any other curve is refused naming it.</summary>
    public static SigningCurve CurveOf(ECDsa key, string source)
    {
        if (EcdsaKeys.CurveOf(key) is { } supported)
        {
            return supported;
        }

        var oid = key.ExportParameters(false).Curve.Oid;
        throw new KeyFileException(
            source,
            $"unsupported curve {(oid?.Value is { } value && CurveNames.TryGetValue(value, out var known) ? known : oid?.FriendlyName ?? oid?.Value ?? "(explicit parameters)")}; Rampart signs with P-256, P-384 or P-521",
            null);
    }

    private static KeyFileException Encrypted(string source) =>
        new(source, "the private key is encrypted; Rampart reads unencrypted PKCS#8 keys (decrypt it, for example with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out PLAIN.pem', and keep the result private)", null);

    private static void RequireEc(string algorithm, string source)
    {
        if (algorithm != EcPublicKeyOid)
        {
            var name = AlgorithmNames.TryGetValue(algorithm, out var known) ? known : "algorithm " + algorithm;
            throw new KeyFileException(source, $"unsupported key: {name}; Rampart signs with ECDSA P-256, P-384 or P-521 keys", null);
        }
    }

    /// <summary>The algorithm OID of a PKCS#8 PrivateKeyInfo or a SubjectPublicKeyInfo.</summary>
    private static string AlgorithmOf(byte[] der, bool pkcs8, string source)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            if (pkcs8)
            {
                _ = reader.ReadInteger();
            }

            return reader.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException error)
        {
            throw new KeyFileException(source, "the PEM block is not valid DER: " + error.Message, error);
        }
    }

    private static List<(string Label, byte[] Der)> Blocks(string text)
    {
        var blocks = new List<(string, byte[])>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            blocks.Add((rest[fields.Label].ToString(), Convert.FromBase64String(rest[fields.Base64Data].ToString())));
            rest = rest[fields.Location.End..];
        }

        return blocks;
    }

    /// <summary>A PEM label in words, with its article.</summary>
    private static string Describe(string label) => label switch
    {
        "PRIVATE KEY" => "a private key",
        "EC PRIVATE KEY" => "an EC private key",
        "ENCRYPTED PRIVATE KEY" => "an encrypted private key",
        "RSA PRIVATE KEY" => "an RSA private key",
        "RSA PUBLIC KEY" => "an RSA public key",
        "DSA PRIVATE KEY" => "a DSA private key",
        "OPENSSH PRIVATE KEY" => "an OpenSSH private key (convert it to PKCS#8 with 'ssh-keygen -p -m PKCS8')",
        "CERTIFICATE" => "a certificate",
        "PUBLIC KEY" => "a public key",
        _ => $"a '{label}' PEM block",
    };
}
