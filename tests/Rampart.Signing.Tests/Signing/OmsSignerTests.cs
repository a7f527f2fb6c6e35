using System.Text;
using Rampart.Signing.Bundles;
using Rampart.Signing.Manifests;
using Rampart.Signing.Signing;
using Rampart.Signing.Tests.Manifests;
using Rampart.Signing.Verification;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Signing;

public sealed class OmsSignerTests
{
    [Theory]
    [InlineData(SigningCurve.P256)]
    [InlineData(SigningCurve.P384)]
    public void SignWithKey_ThenVerify_Verifies(SigningCurve curve)
    {
        using var model = Model();
        using var key = SigningKey.Generate(curve);
        var signature = Sign(model, key);
        var result = OmsVerifier.VerifyWithPublicKey(model.Path, signature, key.PublicKey.Pem);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Empty(result.Warnings);
        Assert.Equal(["config.json", "weights/a.bin", "weights/b.bin"], result.Statement!.Resources.Select(r => r.Name));
    }

    [Fact]
    public void SignWithKey_OneByteChanged_FileChangedNamingIt()
    {
        using var model = Model();
        using var key = SigningKey.Generate();
        var signature = Sign(model, key);
        var path = Path.Combine(model.Path, "weights", "b.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[3] ^= 0x20;
        File.WriteAllBytes(path, bytes);
        var result = OmsVerifier.VerifyWithPublicKey(model.Path, signature, key.PublicKey.Pem);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(VerificationProblemKind.FileChanged, problem.Kind);
        Assert.Equal("weights/b.bin", problem.Path);
    }

    [Fact]
    public void SignWithKey_FileAddedAndRemoved_BothReported()
    {
        using var model = Model();
        using var key = SigningKey.Generate();
        var signature = Sign(model, key);
        model.Write("weights/c.bin", "new");
        File.Delete(Path.Combine(model.Path, "config.json"));
        var result = OmsVerifier.VerifyWithPublicKey(model.Path, signature, key.PublicKey.Pem);
        Assert.Equal(2, result.Problems.Length);
        Assert.Equal(["weights/c.bin"], result.AddedFiles);
        Assert.Equal(["config.json"], result.RemovedFiles);
    }

    [Fact]
    public void SignWithKey_OtherKey_WrongKey()
    {
        using var model = Model();
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var signature = Sign(model, key);
        var result = OmsVerifier.VerifyWithPublicKey(model.Path, signature, other.PublicKey.Pem);
        Assert.Equal(VerificationProblemKind.WrongKey, Assert.Single(result.Problems).Kind);
    }

    [Fact]
    public void SignWithKey_IgnoredPaths_RecordedAndDoNotMatter()
    {
        using var model = Model();
        model.Write("notes/readme.txt", "x");
        model.Write("scratch.txt", "x");
        model.Write(".git/HEAD", "ref");
        using var key = SigningKey.Generate();
        var signature = Path.Combine(model.Path, "model.sig");
        var options = new SigningOptions { IgnorePaths = ["notes", Path.Combine(model.Path, "scratch.txt")], SignaturePath = signature };
        File.WriteAllBytes(signature, BundleWriter.Write(OmsSigner.SignWithKey(model.Path, key, options)));

        model.Write("notes/readme.txt", "changed");
        File.Delete(Path.Combine(model.Path, "scratch.txt"));
        model.Write(".git/HEAD", "moved");
        var result = OmsVerifier.VerifyWithPublicKey(model.Path, signature, key.PublicKey.Pem);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(["notes", "scratch.txt", "model.sig", ".git", ".gitattributes", ".github", ".gitignore"], result.Statement!.Serialization!.IgnorePaths.ToArray());
        Assert.DoesNotContain(result.Statement.Resources, r => r.Name.StartsWith("notes", StringComparison.Ordinal));
    }

    [Fact]
    public void SignWithKey_NoGitIgnore_SignsGitFiles()
    {
        using var model = Model();
        model.Write(".gitattributes", "*.bin lfs");
        using var key = SigningKey.Generate();
        var statement = OmsSigner.CreateStatement(model.Path, new SigningOptions { IgnoreGitPaths = false });
        Assert.Contains(statement.Resources, r => r.Name == ".gitattributes");
        Assert.Empty(statement.Serialization!.IgnorePaths);
    }

    [Fact]
    public void SignWithKey_SingleFile_SignsDot()
    {
        using var model = Model();
        using var key = SigningKey.Generate();
        var file = Path.Combine(model.Path, "config.json");
        var signature = Path.Combine(model.Path, "config.sig");
        File.WriteAllBytes(signature, BundleWriter.Write(OmsSigner.SignWithKey(file, key)));
        var result = OmsVerifier.VerifyWithPublicKey(file, signature, key.PublicKey.Pem);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("config.json", result.Statement!.Subjects[0].Name);
        Assert.Equal(".", Assert.Single(result.Statement.Resources).Name);
    }

    [Fact]
    public void SignWithKey_MissingModel_ManifestException()
    {
        using var key = SigningKey.Generate();
        Assert.Throws<ManifestException>(() => OmsSigner.SignWithKey("/no/such/model", key));
    }

    [Fact]
    public void SignWithCertificate_ChainToRoot_Verifies()
    {
        using var model = Model();
        using var key = SigningKey.Generate();
        using var certificates = new TestCertificates(key);
        var signature = Path.Combine(model.Path, "model.sig");
        var bundle = OmsSigner.SignWithCertificate(model.Path, key, certificates.Leaf, [certificates.Intermediate], new SigningOptions { SignaturePath = signature });
        File.WriteAllBytes(signature, BundleWriter.Write(bundle));
        Assert.Equal(2, bundle.VerificationMaterial.CertificateChain.Length);
        Assert.Null(bundle.VerificationMaterial.PublicKeyHint);

        var result = OmsVerifier.VerifyWithCertificateChain(model.Path, signature, certificates.RootPem);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Empty(result.Warnings);

        using var otherRoot = new TestCertificates(key, rootName: "CN=Other Root");
        var wrong = OmsVerifier.VerifyWithCertificateChain(model.Path, signature, otherRoot.RootPem);
        Assert.Equal(VerificationProblemKind.BadChain, Assert.Single(wrong.Problems).Kind);

        model.Write("weights/a.bin", "tampered");
        var tampered = OmsVerifier.VerifyWithCertificateChain(model.Path, signature, certificates.RootPem);
        Assert.Equal(["weights/a.bin"], tampered.ChangedFiles);
    }

    [Fact]
    public void SignWithCertificate_LeafMayNotSign_BadChain()
    {
        using var model = Model();
        using var key = SigningKey.Generate();
        using var certificates = new TestCertificates(key, leafMaySign: false);
        var signature = Path.Combine(model.Path, "model.sig");
        var bundle = OmsSigner.SignWithCertificate(model.Path, key, certificates.Leaf, [certificates.Intermediate], new SigningOptions { SignaturePath = signature });
        File.WriteAllBytes(signature, BundleWriter.Write(bundle));
        var result = OmsVerifier.VerifyWithCertificateChain(model.Path, signature, certificates.RootPem);
        Assert.Equal(VerificationProblemKind.BadChain, Assert.Single(result.Problems).Kind);
    }

    [Fact]
    public void SignWithCertificate_CertificateOfAnotherKey_Throws()
    {
        using var model = Model();
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        using var certificates = new TestCertificates(other);
        var error = Assert.Throws<SigningException>(() => OmsSigner.SignWithCertificate(model.Path, key, certificates.Leaf, [certificates.Intermediate]));
        Assert.Contains("does not certify the signing key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.1.0-elliptic-key")]
    [InlineData("v1.1.0-certificate")]
    public void SignWithKey_FixtureModel_ReproducesReferenceStatement(string fixture)
    {
        using var copy = new TempFolder();
        var model = Path.Combine(copy.Path, fixture);
        Directory.CreateDirectory(model);
        foreach (var name in new[] { "signme-1", "signme-2", "ignore-me" })
        {
            File.Copy(ModelHasherTests.Oms(fixture, name), Path.Combine(model, name));
        }

        var reference = BundleParser.ParseStatement(BundleParser.ParseBundle(File.ReadAllBytes(ModelHasherTests.Oms(fixture, "model.sig"))).Envelope.Payload.Span);
        using var key = SigningKey.Generate();
        var signature = Path.Combine(model, "model.sig");
        var bundle = OmsSigner.SignWithKey(model, key, new SigningOptions { IgnorePaths = ["ignore-me"], SignaturePath = signature });
        var ours = BundleParser.ParseStatement(bundle.Envelope.Payload.Span);

        Assert.Equal(reference.Subjects.ToArray(), ours.Subjects.ToArray());
        Assert.Equal(reference.Resources.ToArray(), ours.Resources.ToArray());
        Assert.Equal(reference.Serialization!.IgnorePaths.Order(StringComparer.Ordinal), ours.Serialization!.IgnorePaths.Order(StringComparer.Ordinal));
        Assert.Equal(reference.Serialization with { IgnorePaths = [] }, ours.Serialization with { IgnorePaths = [] });
    }

    private static TempFolder Model()
    {
        var folder = new TempFolder();
        folder.Write("config.json", "{\"layers\": 2}");
        folder.Write("weights/a.bin", "aaaaaaaa");
        folder.Write("weights/b.bin", "bbbbbbbbbbbb");
        return folder;
    }

    private static string Sign(TempFolder model, SigningKey key)
    {
        var signature = Path.Combine(model.Path, "model.sig");
        var bundle = OmsSigner.SignWithKey(model.Path, key, new SigningOptions { SignaturePath = signature });
        File.WriteAllBytes(signature, BundleWriter.Write(bundle));
        Assert.StartsWith("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"", Encoding.UTF8.GetString(File.ReadAllBytes(signature)), StringComparison.Ordinal);
        return signature;
    }
}
