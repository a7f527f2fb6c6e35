namespace Rampart.Signing.Bundles;

/// <summary>One DSSE signature.</summary>
public sealed record DsseSignature
{
    /// <summary>The signature bytes (ASN.1 DER ECDSA for OMS).</summary>
    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The key id; empty or null in OMS bundles.</summary>
    public string? KeyId { get; init; }
}
