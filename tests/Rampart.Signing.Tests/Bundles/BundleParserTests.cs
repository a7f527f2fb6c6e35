using System.Text;
using Rampart.Signing.Bundles;
using Rampart.Signing.Tests.Manifests;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Bundles;

public sealed class BundleParserTests
{
    public static TheoryData<string> AllFixtures => new()
    {
        "v0.2.0-certificate", "v0.3.1-certificate", "v0.3.1-elliptic-key", "v0.3.1-sigstore", "v1.0.0-certificate",
        "v1.0.0-elliptic-key", "v1.0.0-sigstore", "v1.0.1-certificate", "v1.0.1-elliptic-key", "v1.0.1-sigstore",
        "v1.1.0-certificate", "v1.1.0-elliptic-key", "v1.1.0-sigstore",
    };

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void ParseBundle_Fixture_ParsesEnvelopeAndStatement(string fixture)
    {
        var bundle = BundleParser.ParseBundle(File.ReadAllBytes(ModelHasherTests.Oms(fixture, "model.sig")));
        Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.MediaType);
        Assert.Equal(BundleParser.InTotoPayloadType, bundle.Envelope.PayloadType);
        Assert.False(bundle.Envelope.Signatures[0].Signature.IsEmpty);
        var statement = BundleParser.ParseStatement(bundle.Envelope.Payload.Span);
        Assert.NotEmpty(statement.Resources);
        if (fixture.StartsWith("v0.2.0", StringComparison.Ordinal))
        {
            Assert.Equal(InTotoStatement.DigestsV01PredicateType, statement.PredicateType);
            Assert.Equal(2, statement.Subjects.Length);
        }
        else
        {
            Assert.Equal(InTotoStatement.SignatureV1PredicateType, statement.PredicateType);
            Assert.Equal("files", statement.Serialization!.Method);
        }
    }

    [Fact]
    public void ParseBundle_V110Material_ReadsHintAndChain()
    {
        var key = BundleParser.ParseBundle(File.ReadAllBytes(ModelHasherTests.Oms("v1.1.0-elliptic-key", "model.sig")));
        Assert.StartsWith("e8450dec", key.VerificationMaterial.PublicKeyHint, StringComparison.Ordinal);
        var old = BundleParser.ParseBundle(File.ReadAllBytes(ModelHasherTests.Oms("v1.0.1-elliptic-key", "model.sig")));
        Assert.Equal("PKIX_ECDSA_P384_SHA_384", old.VerificationMaterial.KeyDetails);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", Encoding.ASCII.GetString(old.VerificationMaterial.PublicKeyRawBytes!.Value.Span), StringComparison.Ordinal);
        var chain = BundleParser.ParseBundle(File.ReadAllBytes(ModelHasherTests.Oms("v1.1.0-certificate", "model.sig")));
        Assert.Equal(2, chain.VerificationMaterial.CertificateChain.Length);
        var keyless = BundleParser.ParseBundle(File.ReadAllBytes(ModelHasherTests.Oms("v1.1.0-sigstore", "model.sig")));
        Assert.NotNull(keyless.VerificationMaterial.Certificate);
    }

    [Fact]
    public void ParseBundle_SnakeCaseForm_Parses()
    {
        var json = """
            {"media_type": "x", "dsse_envelope": {"payload": "e30=", "payload_type": "application/vnd.in-toto+json",
              "signatures": [{"sig": "AQI="}]},
             "verification_material": {"public_key": {"raw_bytes": "AQ=="}}}
            """;
        var bundle = BundleParser.ParseBundle(Encoding.UTF8.GetBytes(json));
        Assert.Equal("{}", Encoding.UTF8.GetString(bundle.Envelope.Payload.Span));
        Assert.Equal(1, bundle.VerificationMaterial.PublicKeyRawBytes!.Value.Length);
    }

    [Theory]
    [InlineData("""{"verificationMaterial": {}}""", "dsseEnvelope")]
    [InlineData("""{"messageSignature": {}}""", "dsseEnvelope")]
    [InlineData("""{"dsseEnvelope": {"payload": "!!", "payloadType": "application/vnd.in-toto+json", "signatures": []}}""", "dsseEnvelope.payload")]
    [InlineData("""{"dsseEnvelope": {"payload": "e30=", "payloadType": "text/plain", "signatures": []}}""", "dsseEnvelope.payloadType")]
    [InlineData("""{"dsseEnvelope": {"payload": "e30=", "payloadType": "application/vnd.in-toto+json", "signatures": []}}""", "dsseEnvelope.signatures")]
    [InlineData("""{"dsseEnvelope": {"payload": "e30=", "payloadType": "application/vnd.in-toto+json", "signatures": [{"sig": 5}]}}""", "dsseEnvelope.signatures[0].sig")]
    [InlineData("""{"verificationMaterial": {"x509CertificateChain": {"certificates": [{}]}}, "dsseEnvelope": {}}""", "verificationMaterial.x509CertificateChain.certificates[0].rawBytes")]
    [InlineData("""[1, 2]""", "(bundle)")]
    [InlineData("""{"a": """, "(bundle)")]
    public void ParseBundle_Malformed_NamesTheField(string json, string field)
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleParser.ParseBundle(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"_type": "https://in-toto.io/Statement/v0.1"}""", "statement._type")]
    [InlineData("""{"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://model_signing/signature/v1.0", "subject": []}""", "statement.subject")]
    [InlineData("""{"_type": "https://in-toto.io/Statement/v1", "predicateType": "other", "subject": []}""", "statement.predicateType")]
    [InlineData("""{"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://model_signing/Digests/v0.1", "subject": [{"name": "a", "digest": {"sha256": "zz"}}]}""", "statement.subject[0].digest.sha256")]
    [InlineData("""{"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://model_signing/signature/v1.0", "subject": [{"name": "m", "digest": {"sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}], "predicate": {"serialization": {"method": "shards", "hash_type": "sha256", "shard_size": 1.5}, "resources": []}}""", "statement.predicate.serialization.shard_size")]
    [InlineData("""{"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://model_signing/signature/v1.0", "subject": [{"name": "m", "digest": {"sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}], "predicate": {"serialization": {"method": "files", "hash_type": "sha256"}, "resources": [{"name": "a", "algorithm": "sha256"}]}}""", "statement.predicate.resources[0].digest")]
    public void ParseStatement_Malformed_NamesTheField(string json, string field)
    {
        var error = Assert.Throws<BundleFormatException>(() => BundleParser.ParseStatement(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("8.0", 8L)]
    [InlineData("1000000000.0", 1_000_000_000L)]
    [InlineData("1e9", 1_000_000_000L)]
    [InlineData("8", 8L)]
    public void ParseStatement_ShardSizeAsFloat_ReadsWholeNumber(string number, long expected)
    {
        var json = $$$"""
            {"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://model_signing/signature/v1.0",
             "subject": [{"name": "m", "digest": {"sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}],
             "predicate": {"serialization": {"method": "shards", "hash_type": "sha256", "shard_size": {{{number}}}, "allow_symlinks": false, "unknown": [1]},
               "resources": [{"name": "a:0:8", "algorithm": "sha256-sharded-8", "digest": "AB"}]}}
            """;
        var statement = BundleParser.ParseStatement(Encoding.UTF8.GetBytes(json));
        Assert.Equal(expected, statement.Serialization!.ShardSize);
        Assert.Equal("ab", statement.Resources[0].Digest);
    }

    [Fact]
    public void ParseBundle_TooDeep_IsRejected()
    {
        var json = new string('[', BundleParser.MaxDepth + 5) + new string(']', BundleParser.MaxDepth + 5);
        var error = Assert.Throws<BundleFormatException>(() => BundleParser.ParseBundle(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("(bundle)", error.Field);
    }

    [Fact]
    public void ParseBundle_TooLarge_IsRejected()
    {
        var bytes = new byte[BundleParser.MaxBytes + 1];
        bytes.AsSpan().Fill((byte)' ');
        var error = Assert.Throws<BundleFormatException>(() => BundleParser.ParseBundle(bytes));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBundle_SeededMutations_OnlyEverThrowBundleFormatException()
    {
        var tokens = new[] { "{", "}", "[", "]", "\"", ",", ":", "null", "true", "1e999", "-0", "\"dsseEnvelope\"", "\"payload\"", "\"signatures\"", "\"rawBytes\"", "\\u0000" };
        const string Alphabet = "{}[]\":,0123456789abcdefABCDEF+/=. \n";
        var random = new Random(20261130);
        var seeds = new[] { "v0.2.0-certificate", "v1.0.1-elliptic-key", "v1.1.0-certificate", "v1.1.0-sigstore" }
            .Select(f => File.ReadAllBytes(ModelHasherTests.Oms(f, "model.sig"))).ToArray();
        var parsed = 0;
        for (var i = 0; i < 3000; i++)
        {
            var input = SeededMutator.Mutate(seeds[i % seeds.Length], random, tokens, Alphabet, 40, 200);
            try
            {
                var bundle = BundleParser.ParseBundle(input);
                var payload = SeededMutator.Mutate(bundle.Envelope.Payload.ToArray(), random, tokens, Alphabet, 40, 200);
                BundleParser.ParseStatement(payload);
                parsed++;
            }
            catch (BundleFormatException error)
            {
                Assert.False(string.IsNullOrEmpty(error.Message));
            }
        }

        Assert.True(parsed > 0);
    }
}
