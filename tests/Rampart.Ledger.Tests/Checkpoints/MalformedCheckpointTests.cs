using Rampart.Ledger.Checkpoints;

namespace Rampart.Ledger.Tests.Checkpoints;

/// <summary>Malformed and tampered checkpoints, each with the exact problem it must report.</summary>
public sealed class MalformedCheckpointTests
{
    private const string Origin = "example.com/log/testdata";
    private const string Root = "0Nc2CrefWKseHj/mStd+LqC8B+NrX0btIiPt2SmN+ek=";
    private const string Signature = "M9e0lhr9kuLxGdAtaUrhm84TQffVsLdcy808sN0a3WyniNlfcr9+bywoiIke1YYciCNjJGkCgIlQ8b16jhsmg/SChAM=";
    private const string SignatureLine = "\u2014 " + Origin + " " + Signature + "\n";
    private const string Valid = Origin + "\n1\n" + Root + "\n\n" + SignatureLine;

    public static TheoryData<string, string> MalformedCases => new()
    {
        { Origin + "\n1\n\n" + SignatureLine, "line 3: missing root hash line" },
        { Origin + "\n\n" + SignatureLine, "line 2: missing tree size line; line 3: missing root hash line" },
        { Origin + "\n1\n" + Root + "\n" + SignatureLine, "line 5: no blank line separates the note text from its signatures" },
        { Origin + "\n1\n" + Root + "\n\n", "line 4: the note has no signature lines after the blank line" },
        { Origin + "\n1\n" + Root.TrimEnd('=') + "\n\n" + SignatureLine, "line 3: the root hash is not canonical base64" },
        { Origin + "\n1\n" + "AAAA" + "\n\n" + SignatureLine, "line 3: the root hash is 3 bytes, not 32" },
        { Origin + "\n1\n" + Root + "\n\n\u2014 " + Origin + " " + Signature.Replace('+', '-') + "\n", "line 5: the signature is not canonical base64" },
        { Origin + "\n1\n" + Root + "\n\n\u2014 " + Origin + " AAAA\n", "line 5: the signature decodes to 3 bytes; it needs a 4-byte key ID and signature bytes" },
        { Origin + " \n1\n" + Root + "\n\n" + SignatureLine, "line 1: extra whitespace in the origin 'example.com/log/testdata '" },
        { Origin + "\n1 \n" + Root + "\n\n" + SignatureLine, "line 2: the tree size '1 ' is not a decimal number without leading zeros, signs or spaces" },
        { Origin + "\n01\n" + Root + "\n\n" + SignatureLine, "line 2: the tree size '01' is not a decimal number without leading zeros, signs or spaces" },
        { Origin + "\n-1\n" + Root + "\n\n" + SignatureLine, "line 2: the tree size '-1' is not a decimal number without leading zeros, signs or spaces" },
        { Origin + "\n1\n" + Root + " \n\n" + SignatureLine, "line 3: the root hash is not canonical base64" },
        { Origin + "\n1\n" + Root + "\n\n\u2014 " + Origin + "  " + Signature + "\n", "line 5: extra whitespace in the signature" },
        { Origin + "\n1\n" + Root + "\n\n\u2014  " + Origin + " " + Signature + "\n", "line 5: extra whitespace before the key name" },
        { Origin + "\n1\n" + Root + "\n\n\u2014 " + Origin + " " + Signature + " \n", "line 5: extra whitespace in the signature" },
        { Origin + "\n1\n" + Root + "\n\n- " + Origin + " " + Signature + "\n", "line 5: a signature line must start with an em dash (U+2014) and a space" },
        { Origin + "\n1\n" + Root + "\n\n\u2014 " + Origin + " " + Signature, "line 5: the last signature line does not end with a newline" },
        { Origin + "\n1\n" + Root + "\n\n\u2014 " + Origin + Signature + "\n", "line 5: a signature line needs a key name, a space and the base64 signature" },
        { Origin + "\r\n1\n" + Root + "\n\n" + SignatureLine, "line 1: contains a control character or invalid text; line 1: extra whitespace in the origin 'example.com/log/testdata\r'" },
        { Origin + "\n1\n" + Root + "\n\nextension\n\n" + SignatureLine, "line 4: empty extension line" },
        { "\n1\n" + Root + "\n\n" + SignatureLine, "line 1: the origin is empty" },
    };

    [Fact]
    public void Parse_ValidCheckpoint_HasNoProblems()
    {
        var result = Checkpoint.Parse(Valid);
        Assert.True(result.IsValid);
        Assert.Empty(result.Checkpoint!.Extensions);
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Parse_MalformedCheckpoint_ReportsExactProblem(string text, string expected)
    {
        var result = Checkpoint.Parse(text);
        Assert.False(result.IsValid);
        Assert.Null(result.Checkpoint);
        Assert.Equal(expected, string.Join("; ", result.Problems));
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsLine()
    {
        byte[] bytes = [.. "example.com/log/testdata\n1\n"u8, 0xff, .. "\n\n"u8];
        Assert.Equal("line 3: not valid UTF-8", string.Join("; ", Checkpoint.Parse(bytes.AsSpan()).Problems));
    }

    [Fact]
    public void Parse_ValidBytes_MatchesTextParse()
    {
        var result = Checkpoint.Parse(System.Text.Encoding.UTF8.GetBytes(Valid).AsSpan());
        Assert.True(result.IsValid);
        Assert.Equal(Valid, result.Note!.ToString());
    }

    [Fact]
    public void Parse_ExtensionLines_AreKeptAndSigned()
    {
        var signer = NoteSigner.Parse(NoteKeyTests.TesseraSignerKey);
        var checkpoint = new Checkpoint { Origin = Origin, Size = 1, RootHash = [.. Convert.FromBase64String(Root)], Extensions = ["ext one", "ext two"] };
        var note = checkpoint.Sign(signer).ToString();
        var parsed = Checkpoint.Parse(note);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        Assert.Equal(["ext one", "ext two"], parsed.Checkpoint!.Extensions.ToArray());
        Assert.True(parsed.Note!.Verify([signer.Verifier]).IsValid);
    }

    [Fact]
    public void Verify_WrongKeyId_SaysNoKnownSignature()
    {
        var bytes = Convert.FromBase64String(Signature);
        bytes[0] ^= 0xff;
        var note = SignedNote.Parse($"{Origin}\n1\n{Root}\n\n\u2014 {Origin} {Convert.ToBase64String(bytes)}\n").Note!;
        var result = note.Verify([NoteVerifier.Parse(NoteKeyTests.TesseraVerifierKey)]);
        Assert.Equal(NoteFailure.NoKnownSignature, result.Failure);
        Assert.Equal("No signature is by a known key (known: example.com/log/testdata+33d7b496).", result.Message);
    }

    [Fact]
    public void Verify_BadSignature_SaysWhichLineAndKey()
    {
        var bytes = Convert.FromBase64String(Signature);
        bytes[10] ^= 0x01;
        var note = SignedNote.Parse($"{Origin}\n1\n{Root}\n\n\u2014 {Origin} {Convert.ToBase64String(bytes)}\n").Note!;
        var result = note.Verify([NoteVerifier.Parse(NoteKeyTests.TesseraVerifierKey)]);
        Assert.Equal(NoteFailure.BadSignature, result.Failure);
        Assert.Equal("The signature on line 5 by example.com/log/testdata (key 33d7b496) does not verify.", result.Message);
    }

    [Fact]
    public void Verify_ChangedBody_SaysBadSignature()
    {
        var note = SignedNote.Parse(Valid.Replace("\n1\n", "\n2\n", StringComparison.Ordinal)).Note!;
        Assert.Equal(NoteFailure.BadSignature, note.Verify([NoteVerifier.Parse(NoteKeyTests.TesseraVerifierKey)]).Failure);
    }

    [Fact]
    public void Verify_UnknownSignatureBesideKnownOne_IsIgnored()
    {
        var other = new NoteSigner("witness.example/w1", new byte[32]);
        var note = SignedNote.Parse(Valid).Note!.AddSignature(other);
        var result = SignedNote.Parse(note.ToString()).Note!.Verify([NoteVerifier.Parse(NoteKeyTests.TesseraVerifierKey)]);
        Assert.True(result.IsValid, result.Message);
        Assert.Single(result.VerifiedBy);
    }

    [Fact]
    public void Verify_NoKnownKeys_SaysNoKnownSignature()
    {
        Assert.Equal("No signature is by a known key (known: none).", SignedNote.Parse(Valid).Note!.Verify([]).Message);
    }

    [Fact]
    public void Parse_TooManySignatures_IsRejected()
    {
        var text = $"{Origin}\n1\n{Root}\n\n" + string.Concat(Enumerable.Repeat(SignatureLine, SignedNote.MaxSignatures + 1));
        Assert.Equal($"line 5: the note has 101 signature lines; at most 100 are accepted", string.Join("; ", SignedNote.Parse(text).Problems));
    }
}
