namespace Rampart.Signing.Bundles;

/// <summary>A Sigstore bundle holding a DSSE envelope, as OMS writes it.</summary>
public sealed record SigstoreBundle
{
    /// <summary>The media type, for example <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>; empty when absent.</summary>
    public required string MediaType { get; init; }

    /// <summary>The verification material.</summary>
    public required BundleVerificationMaterial VerificationMaterial { get; init; }

    /// <summary>The DSSE envelope.</summary>
    public required DsseEnvelope Envelope { get; init; }
}
