using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Rampart.Signing.Manifests;
using Rampart.Signing.Verification;

namespace Rampart.Signing.Tests.Verification;

/// <summary>Writes hand-built OMS bundles for tests that need malformed or unusual ones (OmsSigner writes only well-formed bundles).</summary>
internal static class TestBundles
{
    public static string Statement(ModelManifest manifest, string? rootDigest = null)
    {
        var resources = new JsonArray();
        foreach (var resource in manifest.Resources)
        {
            resources.Add(new JsonObject { ["name"] = resource.Name, ["algorithm"] = resource.Algorithm, ["digest"] = resource.Digest });
        }

        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = "model", ["digest"] = new JsonObject { ["sha256"] = rootDigest ?? manifest.RootDigest } }),
            ["predicateType"] = "https://model_signing/signature/v1.0",
            ["predicate"] = new JsonObject
            {
                ["serialization"] = new JsonObject { ["method"] = "files", ["hash_type"] = "sha256", ["allow_symlinks"] = false },
                ["resources"] = resources,
            },
        };
        return statement.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static string Bundle(string statement, ECDsa key, HashAlgorithmName hash, JsonObject material)
    {
        var payload = Encoding.UTF8.GetBytes(statement);
        var signature = key.SignData(Dsse.Pae("application/vnd.in-toto+json", payload), hash, DSASignatureFormat.Rfc3279DerSequence);
        var bundle = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = material,
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(payload),
                ["payloadType"] = "application/vnd.in-toto+json",
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(signature), ["keyid"] = "" }),
            },
        };
        return bundle.ToJsonString();
    }

    public static JsonObject KeyMaterial(ECDsa key) => new()
    {
        ["publicKey"] = new JsonObject { ["hint"] = EcdsaKeys.Hint(key) },
        ["tlogEntries"] = new JsonArray(),
    };

    public static JsonObject ChainMaterial(params X509Certificate2[] chain)
    {
        var certificates = new JsonArray();
        foreach (var certificate in chain)
        {
            certificates.Add(new JsonObject { ["rawBytes"] = Convert.ToBase64String(certificate.RawData) });
        }

        return new JsonObject { ["x509CertificateChain"] = new JsonObject { ["certificates"] = certificates } };
    }
}
