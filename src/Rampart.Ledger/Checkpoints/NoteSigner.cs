namespace Rampart.Ledger.Checkpoints;

/// <summary>An Ed25519 signed-note signer key: a name and a 32-byte seed (RFC 8032 private key).</summary>
public sealed class NoteSigner
{
    private const string Prefix = "PRIVATE+KEY+";
    private readonly byte[] _seed;

    /// <summary>Creates a signer for <paramref name="name"/> from a 32-byte Ed25519 seed.</summary>
    /// <param name="name">The key name, usually the log origin.</param>
    /// <param name="seed">The 32-byte RFC 8032 private key.</param>
    /// <exception cref="ArgumentException">The name is invalid or the seed is not 32 bytes.</exception>
    public NoteSigner(string name, ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        _seed = seed.ToArray();
        Verifier = new NoteVerifier(name, Ed25519.PublicKeyFromSeed(_seed));
    }

    /// <summary>The matching verifier key.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>The key name.</summary>
    public string Name => Verifier.Name;

    /// <summary>The key ID.</summary>
    public uint KeyId => Verifier.KeyId;

    /// <summary>Parses a signer key string <c>PRIVATE+KEY+name+hexkeyid+base64(0x01 ‖ seed)</c>.</summary>
    /// <param name="text">The signer key text.</param>
    /// <exception cref="FormatException">The text is malformed, not Ed25519, or its key ID does not match.</exception>
    public static NoteSigner Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException("A signer key starts with PRIVATE+KEY+.");
        }

        var rest = text[Prefix.Length..];
        var first = rest.IndexOf('+', StringComparison.Ordinal);
        var second = first < 0 ? -1 : rest.IndexOf('+', first + 1);
        if (first <= 0 || second < 0)
        {
            throw new FormatException("A signer key has the form PRIVATE+KEY+name+keyid+base64key.");
        }

        var name = rest[..first];
        var keyId = NoteVerifier.ParseKeyId(rest[(first + 1)..second]);
        var key = NoteText.DecodeBase64(rest[(second + 1)..]) ?? throw new FormatException("The signer key's key part is not canonical base64.");
        if (key.Length != 1 + Ed25519.SeedSize || key[0] != NoteKeyId.Ed25519Type)
        {
            throw new FormatException("The signer key is not an Ed25519 key (type byte 0x01 and a 32-byte seed).");
        }

        if (!NoteKeyId.IsValidName(name))
        {
            throw new FormatException($"'{name}' is not a valid key name.");
        }

        var signer = new NoteSigner(name, key.AsSpan(1));
        if (signer.KeyId != keyId)
        {
            throw new FormatException($"The signer key's ID {keyId:x8} does not match its name and key (expected {signer.KeyId:x8}).");
        }

        return signer;
    }

    /// <summary>Returns the 64-byte Ed25519 signature of <paramref name="message"/> (deterministic).</summary>
    /// <param name="message">The bytes to sign (for a note, its text including the final newline).</param>
    public byte[] Sign(ReadOnlySpan<byte> message) => Ed25519.Sign(_seed, message);

    /// <summary>Returns the signer key string. It holds the private key: keep it secret.</summary>
    public string ToSecretString() => $"{Prefix}{Name}+{KeyId:x8}+{Convert.ToBase64String([NoteKeyId.Ed25519Type, .. _seed])}";

    /// <summary>Returns the name and key ID only, never the private key.</summary>
    public override string ToString() => $"{Name}+{KeyId:x8} (signer)";
}
