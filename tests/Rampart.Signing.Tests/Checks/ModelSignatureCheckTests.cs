using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Manifest;
using Rampart.Signing.Checks;
using Rampart.Signing.Signing;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Checks;

public sealed class ModelSignatureCheckTests
{
    [Fact]
    public async Task RunAsync_SignedModelUnchanged_NoFindingsAndOneVerified()
    {
        using var system = SignedSystem();
        var result = await Run(system, Yaml("deployment", "signature: { path: model.sig, public_key: keys/signer.pub.pem, ignore: [notes.txt] }"));
        Assert.Empty(result.Findings);
        Assert.Equal(1, Metric(result, "signatures.verified").Value);
        var failed = Metric(result, "signatures.failed");
        Assert.Equal(0, failed.Value);
        Assert.Equal(Verdict.Pass, failed.Verdict);
    }

    [Fact]
    public async Task RunAsync_FileChangedAtDeployment_CriticalNamingFile()
    {
        using var system = SignedSystem();
        system.Write("model/weights.bin", "tampered");
        var result = await Run(system, Yaml("deployment", "signature: { path: model.sig, public_key: keys/signer.pub.pem, ignore: [notes.txt] }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-SG-001", finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("file changed: 'weights.bin'", finding.Message, StringComparison.Ordinal);
        Assert.Equal("weights.bin", finding.Evidence["changed"]);
        Assert.Equal("key", finding.Evidence["mode"]);
        Assert.Equal("rampart.yaml", finding.Location.File);
        Assert.Equal("m", finding.Location.Logical);
        Assert.True(finding.Location.Line > 0);
        Assert.Equal(["THR-003", "THR-011"], finding.Threats.ToArray());
        Assert.Equal(Verdict.Fail, Metric(result, "signatures.failed").Verdict);
    }

    [Fact]
    public async Task RunAsync_FileAddedBeforeDeployment_High()
    {
        using var system = SignedSystem();
        system.Write("model/extra.py", "import os");
        var result = await Run(system, Yaml("model-development", "signature: { path: model.sig, public_key: keys/signer.pub.pem, ignore: [notes.txt] }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("extra.py", finding.Evidence["added"]);
    }

    [Fact]
    public async Task RunAsync_IgnoreFromManifest_IgnoredFileMayChange()
    {
        using var system = SignedSystem();
        system.Write("model/notes.txt", "rewritten");
        var withIgnore = await Run(system, Yaml("deployment", "signature: { path: model.sig, public_key: keys/signer.pub.pem, ignore: [notes.txt] }"));
        Assert.Empty(withIgnore.Findings);
    }

    [Fact]
    public async Task RunAsync_WrongKey_Finding()
    {
        using var system = SignedSystem();
        using (var other = SigningKey.Generate())
        {
            system.Write("keys/other.pub.pem", other.PublicKey.Pem);
        }

        var result = await Run(system, Yaml("deployment", "signature: { path: model.sig, public_key: keys/other.pub.pem, ignore: [notes.txt] }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-SG-001", finding.RuleId);
        Assert.Contains("wrong key", finding.Message, StringComparison.Ordinal);
        Assert.Equal("WrongKey", finding.Evidence["kinds"]);
    }

    [Fact]
    public async Task RunAsync_MissingSignature_UnreadableNamingIt()
    {
        using var system = SignedSystem();
        var result = await Run(system, Yaml("deployment", "signature: { path: missing.sig, public_key: keys/signer.pub.pem }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-SG-002", finding.RuleId);
        Assert.Contains("the signature 'missing.sig' cannot be read", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, Metric(result, "signatures.failed").Value);
    }

    [Fact]
    public async Task RunAsync_ModelMissing_UnreadableNamingIt()
    {
        using var system = SignedSystem();
        Directory.Delete(Path.Combine(system.Path, "model"), recursive: true);
        var result = await Run(system, Yaml("deployment", "signature: { path: model.sig, public_key: keys/signer.pub.pem }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-SG-002", finding.RuleId);
        Assert.Contains("the model 'model' cannot be read", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CertificateChainFileHoldsNoCertificate_Unreadable()
    {
        using var system = SignedSystem();
        var result = await Run(system, Yaml("deployment", "signature: { path: model.sig, certificate_chain: keys/signer.pub.pem }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-SG-002", finding.RuleId);
        Assert.Contains("the certificate chain 'keys/signer.pub.pem' is not usable: holds no certificate", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeyModeBundleCheckedAgainstChain_BadChainFinding()
    {
        using var system = SignedSystem();
        using var key = SigningKey.Generate();
        using var certificates = new Signing.TestCertificates(key);
        system.Write("keys/root.pem", certificates.RootPem);
        var result = await Run(system, Yaml("model-development", "signature: { path: model.sig, certificate_chain: keys/root.pem, ignore: [notes.txt] }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-SG-001", finding.RuleId);
        Assert.Equal("BadChain", finding.Evidence["kinds"]);
        Assert.Equal("certificate", finding.Evidence["mode"]);
    }

    [Fact]
    public async Task RunAsync_PrivateKeyGivenAsPublicKey_UnreadableSayingSo()
    {
        using var system = SignedSystem();
        var result = await Run(system, Yaml("deployment", "signature: { path: model.sig, public_key: keys/signer.pem }"));
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-SG-002", finding.RuleId);
        Assert.True(finding.Message.Contains("the public key 'keys/signer.pem' is not usable: holds a private key, not a public key", StringComparison.Ordinal), finding.Message);
    }

    [Fact]
    public async Task RunAsync_CertificateMode_VerifiesAgainstRoot()
    {
        using var system = new TempFolder();
        system.Write("model/weights.bin", "weights");
        using var key = SigningKey.Generate();
        using var certificates = new Signing.TestCertificates(key);
        system.Write("keys/root.pem", certificates.RootPem);
        var bundle = OmsSigner.SignWithCertificate(Path.Combine(system.Path, "model"), key, certificates.Leaf, [certificates.Intermediate]);
        File.WriteAllBytes(Path.Combine(system.Path, "model.sig"), BundleWriter.Write(bundle));
        var result = await Run(system, Yaml("operation", "signature: { path: model.sig, certificate_chain: keys/root.pem }"));
        Assert.Empty(result.Findings);
        Assert.Equal(1, Metric(result, "signatures.verified").Value);
    }

    [Theory]
    [InlineData("model-development", 0)]
    [InlineData("deployment", 1)]
    [InlineData("operation", 1)]
    public async Task RunAsync_UnsignedModel_ReportedFromDeployment(string stage, int expected)
    {
        using var system = new TempFolder();
        system.Write("model/weights.bin", "weights");
        var result = await Run(system, Yaml(stage, ""));
        Assert.Equal(expected, result.Findings.Length);
        if (expected == 1)
        {
            Assert.Equal("RMP-SG-003", result.Findings[0].RuleId);
            Assert.Equal(Severity.Medium, result.Findings[0].Severity);
            Assert.Contains("'m'", result.Findings[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Descriptor_IdsExistInCatalogue()
    {
        var descriptor = new ModelSignatureCheck().Descriptor;
        var catalogue = SecurityCatalogue.Default;
        Assert.Contains(catalogue.Checks, c => c.Id == ModelSignatureCheck.Id);
        Assert.All(descriptor.Techniques, t => Assert.NotNull(catalogue.Find<Technique>(t)));
        Assert.All(descriptor.Threats, t => Assert.NotNull(catalogue.Find<Threat>(t)));
    }

    private static TempFolder SignedSystem()
    {
        var system = new TempFolder();
        system.Write("model/weights.bin", "weights");
        system.Write("model/config.json", "{}");
        system.Write("model/notes.txt", "notes");
        using var key = SigningKey.Generate();
        system.Write("keys/signer.pem", key.ExportPrivateKeyPem());
        system.Write("keys/signer.pub.pem", key.PublicKey.Pem);
        var bundle = OmsSigner.SignWithKey(Path.Combine(system.Path, "model"), key, new SigningOptions { IgnorePaths = ["notes.txt"] });
        File.WriteAllBytes(Path.Combine(system.Path, "model.sig"), BundleWriter.Write(bundle));
        return system;
    }

    private static string Yaml(string stage, string signature) => $"""
        rampart: 1
        system: {"{"} name: s, owner: o, stage: {stage}, criticality: high {"}"}
        assets:
          models:
            - id: m
              path: model
              {signature}

        """;

    private static async Task<CheckResult> Run(TempFolder system, string yaml)
    {
        system.Write("rampart.yaml", yaml);
        var manifest = ManifestReader.ReadPath(system.Path, SecurityCatalogue.Default);
        Assert.True(manifest.IsValid, string.Join("\n", manifest.Problems));
        var context = new CheckContext { Manifest = manifest.Value!, Catalogue = SecurityCatalogue.Default, Time = FixedTime.Default, Seed = 7 };
        return await new ModelSignatureCheck().RunAsync(context, CancellationToken.None);
    }

    private static Measurement Metric(CheckResult result, string name) => Assert.Single(result.Measurements, m => m.Metric == name);
}
