using System.Collections.Immutable;

namespace Rampart.Signing.Bundles;

/// <summary>A DSSE envelope: the exact payload bytes, their type, and the signatures over them.</summary>
public sealed record DsseEnvelope
{
    /// <summary>The raw payload bytes (the base64 already decoded); signatures cover exactly these.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The payload type, <c>application/vnd.in-toto+json</c> for OMS.</summary>
    public required string PayloadType { get; init; }

    /// <summary>The signatures; verifiers use the first.</summary>
    public required ImmutableArray<DsseSignature> Signatures { get; init; }
}
