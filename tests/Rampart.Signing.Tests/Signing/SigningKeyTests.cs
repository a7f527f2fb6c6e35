using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Signing.Signing;
using Rampart.Signing.Tests.Manifests;
using Rampart.Signing.Verification;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Signing;

public sealed class SigningKeyTests
{
    [Theory]
    [InlineData(SigningCurve.P256, "SHA256")]
    [InlineData(SigningCurve.P384, "SHA384")]
    [InlineData(SigningCurve.P521, "SHA512")]
    public void Generate_Curve_RoundTripsThroughPem(SigningCurve curve, string hash)
    {
        using var key = SigningKey.Generate(curve);
        Assert.Equal(hash, key.HashAlgorithm.Name);
        var privatePem = key.ExportPrivateKeyPem();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", privatePem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", key.PublicKey.Pem, StringComparison.Ordinal);
        Assert.EndsWith("-----END PUBLIC KEY-----\n", key.PublicKey.Pem, StringComparison.Ordinal);

        using var again = SigningKey.FromPem(privatePem, "k.pem");
        var publicKey = SigningPublicKey.FromPem(key.PublicKey.Pem, "k.pub.pem");
        Assert.Equal(curve, again.Curve);
        Assert.Equal(key.PublicKey.Hint, again.PublicKey.Hint);
        Assert.Equal(key.PublicKey.Hint, publicKey.Hint);
        var data = "hello"u8.ToArray();
        Assert.True(publicKey.Verify(data, again.Sign(data)));
        Assert.False(publicKey.Verify("hellO"u8, again.Sign(data)));
        Assert.False(publicKey.Verify(data, [0x30, 0x01, 0x00]));
    }

    [Fact]
    public void Hint_MatchesVerifierHint()
    {
        using var key = SigningKey.Generate();
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PublicKey.Pem);
        Assert.Equal(EcdsaKeys.Hint(ecdsa), key.PublicKey.Hint);
    }

    [Fact]
    public void Load_FixtureSec1KeyWithTextDump_ReadsP384AndMatchesFixturePublicKey()
    {
        using var key = SigningKey.Load(ModelHasherTests.Oms("keys", "certificate", "signing-key.pem"));
        var publicKey = SigningPublicKey.Load(ModelHasherTests.Oms("keys", "certificate", "signing-key-pub.pem"));
        Assert.Equal(SigningCurve.P384, key.Curve);
        Assert.Equal(publicKey.Hint, key.PublicKey.Hint);
        Assert.Equal("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e", key.PublicKey.Hint);
    }

    [Fact]
    public void Load_Missing_NamesFile()
    {
        var error = Assert.Throws<KeyFileException>(() => SigningKey.Load("/no/such/key.pem"));
        Assert.Equal("'/no/such/key.pem': does not exist", error.Message);
        Assert.Equal("/no/such/key.pem", error.FilePath);
    }

    [Fact]
    public void FromPem_RsaPkcs8_SaysRsaIsUnsupported()
    {
        using var rsa = RSA.Create(2048);
        var error = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(rsa.ExportPkcs8PrivateKeyPem(), "rsa.pem"));
        Assert.StartsWith("'rsa.pem': unsupported key: RSA;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_LegacyRsa_SaysRsa()
    {
        var error = Assert.Throws<KeyFileException>(() => SigningKey.Load(ModelHasherTests.Oms("keys", "certificate", "ca-priv.pem")));
        Assert.Contains("unsupported key: an RSA private key", error.Message, StringComparison.Ordinal);
        Assert.Contains("ca-priv.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_Ed25519_SaysEd25519()
    {
        // PKCS#8 Ed25519 key from RFC 8410 section 10.3.
        const string Pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";
        var error = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(Pem, "ed.pem"));
        Assert.StartsWith("'ed.pem': unsupported key: Ed25519;", error.Message, StringComparison.Ordinal);
        var publicError = Assert.Throws<KeyFileException>(() => SigningPublicKey.FromPem(
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n", "ed.pub.pem"));
        Assert.StartsWith("'ed.pub.pem': unsupported key: Ed25519;", publicError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_EncryptedPkcs8_SaysEncrypted()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
        var error = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(pem, "enc.pem"));
        Assert.StartsWith("'enc.pem': the private key is encrypted;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_LegacyEncryptedSec1_SaysEncrypted()
    {
        const string Pem = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END EC PRIVATE KEY-----\n";
        var error = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(Pem, "old.pem"));
        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_OtherCurve_NamesCurve()
    {
        ECDsa ecdsa;
        try
        {
            ecdsa = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10"));
        }
        catch (PlatformNotSupportedException)
        {
            return;
        }

        using (ecdsa)
        {
            var error = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(ecdsa.ExportPkcs8PrivateKeyPem(), "k1.pem"));
            Assert.StartsWith("'k1.pem': unsupported curve secp256k1;", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromPem_PublicKeyGivenAsPrivate_SaysSo()
    {
        using var key = SigningKey.Generate();
        var error = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(key.PublicKey.Pem, "k.pub.pem"));
        Assert.StartsWith("'k.pub.pem': holds a public key, not a private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningPublicKeyFromPem_PrivateKeyGiven_WarnsNotToUseIt()
    {
        using var key = SigningKey.Generate();
        var error = Assert.Throws<KeyFileException>(() => SigningPublicKey.FromPem(key.ExportPrivateKeyPem(), "k.pem"));
        Assert.Contains("never the private key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public void FromPem_Garbage_NamesFile(string text)
    {
        var error = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(text, "bad.pem"));
        Assert.StartsWith("'bad.pem': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Oversized_Refused()
    {
        using var folder = new TempFolder();
        var path = folder.Write("big.pem", new string('A', 2 << 20));
        var error = Assert.Throws<KeyFileException>(() => SigningKey.Load(path));
        Assert.Contains("over the", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchesCertificate_OwnAndOtherKey()
    {
        using var key = SigningKey.Generate();
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.ExportPrivateKeyPem());
        var request = new CertificateRequest("CN=leaf", ecdsa, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        using var other = SigningKey.Generate();
        Assert.True(key.MatchesCertificate(certificate));
        Assert.False(other.MatchesCertificate(certificate));
    }
}
