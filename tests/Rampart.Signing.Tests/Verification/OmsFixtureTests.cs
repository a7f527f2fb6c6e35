using Rampart.Signing.Tests.Manifests;
using Rampart.Signing.Verification;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Verification;

/// <summary>The sigstore/model-transparency fixtures, verified as the reference tool does (see TestData/oms/PROVENANCE.md).</summary>
public sealed class OmsFixtureTests
{
    private static readonly string PublicKey = File.ReadAllText(ModelHasherTests.Oms("keys", "certificate", "signing-key-pub.pem"));
    private static readonly string CaCertificate = File.ReadAllText(ModelHasherTests.Oms("keys", "certificate", "ca-cert.pem"));

    public static TheoryData<string, string> KeyFixtures => new()
    {
        { "v0.3.1-elliptic-key", "signme-1" },
        { "v1.0.0-elliptic-key", "signme-1" },
        { "v1.0.1-elliptic-key", "" },
        { "v1.1.0-elliptic-key", "" },
    };

    public static TheoryData<string> CertificateFixtures => new()
    {
        "v0.2.0-certificate", "v0.3.1-certificate", "v1.0.0-certificate", "v1.0.1-certificate", "v1.1.0-certificate",
    };

    public static TheoryData<string> SigstoreFixtures => new() { "v0.3.1-sigstore", "v1.0.0-sigstore", "v1.0.1-sigstore", "v1.1.0-sigstore" };

    [Theory]
    [MemberData(nameof(KeyFixtures))]
    public void VerifyWithPublicKey_Fixture_Verifies(string fixture, string model)
    {
        var result = OmsVerifier.VerifyWithPublicKey(ModelPath(fixture, model), Signature(fixture), PublicKey, Ignoring(fixture));
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }

    [Theory]
    [MemberData(nameof(CertificateFixtures))]
    public void VerifyWithCertificateChain_Fixture_Verifies(string fixture)
    {
        var result = OmsVerifier.VerifyWithCertificateChain(ModelHasherTests.Oms(fixture), Signature(fixture), CaCertificate, Ignoring(fixture));
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(fixture == "v0.2.0-certificate", result.Warnings.Any(w => w.Contains("0.2.0", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(SigstoreFixtures))]
    public void VerifySigstoreSignatureOnly_Fixture_VerifiesSignatureAndSaysWhatWasNotChecked(string fixture)
    {
        var result = OmsVerifier.VerifySigstoreSignatureOnly(ModelHasherTests.Oms(fixture), Signature(fixture), Ignoring(fixture));
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Contains(result.Warnings, w => w.Contains("Rekor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v1.1.0-elliptic-key")]
    [InlineData("v1.0.1-elliptic-key")]
    public void VerifyWithPublicKey_OneByteChanged_FailsNamingTheFile(string fixture)
    {
        using var copy = CopyFixture(fixture);
        var path = Path.Combine(copy.Path, "signme-2");
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 1;
        File.WriteAllBytes(path, bytes);
        var result = OmsVerifier.VerifyWithPublicKey(copy.Path, Path.Combine(copy.Path, "model.sig"), PublicKey, Ignoring(fixture));
        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(VerificationProblemKind.FileChanged, problem.Kind);
        Assert.Equal(["signme-2"], result.ChangedFiles);
        Assert.Contains("signme-2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyWithPublicKey_SingleFileChanged_FailsNamingDot()
    {
        using var copy = CopyFixture("v1.0.0-elliptic-key");
        var path = Path.Combine(copy.Path, "signme-1");
        File.AppendAllText(path, "!");
        var result = OmsVerifier.VerifyWithPublicKey(path, Path.Combine(copy.Path, "model.sig"), PublicKey);
        Assert.Equal(["."], result.ChangedFiles);
    }

    [Fact]
    public void VerifyWithCertificateChain_FileAdded_FailsNamingIt()
    {
        using var copy = CopyFixture("v1.1.0-certificate");
        copy.Write("extra.bin", "not signed");
        var result = OmsVerifier.VerifyWithCertificateChain(copy.Path, Path.Combine(copy.Path, "model.sig"), CaCertificate, Ignoring("v1.1.0-certificate"));
        Assert.Equal(["extra.bin"], result.AddedFiles);
        Assert.Contains(result.Problems, p => p.Message.Contains("extra.bin", StringComparison.Ordinal));
    }

    [Fact]
    public void VerifyWithCertificateChain_FileRemoved_FailsNamingIt()
    {
        using var copy = CopyFixture("v1.0.0-certificate");
        File.Delete(Path.Combine(copy.Path, "signme-1"));
        var result = OmsVerifier.VerifyWithCertificateChain(copy.Path, Path.Combine(copy.Path, "model.sig"), CaCertificate);
        Assert.Equal(["signme-1"], result.RemovedFiles);
    }

    [Fact]
    public void VerifyWithCertificateChain_V020FileChanged_FailsNamingIt()
    {
        using var copy = CopyFixture("v0.2.0-certificate");
        File.AppendAllText(Path.Combine(copy.Path, "signme-1"), "x");
        var result = OmsVerifier.VerifyWithCertificateChain(copy.Path, Path.Combine(copy.Path, "model.sig"), CaCertificate);
        Assert.Equal(["signme-1"], result.ChangedFiles);
    }

    [Fact]
    public void VerifyWithPublicKey_IgnoreMeChanged_StillVerifies()
    {
        using var copy = CopyFixture("v1.1.0-elliptic-key");
        File.WriteAllText(Path.Combine(copy.Path, "ignore-me"), "anything at all");
        var result = OmsVerifier.VerifyWithPublicKey(copy.Path, Path.Combine(copy.Path, "model.sig"), PublicKey);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }

    [Fact]
    public void VerifyWithPublicKey_IgnoreMeNotIgnoredForV101_IsReportedAsAdded()
    {
        // Before v1.1 the ignore paths were not recorded in the predicate, so the caller must pass them.
        var result = OmsVerifier.VerifyWithPublicKey(ModelHasherTests.Oms("v1.0.1-elliptic-key"), Signature("v1.0.1-elliptic-key"), PublicKey);
        Assert.Equal(["ignore-me"], result.AddedFiles);
    }

    [Theory]
    [InlineData("v1.1.0-elliptic-key")]
    [InlineData("v1.0.1-elliptic-key")]
    public void VerifyWithPublicKey_WrongKey_FailsWithWrongKey(string fixture)
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var result = OmsVerifier.VerifyWithPublicKey(ModelHasherTests.Oms(fixture), Signature(fixture), other.ExportSubjectPublicKeyInfoPem(), Ignoring(fixture));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(VerificationProblemKind.WrongKey, problem.Kind);
        Assert.StartsWith("wrong key", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyWithCertificateChain_OtherCa_FailsWithBadChain()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Other CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var result = OmsVerifier.VerifyWithCertificateChain(ModelHasherTests.Oms("v1.1.0-certificate"), Signature("v1.1.0-certificate"), ca.ExportCertificatePem());
        var problem = Assert.Single(result.Problems);
        Assert.Equal(VerificationProblemKind.BadChain, problem.Kind);
        Assert.StartsWith("bad chain", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyWithPublicKey_HintMatchesReference()
    {
        using var key = EcdsaKeys.ImportPublicKey(PublicKey);
        Assert.StartsWith("e8450dec", EcdsaKeys.Hint(key), StringComparison.Ordinal);
        Assert.EndsWith("3e3f8e", EcdsaKeys.Hint(key), StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyWithPublicKey_GarbageSignatureFile_ReportsMalformedBundle()
    {
        using var folder = new TempFolder();
        var signature = folder.Write("model.sig", "{\"dsseEnvelope\": 3}");
        folder.Write("model.bin", "x");
        var result = OmsVerifier.VerifyWithPublicKey(folder.Path, signature, PublicKey);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(VerificationProblemKind.MalformedBundle, problem.Kind);
        Assert.Contains("dsseEnvelope", problem.Message, StringComparison.Ordinal);
    }

    private static string ModelPath(string fixture, string model) =>
        model.Length == 0 ? ModelHasherTests.Oms(fixture) : ModelHasherTests.Oms(fixture, model);

    private static string Signature(string fixture) => ModelHasherTests.Oms(fixture, "model.sig");

    private static VerificationOptions Ignoring(string fixture) =>
        File.Exists(ModelHasherTests.Oms(fixture, "ignore-me")) ? new VerificationOptions { IgnorePaths = ["ignore-me"] } : VerificationOptions.Default;

    private static TempFolder CopyFixture(string fixture)
    {
        var copy = new TempFolder();
        foreach (var file in Directory.EnumerateFiles(ModelHasherTests.Oms(fixture)))
        {
            var target = Path.Combine(copy.Path, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }

        return copy;
    }
}
