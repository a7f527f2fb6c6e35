using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.Ledger.Checkpoints;

/// <summary>Signed-note key names and key IDs (c2sp.org/signed-note).</summary>
public static class NoteKeyId
{
    /// <summary>The signature type byte of Ed25519 note keys.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>Returns the key ID: the first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ public key).</summary>
    /// <param name="name">The key name.</param>
    /// <param name="type">The signature type byte, <see cref="Ed25519Type"/> for Ed25519.</param>
    /// <param name="publicKey">The public key bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static uint Compute(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(buffer, 0);
        buffer[nameBytes.Length] = 0x0A;
        buffer[nameBytes.Length + 1] = type;
        publicKey.CopyTo(buffer.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(buffer));
    }

    /// <summary>Whether <paramref name="name"/> can name a key: non-empty, no Unicode white space, no '+', no control characters.</summary>
    /// <param name="name">The candidate name.</param>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '+');
}
