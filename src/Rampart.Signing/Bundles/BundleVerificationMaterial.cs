using System.Collections.Immutable;

namespace Rampart.Signing.Bundles;

/// <summary>The verification material of a Sigstore bundle, as far as OMS uses it.</summary>
public sealed record BundleVerificationMaterial
{
    /// <summary>Key mode (v1.1 on): hex SHA-256 of the signer's public key PEM, or null.</summary>
    public string? PublicKeyHint { get; init; }

    /// <summary>Key mode (up to v1.0.1): the signer's public key PEM bytes, or null.</summary>
    public ReadOnlyMemory<byte>? PublicKeyRawBytes { get; init; }

    /// <summary>Key mode (up to v1.0.1): the key details, for example <c>PKIX_ECDSA_P384_SHA_384</c>, or null.</summary>
    public string? KeyDetails { get; init; }

    /// <summary>Certificate mode: DER certificates, the signing certificate first; empty otherwise.</summary>
    public ImmutableArray<ReadOnlyMemory<byte>> CertificateChain { get; init; } = [];

    /// <summary>Sigstore (keyless) mode: the DER leaf certificate, or null.</summary>
    public ReadOnlyMemory<byte>? Certificate { get; init; }
}
