using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Checkpoints;

/// <summary>
/// A transparency log checkpoint (c2sp.org/tlog-checkpoint): the note text <c>origin\nsize\nbase64(root)\n</c>
/// followed by optional extension lines, which a log signs as a signed note.
/// </summary>
public sealed record Checkpoint
{
    /// <summary>The log's unique identity, usually a schema-less URL; no white space.</summary>
    public required string Origin { get; init; }

    /// <summary>The number of entries in the tree.</summary>
    public required ulong Size { get; init; }

    /// <summary>The RFC 9162 root hash of the tree of <see cref="Size"/> entries (32 bytes).</summary>
    public required ImmutableArray<byte> RootHash { get; init; }

    /// <summary>Extension lines after the root hash; each non-empty. Empty by default (the spec advises against them).</summary>
    public ImmutableArray<string> Extensions { get; init; } = [];

    /// <summary>Parses a signed checkpoint, reporting every problem with its line number.</summary>
    /// <param name="signedNote">The whole signed note as text.</param>
    /// <returns>The checkpoint and its note, or the problems found.</returns>
    public static CheckpointParseResult Parse(string signedNote)
    {
        var note = SignedNote.Parse(signedNote);
        var (checkpoint, problems) = ParseText(note.Note?.Text ?? TextPart(signedNote));
        var all = note.Problems.AddRange(problems).Sort((a, b) => a.Line.CompareTo(b.Line));
        return all.IsEmpty ? new CheckpointParseResult(checkpoint, note.Note, []) : new CheckpointParseResult(null, note.Note, all);
    }

    /// <summary>Parses a signed checkpoint from bytes, which must be UTF-8; invalid UTF-8 is reported by line.</summary>
    /// <param name="signedNote">The whole signed note as bytes, as read from a file or the network.</param>
    /// <returns>The checkpoint and its note, or the problems found.</returns>
    public static CheckpointParseResult Parse(ReadOnlySpan<byte> signedNote)
    {
        var problems = ImmutableArray.CreateBuilder<NoteProblem>();
        var line = 1;
        var rest = signedNote;
        while (true)
        {
            var end = rest.IndexOf((byte)'\n');
            if (!System.Text.Unicode.Utf8.IsValid(end < 0 ? rest : rest[..end]))
            {
                problems.Add(new NoteProblem(line, "not valid UTF-8"));
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
            line++;
        }

        return problems.Count > 0
            ? new CheckpointParseResult(null, null, problems.ToImmutable())
            : Parse(Encoding.UTF8.GetString(signedNote));
    }

    /// <summary>Parses the checkpoint body (the note text, ending in a newline) without signatures.</summary>
    /// <param name="text">The note text.</param>
    /// <returns>The checkpoint, or null and the problems found.</returns>
    public static (Checkpoint? Checkpoint, ImmutableArray<NoteProblem> Problems) ParseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = ImmutableArray.CreateBuilder<NoteProblem>();
        if (!text.EndsWith('\n'))
        {
            problems.Add(new NoteProblem(1, "the checkpoint text does not end with a newline"));
            return (null, problems.ToImmutable());
        }

        var lines = text[..^1].Split('\n');
        var names = new[] { "origin", "tree size", "root hash" };
        for (var i = lines.Length; i < 3; i++)
        {
            problems.Add(new NoteProblem(i + 1, $"missing {names[i]} line"));
        }

        var origin = lines[0];
        if (origin.Length == 0)
        {
            problems.Add(new NoteProblem(1, "the origin is empty"));
        }
        else if (origin.Any(char.IsWhiteSpace))
        {
            problems.Add(new NoteProblem(1, $"extra whitespace in the origin '{origin}'"));
        }

        ulong size = 0;
        if (lines.Length > 1 && !TryParseSize(lines[1], out size))
        {
            problems.Add(new NoteProblem(2, $"the tree size '{lines[1]}' is not a decimal number without leading zeros, signs or spaces"));
        }

        byte[]? root = null;
        if (lines.Length > 2)
        {
            root = NoteText.DecodeBase64(lines[2]);
            if (root is null)
            {
                problems.Add(new NoteProblem(3, "the root hash is not canonical base64"));
            }
            else if (root.Length != MerkleHash.Size)
            {
                problems.Add(new NoteProblem(3, $"the root hash is {root.Length} bytes, not {MerkleHash.Size}"));
            }
        }

        for (var i = 3; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                problems.Add(new NoteProblem(i + 1, "empty extension line"));
            }
        }

        if (problems.Count > 0 || root is null)
        {
            return (null, problems.ToImmutable());
        }

        return (new Checkpoint { Origin = origin, Size = size, RootHash = [.. root], Extensions = [.. lines[3..]] }, []);
    }

    /// <summary>Returns the note text: origin, size, base64 root and extension lines, each ending in a newline.</summary>
    public string ToText()
    {
        var builder = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash.AsSpan())).Append('\n');
        foreach (var extension in Extensions)
        {
            builder.Append(extension).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Signs this checkpoint with <paramref name="signer"/> and returns the signed note.</summary>
    /// <param name="signer">The log's signing key; its name should equal <see cref="Origin"/>.</param>
    public SignedNote Sign(NoteSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return new SignedNote { Text = ToText(), Signatures = [] }.AddSignature(signer);
    }

    private static bool TryParseSize(string text, out ulong size)
    {
        size = 0;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    /// <summary>The note text part of a note that did not parse, so that body problems are still reported.</summary>
    private static string TextPart(string signedNote)
    {
        ArgumentNullException.ThrowIfNull(signedNote);
        var boundary = signedNote.LastIndexOf("\n\n", StringComparison.Ordinal);
        return boundary < 0 ? (signedNote.EndsWith('\n') ? signedNote : signedNote + "\n") : signedNote[..(boundary + 1)];
    }
}
