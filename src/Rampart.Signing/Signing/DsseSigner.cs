using Rampart.Signing.Bundles;
using Rampart.Signing.Verification;

namespace Rampart.Signing.Signing;

/// <summary>Signs payloads into DSSE envelopes, and checks envelopes against a public key.</summary>
public static class DsseSigner
{
    /// <summary>
    /// Signs the standard DSSE PAE (<see cref="Dsse.Pae"/>) of <paramref name="payload"/> with <paramref name="key"/>
    /// and returns an envelope with one signature (ASN.1 DER, empty key id, as model_signing writes it).
    /// </summary>
    /// <param name="payloadType">The payload type, for example <c>application/vnd.in-toto+json</c>.</param>
    /// <param name="payload">The exact payload bytes; the envelope keeps a copy.</param>
    /// <param name="key">The signing key.</param>
    public static DsseEnvelope Sign(string payloadType, ReadOnlySpan<byte> payload, SigningKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(payloadType);
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(Dsse.Pae(payloadType, payload));
        return new DsseEnvelope
        {
            Payload = payload.ToArray(),
            PayloadType = payloadType,
            Signatures = [new DsseSignature { Signature = signature, KeyId = "" }],
        };
    }

    /// <summary>Whether any signature of <paramref name="envelope"/> verifies over its PAE with <paramref name="key"/>.</summary>
    public static bool Verify(DsseEnvelope envelope, SigningPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(key);
        var pae = Dsse.Pae(envelope.PayloadType, envelope.Payload.Span);
        return envelope.Signatures.Any(s => key.Verify(pae, s.Signature.Span));
    }
}
