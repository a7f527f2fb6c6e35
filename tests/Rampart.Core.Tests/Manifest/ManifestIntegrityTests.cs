using Rampart.Catalogue;
using Rampart.Manifest;

namespace Rampart.Tests.Manifest;

/// <summary>The manifest keys of issue 5: model signatures, dataset security labels and the ledger.</summary>
public sealed class ManifestIntegrityTests
{
    private const string Head = """
        rampart: 1
        system: { name: s, owner: o, stage: deployment, criticality: high }

        """;

    private static Rampart.Diagnostics.ValidationResult<SystemManifest> Read(string text) =>
        ManifestReader.Read(Head + text, "rampart.yaml", "/tmp/system", SecurityCatalogue.Default);

    [Fact]
    public void Read_SignatureLabelAndLedger_AreRead()
    {
        var result = Read("""
            assets:
              models:
                - id: m
                  path: model
                  signature: { path: model.sig, public_key: keys/signer.pub.pem, ignore: [README.md, logs] }
                - id: n
                  path: n.onnx
                  signature: { path: n.sig, certificate_chain: keys/ca.pem }
              datasets:
                - id: d
                  path: data/train.csv
                  role: train
                  label: default
                  favourable: 0
                  immutable: [age, region]
                  security_label: { path: data/train.label.json, public_key: keys/labeller.pub.pem }
            ledger: { path: ledger/rampart.ledger, actor: ci-pipeline }
            """);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var m = result.Value!;
        var signature = m.Assets.Models[0].Signature!;
        Assert.Equal("model.sig", signature.Path);
        Assert.Equal("keys/signer.pub.pem", signature.PublicKey);
        Assert.Null(signature.CertificateChain);
        Assert.Equal(["README.md", "logs"], signature.Ignore.ToArray());
        Assert.Equal("keys/ca.pem", m.Assets.Models[1].Signature!.CertificateChain);
        var label = m.Assets.Datasets[0].SecurityLabel!;
        Assert.Equal("data/train.label.json", label.Path);
        Assert.Equal("keys/labeller.pub.pem", label.PublicKey);
        Assert.Equal("default", m.Assets.Datasets[0].Label);
        Assert.Equal("0", m.Assets.Datasets[0].Favourable);
        Assert.Equal(["age", "region"], m.Assets.Datasets[0].Immutable.ToArray());
        Assert.Equal("ledger/rampart.ledger", m.Ledger!.Path);
        Assert.Equal("ci-pipeline", m.Ledger.Actor);
    }

    [Fact]
    public void Read_NoLedger_IsNull()
    {
        var result = Read("assets: {}\n");
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Null(result.Value!.Ledger);
    }

    [Theory]
    [InlineData("signature: { path: m.sig }", "assets.models[0].signature: A signature names exactly one of 'public_key'")]
    [InlineData("signature: { path: m.sig, public_key: a.pem, certificate_chain: b.pem }", "names exactly one of")]
    [InlineData("signature: { public_key: a.pem }", "assets.models[0].signature.path: Missing required key 'path'.")]
    [InlineData("signature: { path: ../m.sig, public_key: a.pem }", "assets.models[0].signature.path: '../m.sig'")]
    [InlineData("signature: { path: m.sig, public_key: /etc/key.pem }", "assets.models[0].signature.public_key: '/etc/key.pem'")]
    [InlineData("signature: { path: m.sig, publickey: a.pem }", "Did you mean 'public_key'?")]
    public void Read_BadSignature_NamesTheField(string signature, string message)
    {
        var result = Read($"""
            assets:
              models:
                - id: m
                  path: m.onnx
                  {signature}
            """);
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.ToString().Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SignatureOnEndpointModel_IsRefused()
    {
        var result = Read("""
            assets:
              models:
                - id: m
                  endpoint: "http://127.0.0.1:1/v2"
                  signature: { path: m.sig, public_key: a.pem }
            """);
        Assert.Contains(result.Problems, p => p.ToString().Contains("assets.models[0].signature: Only a model file or folder", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("security_label: { path: d.label.json }", "assets.datasets[0].security_label.public_key: Missing required key 'public_key'.")]
    [InlineData("security_label: labels/d.json", "assets.datasets[0].security_label")]
    public void Read_BadSecurityLabel_NamesTheField(string label, string message)
    {
        var result = Read($"""
            assets:
              datasets:
                - id: d
                  path: d.csv
                  role: test
                  {label}
            """);
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.ToString().Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_FavourableWithoutLabel_NamesTheField()
    {
        var result = Read("""
            assets:
              datasets:
                - { id: d, path: d.csv, role: test, favourable: "1" }
            """);
        Assert.Contains(result.Problems, p => p.ToString().Contains("assets.datasets[0].favourable: 'favourable' names a value of the label column", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ImmutableNotText_NamesTheField()
    {
        var result = Read("""
            assets:
              datasets:
                - { id: d, path: d.csv, role: test, immutable: [age, { x: 1 }] }
            """);
        Assert.Contains(result.Problems, p => p.ToString().Contains("assets.datasets[0].immutable", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ledger: { actor: me }", "ledger.path: Missing required key 'path'.")]
    [InlineData("ledger: { path: /var/ledger.db }", "ledger.path: '/var/ledger.db'")]
    [InlineData("ledger: { path: l.db, owner: me }", "ledger.owner: Unknown key 'owner'.")]
    public void Read_BadLedger_NamesTheField(string ledger, string message)
    {
        var result = Read(ledger + "\n");
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.ToString().Contains(message, StringComparison.Ordinal));
    }
}
