using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Rampart.Signing.Bundles;
using Rampart.Signing.Manifests;
using Rampart.Signing.Signing;
using Rampart.Signing.Tests.Manifests;

namespace Rampart.Signing.Tests.Signing;

public sealed class BundleWriterTests
{
    [Fact]
    public void DsseSign_PaeAndSignature_VerifyWithPublicKey()
    {
        using var key = SigningKey.Generate(SigningCurve.P384);
        var envelope = DsseSigner.Sign("text/plain", "payload"u8, key);
        Assert.Equal("payload"u8.ToArray(), envelope.Payload.ToArray());
        Assert.Equal("", envelope.Signatures[0].KeyId);
        Assert.True(key.PublicKey.Verify(Encoding.ASCII.GetBytes("DSSEv1 10 text/plain 7 payload"), envelope.Signatures[0].Signature.Span));
        Assert.True(DsseSigner.Verify(envelope, key.PublicKey));
        using var other = SigningKey.Generate(SigningCurve.P384);
        Assert.False(DsseSigner.Verify(envelope, other.PublicKey));
        Assert.False(DsseSigner.Verify(envelope with { PayloadType = "text/html" }, key.PublicKey));
    }

    [Fact]
    public void WriteEnvelope_ParseEnvelope_RoundTrips()
    {
        using var key = SigningKey.Generate();
        var envelope = DsseSigner.Sign("application/vnd.rampart.label+json", "{}"u8, key);
        var json = BundleWriter.WriteEnvelope(envelope);
        Assert.StartsWith("{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.rampart.label+json\",\"signatures\":[{\"sig\":\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        var parsed = BundleParser.ParseEnvelope(json);
        Assert.True(DsseSigner.Verify(parsed, key.PublicKey));
    }

    [Fact]
    public void Write_KeyMode_HasFixtureShape()
    {
        using var key = SigningKey.Generate();
        var bundle = Bundle(key, new BundleVerificationMaterial { PublicKeyHint = key.PublicKey.Hint });
        var written = BundleWriter.Write(bundle);
        var fixture = File.ReadAllBytes(ModelHasherTests.Oms("v1.1.0-elliptic-key", "model.sig"));
        Assert.Equal(Shape(fixture), Shape(written));
        var parsed = BundleParser.ParseBundle(written);
        Assert.Equal(key.PublicKey.Hint, parsed.VerificationMaterial.PublicKeyHint);
        Assert.Equal(BundleWriter.MediaType, parsed.MediaType);
    }

    [Fact]
    public void Write_CertificateMode_HasFixtureShape()
    {
        using var key = SigningKey.Generate();
        var bundle = Bundle(key, new BundleVerificationMaterial { CertificateChain = [new byte[] { 1, 2 }, new byte[] { 3 }] });
        var written = BundleWriter.Write(bundle);
        var fixture = File.ReadAllBytes(ModelHasherTests.Oms("v1.1.0-certificate", "model.sig"));
        Assert.Equal(Shape(fixture), Shape(written));
        Assert.Equal(2, BundleParser.ParseBundle(written).VerificationMaterial.CertificateChain.Length);
    }

    [Fact]
    public void Write_NoMaterial_Throws()
    {
        using var key = SigningKey.Generate();
        Assert.Throws<ArgumentException>(() => BundleWriter.Write(Bundle(key, new BundleVerificationMaterial())));
    }

    [Fact]
    public void StatementWriter_Statement_HasReferenceLayoutAndParses()
    {
        var statement = new InTotoStatement
        {
            Subjects = [new StatementSubject { Name = "model", Sha256 = new string('a', 64) }],
            PredicateType = InTotoStatement.SignatureV1PredicateType,
            Serialization = new ManifestSerialization { Method = "files", HashType = "sha256", IgnorePaths = ["model.sig", ".git"] },
            Resources = [new ManifestResource { Name = "w+b.bin", Algorithm = "sha256", Digest = new string('b', 64) }],
        };
        var text = Encoding.UTF8.GetString(StatementWriter.Write(statement));
        const string Expected = """
            {
              "_type": "https://in-toto.io/Statement/v1",
              "subject": [
                {
                  "name": "model",
                  "digest": {
                    "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  }
                }
              ],
              "predicateType": "https://model_signing/signature/v1.0",
              "predicate": {
                "serialization": {
                  "method": "files",
                  "hash_type": "sha256",
                  "allow_symlinks": false,
                  "ignore_paths": [
                    "model.sig",
                    ".git"
                  ]
                },
                "resources": [
                  {
                    "name": "w+b.bin",
                    "algorithm": "sha256",
                    "digest": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                  }
                ]
              }
            }
            """;
        Assert.Equal(Expected.ReplaceLineEndings("\n"), text);
        var parsed = BundleParser.ParseStatement(Encoding.UTF8.GetBytes(text));
        Assert.Equal(statement.Resources.ToArray(), parsed.Resources.ToArray());
        Assert.Equal(["model.sig", ".git"], parsed.Serialization!.IgnorePaths.ToArray());
    }

    [Fact]
    public void StatementWriter_DigestsPredicate_Throws()
    {
        var statement = new InTotoStatement { Subjects = [], PredicateType = InTotoStatement.DigestsV01PredicateType, Resources = [] };
        Assert.Throws<ArgumentException>(() => StatementWriter.Write(statement));
    }

    private static SigstoreBundle Bundle(SigningKey key, BundleVerificationMaterial material) => new()
    {
        MediaType = BundleWriter.MediaType,
        VerificationMaterial = material,
        Envelope = DsseSigner.Sign(BundleParser.InTotoPayloadType, "{}"u8, key),
    };

    /// <summary>The bundle's field names in document order, with array items collapsed to the first.</summary>
    private static string Shape(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var names = ImmutableArray.CreateBuilder<string>();
        Walk(document.RootElement, "", names);
        return string.Join(",", names);
    }

    private static void Walk(JsonElement element, string prefix, ImmutableArray<string>.Builder names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    names.Add(prefix + property.Name + ":" + property.Value.ValueKind);
                    Walk(property.Value, prefix + property.Name + ".", names);
                }

                break;
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                Walk(element[0], prefix + "[].", names);
                break;
        }
    }
}
