using System.Globalization;

namespace Rampart.Ledger.Checkpoints;

/// <summary>An Ed25519 signed-note verifier key: a name, its key ID and a 32-byte public key.</summary>
public sealed class NoteVerifier
{
    private readonly byte[] _publicKey;

    /// <summary>Creates a verifier for <paramref name="name"/> and <paramref name="publicKey"/>; the key ID is derived.</summary>
    /// <param name="name">The key name, usually the log origin.</param>
    /// <param name="publicKey">The 32-byte Ed25519 public key.</param>
    /// <exception cref="ArgumentException">The name is not a valid key name or the key is not 32 bytes.</exception>
    public NoteVerifier(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!NoteKeyId.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid key name: it must be non-empty, with no spaces and no '+'.", nameof(name));
        }

        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        Name = name;
        _publicKey = publicKey.ToArray();
        KeyId = NoteKeyId.Compute(name, NoteKeyId.Ed25519Type, _publicKey);
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The key ID (first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian).</summary>
    public uint KeyId { get; }

    /// <summary>A copy of the 32-byte public key.</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Parses a verifier key string <c>name+hexkeyid+base64(0x01 ‖ public key)</c>.</summary>
    /// <param name="text">The verifier key text.</param>
    /// <exception cref="FormatException">The text is malformed, the type is not Ed25519 or the key ID does not match.</exception>
    public static NoteVerifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Split on the first two '+' only: the base64 part may itself contain '+'.
        var first = text.IndexOf('+', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf('+', first + 1);
        if (first <= 0 || second < 0)
        {
            throw new FormatException("A verifier key has the form name+keyid+base64key.");
        }

        var name = text[..first];
        var keyId = ParseKeyId(text[(first + 1)..second]);
        var key = NoteText.DecodeBase64(text[(second + 1)..]) ?? throw new FormatException("The verifier key's key part is not canonical base64.");
        if (key.Length != 1 + Ed25519.PublicKeySize || key[0] != NoteKeyId.Ed25519Type)
        {
            throw new FormatException("The verifier key is not an Ed25519 key (type byte 0x01 and 32 key bytes).");
        }

        if (!NoteKeyId.IsValidName(name))
        {
            throw new FormatException($"'{name}' is not a valid key name.");
        }

        var verifier = new NoteVerifier(name, key.AsSpan(1));
        if (verifier.KeyId != keyId)
        {
            throw new FormatException($"The verifier key's ID {keyId:x8} does not match its name and key (expected {verifier.KeyId:x8}).");
        }

        return verifier;
    }

    /// <summary>Whether <paramref name="signature"/> is this key's Ed25519 signature of <paramref name="message"/>.</summary>
    /// <param name="message">The signed bytes (for a note, its text including the final newline).</param>
    /// <param name="signature">The 64-byte signature.</param>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519.Verify(_publicKey, message, signature);

    /// <summary>Returns the verifier key string <c>name+hexkeyid+base64(0x01 ‖ public key)</c>.</summary>
    public override string ToString() => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([NoteKeyId.Ed25519Type, .. _publicKey])}";

    internal static uint ParseKeyId(string hex)
    {
        if (hex.Length != 8 || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
        {
            throw new FormatException($"'{hex}' is not a key ID of 8 lowercase hex digits.");
        }

        return id;
    }
}
