using System.Collections.Immutable;

namespace Rampart.Ledger.Checkpoints;

/// <summary>One signature line of a signed note: <c>— name base64(key ID ‖ signature)</c>.</summary>
public sealed record NoteSignature
{
    /// <summary>The signing key's name.</summary>
    public required string Name { get; init; }

    /// <summary>The signing key's 4-byte ID, big-endian.</summary>
    public required uint KeyId { get; init; }

    /// <summary>The signature bytes after the key ID (64 bytes for Ed25519).</summary>
    public required ImmutableArray<byte> Signature { get; init; }

    /// <summary>The 1-based line this signature was read from; 0 for a signature made in memory.</summary>
    public int Line { get; init; }

    /// <summary>Returns the signature line without its newline.</summary>
    public override string ToString()
    {
        var bytes = new byte[4 + Signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
        Signature.CopyTo(bytes, 4);
        return $"{NoteText.SignaturePrefix}{Name} {Convert.ToBase64String(bytes)}";
    }
}
