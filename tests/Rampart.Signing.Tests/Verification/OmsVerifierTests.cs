using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Signing.Manifests;
using Rampart.Signing.Verification;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Verification;

public sealed class OmsVerifierTests
{
    public static TheoryData<string> Curves => new() { "P-256", "P-384", "P-521" };

    [Theory]
    [MemberData(nameof(Curves))]
    public void VerifyWithPublicKey_EachCurve_VerifiesWithItsHash(string curve)
    {
        var (named, hash) = curve switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256),
            "P-384" => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384),
            _ => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512),
        };
        using var folder = Model();
        using var key = ECDsa.Create(named);
        var signature = folder.Write("model.sig", TestBundles.Bundle(TestBundles.Statement(ModelHasher.Hash(folder.Path)), key, hash, TestBundles.KeyMaterial(key)));
        var result = OmsVerifier.VerifyWithPublicKey(folder.Path, signature, key.ExportSubjectPublicKeyInfoPem());
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void VerifyWithPublicKey_WrongHashForCurve_FailsWithWrongKey()
    {
        using var folder = Model();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var signature = folder.Write("model.sig", TestBundles.Bundle(TestBundles.Statement(ModelHasher.Hash(folder.Path)), key, HashAlgorithmName.SHA256, TestBundles.KeyMaterial(key)));
        var result = OmsVerifier.VerifyWithPublicKey(folder.Path, signature, key.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(VerificationProblemKind.WrongKey, Assert.Single(result.Problems).Kind);
    }

    [Fact]
    public void VerifyWithPublicKey_SignedRootDigestWrong_FailsManifestInconsistent()
    {
        using var folder = Model();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var statement = TestBundles.Statement(ModelHasher.Hash(folder.Path), rootDigest: new string('a', 64));
        var signature = folder.Write("model.sig", TestBundles.Bundle(statement, key, HashAlgorithmName.SHA256, TestBundles.KeyMaterial(key)));
        var result = OmsVerifier.VerifyWithPublicKey(folder.Path, signature, key.ExportSubjectPublicKeyInfoPem());
        var problem = Assert.Single(result.Problems);
        Assert.Equal(VerificationProblemKind.ManifestInconsistent, problem.Kind);
        Assert.StartsWith("manifest inconsistent", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyWithPublicKey_NoHint_VerifiesWithWarning()
    {
        using var folder = Model();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var material = new System.Text.Json.Nodes.JsonObject { ["publicKey"] = new System.Text.Json.Nodes.JsonObject() };
        var signature = folder.Write("model.sig", TestBundles.Bundle(TestBundles.Statement(ModelHasher.Hash(folder.Path)), key, HashAlgorithmName.SHA256, material));
        var result = OmsVerifier.VerifyWithPublicKey(folder.Path, signature, key.ExportSubjectPublicKeyInfoPem());
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Contains(result.Warnings, w => w.Contains("hint", StringComparison.Ordinal));
    }

    [Fact]
    public void VerifyWithPublicKey_RsaKey_IsUnreadable()
    {
        using var folder = Model();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var signature = folder.Write("model.sig", TestBundles.Bundle(TestBundles.Statement(ModelHasher.Hash(folder.Path)), key, HashAlgorithmName.SHA256, TestBundles.KeyMaterial(key)));
        var result = OmsVerifier.VerifyWithPublicKey(folder.Path, signature, rsa.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(VerificationProblemKind.Unreadable, Assert.Single(result.Problems).Kind);
    }

    [Theory]
    [InlineData(X509KeyUsageFlags.DigitalSignature, false, true)]
    [InlineData(X509KeyUsageFlags.KeyEncipherment, true, true)]
    [InlineData(X509KeyUsageFlags.KeyEncipherment, false, false)]
    public void VerifyWithCertificateChain_LeafUsage_NeedsDigitalSignatureOrCodeSigning(X509KeyUsageFlags usage, bool codeSigning, bool valid)
    {
        using var folder = Model();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var ca = caRequest.CreateSelfSigned(from, from.AddYears(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=Signer", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        if (codeSigning)
        {
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        }

        // Expired long ago: certificate mode validates at the leaf's notBefore time.
        using var leaf = leafRequest.Create(ca, from.AddDays(1), from.AddDays(2), [1, 2, 3, 4]);
        var signature = folder.Write("model.sig", TestBundles.Bundle(TestBundles.Statement(ModelHasher.Hash(folder.Path)), leafKey, HashAlgorithmName.SHA256, TestBundles.ChainMaterial(leaf)));
        var result = OmsVerifier.VerifyWithCertificateChain(folder.Path, signature, ca.ExportCertificatePem());
        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(VerificationProblemKind.BadChain, Assert.Single(result.Problems).Kind);
        }
    }

    [Fact]
    public void VerifyWithPublicKey_MissingSignatureFile_IsUnreadable()
    {
        using var folder = Model();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = OmsVerifier.VerifyWithPublicKey(folder.Path, Path.Combine(folder.Path, "none.sig"), key.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(VerificationProblemKind.Unreadable, Assert.Single(result.Problems).Kind);
    }

    private static TempFolder Model()
    {
        var folder = new TempFolder();
        folder.Write("config.json", "{}");
        folder.Write("weights/part-1.bin", "one");
        folder.Write("weights/part-2.bin", "two");
        return folder;
    }
}
