using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace Rampart.Ledger.Checkpoints;

/// <summary>
/// A signed note (c2sp.org/signed-note): text ending in a newline, a blank line, then one or more signature lines.
/// The signatures cover the text including its final newline; the boundary is the last blank line.
/// </summary>
public sealed record SignedNote
{
    /// <summary>The most signature lines a note may carry; the spec asks verifiers to accept at least 16.</summary>
    public const int MaxSignatures = 100;

    /// <summary>The note text, including its final newline and excluding the blank separator line.</summary>
    public required string Text { get; init; }

    /// <summary>The signatures, in the order they appear.</summary>
    public required ImmutableArray<NoteSignature> Signatures { get; init; }

    /// <summary>Parses a signed note, reporting every problem with its line number.</summary>
    /// <param name="message">The whole note as text.</param>
    /// <returns>The note, or the problems found.</returns>
    public static NoteParseResult Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = ImmutableArray.CreateBuilder<NoteProblem>();
        var lines = message.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Any(c => char.IsControl(c) && c != '\n') || lines[i].Any(char.IsSurrogate) && !IsWellFormed(lines[i]))
            {
                problems.Add(new NoteProblem(i + 1, "contains a control character or invalid text"));
            }
        }

        var boundary = message.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (boundary < 0)
        {
            problems.Add(new NoteProblem(lines.Length, "no blank line separates the note text from its signatures"));
            return new NoteParseResult(null, problems.ToImmutable());
        }

        var text = message[..(boundary + 1)];
        var textLines = text.Count(c => c == '\n');
        var signatureBlock = message[(boundary + 2)..];
        if (signatureBlock.Length == 0)
        {
            problems.Add(new NoteProblem(textLines + 1, "the note has no signature lines after the blank line"));
            return new NoteParseResult(null, problems.ToImmutable());
        }

        if (!signatureBlock.EndsWith('\n'))
        {
            problems.Add(new NoteProblem(lines.Length, "the last signature line does not end with a newline"));
        }

        var signatures = ImmutableArray.CreateBuilder<NoteSignature>();
        // The boundary is the last blank line, so the block holds no empty line except possibly a missing final newline.
        var signatureLines = (signatureBlock.EndsWith('\n') ? signatureBlock[..^1] : signatureBlock).Split('\n');

        if (signatureLines.Length > MaxSignatures)
        {
            problems.Add(new NoteProblem(textLines + 2, $"the note has {signatureLines.Length} signature lines; at most {MaxSignatures} are accepted"));
            return new NoteParseResult(null, problems.ToImmutable());
        }

        for (var i = 0; i < signatureLines.Length; i++)
        {
            var lineNumber = textLines + 2 + i;
            if (ParseSignatureLine(signatureLines[i], lineNumber, out var problem) is { } signature)
            {
                signatures.Add(signature);
            }
            else
            {
                problems.Add(new NoteProblem(lineNumber, problem));
            }
        }

        return problems.Count > 0
            ? new NoteParseResult(null, problems.ToImmutable())
            : new NoteParseResult(new SignedNote { Text = text, Signatures = signatures.ToImmutable() }, []);
    }

    /// <summary>
    /// Verifies the note against <paramref name="verifiers"/>: signatures by unknown keys (name and key ID) are
    /// ignored, every signature by a known key must verify, and at least one must.
    /// </summary>
    /// <param name="verifiers">The known keys.</param>
    /// <returns>Valid with the keys that verified, or what failed.</returns>
    public NoteVerification Verify(IEnumerable<NoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var known = verifiers.ToList();
        var message = Encoding.UTF8.GetBytes(Text);
        var verified = ImmutableArray.CreateBuilder<NoteVerifier>();
        foreach (var signature in Signatures)
        {
            var key = known.Find(k => k.Name == signature.Name && k.KeyId == signature.KeyId);
            if (key is null)
            {
                continue;
            }

            if (!key.Verify(message, signature.Signature.AsSpan()))
            {
                var where = signature.Line > 0 ? $"on line {signature.Line} " : string.Empty;
                return new NoteVerification(NoteFailure.BadSignature, $"The signature {where}by {key.Name} (key {key.KeyId:x8}) does not verify.", []);
            }

            if (!verified.Contains(key))
            {
                verified.Add(key);
            }
        }

        if (verified.Count == 0)
        {
            var names = known.Count == 0 ? "none" : string.Join(", ", known.Select(k => $"{k.Name}+{k.KeyId:x8}"));
            return new NoteVerification(NoteFailure.NoKnownSignature, $"No signature is by a known key (known: {names}).", []);
        }

        return new NoteVerification(NoteFailure.None, string.Empty, verified.ToImmutable());
    }

    /// <summary>Returns a copy of this note with <paramref name="signer"/>'s signature of the text appended.</summary>
    /// <param name="signer">The signing key.</param>
    public SignedNote AddSignature(NoteSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var signature = signer.Sign(Encoding.UTF8.GetBytes(Text));
        return this with { Signatures = Signatures.Add(new NoteSignature { Name = signer.Name, KeyId = signer.KeyId, Signature = [.. signature] }) };
    }

    /// <summary>Returns the note as text: the text, a blank line and one line per signature.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            builder.Append(signature).Append('\n');
        }

        return builder.ToString();
    }

    private static NoteSignature? ParseSignatureLine(string line, int lineNumber, out string problem)
    {
        problem = string.Empty;
        if (line.Length == 0)
        {
            problem = "empty line among the signature lines";
            return null;
        }

        if (!line.StartsWith(NoteText.SignaturePrefix, StringComparison.Ordinal))
        {
            problem = "a signature line must start with an em dash (U+2014) and a space";
            return null;
        }

        var rest = line[NoteText.SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            problem = "a signature line needs a key name, a space and the base64 signature";
            return null;
        }

        var name = rest[..space];
        var encoded = rest[(space + 1)..];
        if (!NoteKeyId.IsValidName(name))
        {
            problem = name.Length == 0 ? "extra whitespace before the key name" : $"'{name}' is not a valid key name";
            return null;
        }

        if (encoded.Length != encoded.Trim().Length || encoded.Contains(' ', StringComparison.Ordinal))
        {
            problem = "extra whitespace in the signature";
            return null;
        }

        var bytes = NoteText.DecodeBase64(encoded);
        if (bytes is null)
        {
            problem = "the signature is not canonical base64";
            return null;
        }

        if (bytes.Length < 5)
        {
            problem = $"the signature decodes to {bytes.Length} bytes; it needs a 4-byte key ID and signature bytes";
            return null;
        }

        return new NoteSignature
        {
            Name = name,
            KeyId = BinaryPrimitives.ReadUInt32BigEndian(bytes),
            Signature = [.. bytes.AsSpan(4)],
            Line = lineNumber,
        };
    }

    private static bool IsWellFormed(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(line[i]))
            {
                return false;
            }
        }

        return true;
    }
}
