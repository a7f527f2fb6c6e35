using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Proofs;

/// <summary>
/// A receipt for one entry in the c2sp.org/tlog-proof@v1 format: the header line, an <c>extra</c> line with the
/// entry bytes in base64 (unauthenticated, so the receipt carries what it proves), <c>index N</c>, the inclusion
/// proof hashes one per line in base64, an empty line, and the signed checkpoint verbatim.
/// </summary>
public sealed record LedgerReceipt
{
    /// <summary>The format's header line.</summary>
    public const string Header = "c2sp.org/tlog-proof@v1";

    /// <summary>The entry's index.</summary>
    public required long Index { get; init; }

    /// <summary>The entry bytes.</summary>
    public required ImmutableArray<byte> Entry { get; init; }

    /// <summary>The inclusion proof hashes for the checkpoint's tree size, leaf sibling first.</summary>
    public required ImmutableArray<ImmutableArray<byte>> Hashes { get; init; }

    /// <summary>The signed checkpoint note the proof leads to.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Returns the receipt as tlog-proof text (with the <c>extra</c> line when <see cref="Entry"/> is not empty).</summary>
    public string ToText()
    {
        var text = new StringBuilder().Append(Header).Append('\n');
        if (!Entry.IsEmpty)
        {
            text.Append("extra ").Append(Convert.ToBase64String(Entry.AsSpan())).Append('\n');
        }

        text.Append("index ").Append(Index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in Hashes)
        {
            text.Append(Convert.ToBase64String(hash.AsSpan())).Append('\n');
        }

        return text.Append('\n').Append(Checkpoint).ToString();
    }

    /// <summary>The largest receipt accepted by <see cref="Parse"/>, in characters (1 MiB).</summary>
    public const int MaxTextLength = 1 << 20;

    /// <summary>Parses tlog-proof text. The <c>extra</c> line is optional; without it <see cref="Entry"/> is empty and the entry must be supplied to <see cref="Verify(NoteVerifier, ReadOnlySpan{byte})"/>.</summary>
    /// <param name="text">The receipt text.</param>
    /// <exception cref="FormatException">The text is not a tlog-proof, naming the line.</exception>
    public static LedgerReceipt Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            throw new FormatException($"The receipt is {text.Length} characters; at most {MaxTextLength} are accepted.");
        }

        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0)
        {
            throw new FormatException("A tlog-proof needs an empty line before the checkpoint.");
        }

        var lines = text[..blank].Split('\n');
        if (lines[0] != Header)
        {
            throw new FormatException($"line 1: expected '{Header}'.");
        }

        var at = 1;
        var entry = Array.Empty<byte>();
        if (at < lines.Length && lines[at].StartsWith("extra ", StringComparison.Ordinal))
        {
            entry = NoteText.DecodeBase64(lines[at]["extra ".Length..]) ?? throw new FormatException($"line {at + 1}: the extra data is not canonical base64.");
            at++;
        }

        if (at >= lines.Length || !lines[at].StartsWith("index ", StringComparison.Ordinal)
            || lines[at].Length > "index ".Length + 19 || !lines[at]["index ".Length..].All(char.IsAsciiDigit)
            || !long.TryParse(lines[at]["index ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new FormatException($"line {at + 1}: expected 'index <decimal>'.");
        }

        var hashes = ImmutableArray.CreateBuilder<ImmutableArray<byte>>();
        for (var i = at + 1; i < lines.Length; i++)
        {
            var hash = NoteText.DecodeBase64(lines[i]);
            if (hash is null || hash.Length != MerkleHash.Size)
            {
                throw new FormatException($"line {i + 1}: not a base64 SHA-256 hash.");
            }

            if (hashes.Count == 63)
            {
                throw new FormatException($"line {i + 1}: more than 63 proof hashes.");
            }

            hashes.Add([.. hash]);
        }

        return new LedgerReceipt { Index = index, Entry = [.. entry], Hashes = hashes.ToImmutable(), Checkpoint = text[(blank + 2)..] };
    }

    /// <summary>Verifies the receipt: the checkpoint's signature by <paramref name="verifier"/>, and the entry's inclusion in its tree.</summary>
    /// <param name="verifier">The ledger's checkpoint key.</param>
    /// <returns>Null when the receipt verifies; otherwise what failed.</returns>
    public string? Verify(NoteVerifier verifier) => Verify(verifier, Entry.AsSpan());

    /// <summary>Verifies the receipt for <paramref name="entry"/>: the checkpoint's signature by <paramref name="verifier"/>, and the inclusion of SHA-256(0x00 ‖ entry) in its tree.</summary>
    /// <param name="verifier">The log's checkpoint key.</param>
    /// <param name="entry">The entry bytes the receipt is for.</param>
    /// <returns>Null when the receipt verifies; otherwise what failed.</returns>
    public string? Verify(NoteVerifier verifier, ReadOnlySpan<byte> entry)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var parse = Checkpoints.Checkpoint.Parse(Checkpoint);
        if (!parse.IsValid)
        {
            return $"The checkpoint is malformed: {string.Join("; ", parse.Problems)}";
        }

        if (parse.Note!.Verify([verifier]) is { IsValid: false } signature)
        {
            return signature.Message;
        }

        var checkpoint = parse.Checkpoint!;
        var result = MerkleProof.VerifyInclusion((ulong)Index, checkpoint.Size, MerkleHash.Leaf(entry), [.. Hashes.Select(h => h.ToArray())], checkpoint.RootHash.AsSpan());
        return result.IsValid ? null : result.Message;
    }
}
