using System.Text.Encodings.Web;
using System.Text.Json;
using Rampart.Signing.Bundles;

namespace Rampart.Signing.Signing;

/// <summary>
/// Writes Sigstore bundles (v0.3 JSON) and bare DSSE envelopes in the shape model_signing 1.x writes: compact JSON,
/// fields in the order <c>mediaType</c>, <c>verificationMaterial</c> (<c>publicKey.hint</c> or
/// <c>x509CertificateChain.certificates[].rawBytes</c>, then an empty <c>tlogEntries</c>), <c>dsseEnvelope</c>
/// (<c>payload</c>, <c>payloadType</c>, <c>signatures[{sig, keyid}]</c>).
/// </summary>
public static class BundleWriter
{
    /// <summary>The media type written: <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>.</summary>
    public const string MediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="bundle"/> as UTF-8 JSON. The material is written in certificate mode when
    /// <see cref="BundleVerificationMaterial.CertificateChain"/> is not empty, otherwise in key mode from
    /// <see cref="BundleVerificationMaterial.PublicKeyHint"/>. The bundle's own media type is ignored: v0.3 is written.
    /// </summary>
    /// <exception cref="ArgumentException">The material has neither a certificate chain nor a key hint, or the envelope no signature.</exception>
    public static byte[] Write(SigstoreBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var material = bundle.VerificationMaterial;
        if (material.CertificateChain.IsDefaultOrEmpty && material.PublicKeyHint is null)
        {
            throw new ArgumentException("The verification material needs a certificate chain or a public key hint.", nameof(bundle));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            writer.WriteString("mediaType", MediaType);
            writer.WriteStartObject("verificationMaterial");
            if (!material.CertificateChain.IsDefaultOrEmpty)
            {
                writer.WriteStartObject("x509CertificateChain");
                writer.WriteStartArray("certificates");
                foreach (var certificate in material.CertificateChain)
                {
                    writer.WriteStartObject();
                    writer.WriteBase64String("rawBytes", certificate.Span);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject("publicKey");
                writer.WriteString("hint", material.PublicKeyHint);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("tlogEntries");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WritePropertyName("dsseEnvelope");
            WriteEnvelope(writer, bundle.Envelope);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a bare DSSE envelope: <c>{"payload", "payloadType", "signatures": [{"sig", "keyid"}]}</c>.</summary>
    /// <exception cref="ArgumentException">The envelope has no signature.</exception>
    public static byte[] WriteEnvelope(DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            WriteEnvelope(writer, envelope);
        }

        return buffer.ToArray();
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, DsseEnvelope envelope)
    {
        if (envelope.Signatures.IsDefaultOrEmpty)
        {
            throw new ArgumentException("The envelope holds no signature.", nameof(envelope));
        }

        writer.WriteStartObject();
        writer.WriteBase64String("payload", envelope.Payload.Span);
        writer.WriteString("payloadType", envelope.PayloadType);
        writer.WriteStartArray("signatures");
        foreach (var signature in envelope.Signatures)
        {
            writer.WriteStartObject();
            writer.WriteBase64String("sig", signature.Signature.Span);
            writer.WriteString("keyid", signature.KeyId ?? "");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
