using System.Text;
using Rampart.Ledger.Checkpoints;

namespace Rampart.Ledger.Tests.Checkpoints;

public sealed class NoteKeyTests
{
    internal const string TesseraVerifierKey = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";
    internal const string TesseraSignerKey = "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";

    [Fact]
    public void Parse_TesseraVerifierKey_HasSpecKeyIdAndRoundTrips()
    {
        var verifier = NoteVerifier.Parse(TesseraVerifierKey);
        Assert.Equal("example.com/log/testdata", verifier.Name);
        Assert.Equal(0x33d7b496u, verifier.KeyId);
        Assert.Equal(0x33d7b496u, NoteKeyId.Compute("example.com/log/testdata", 0x01, verifier.PublicKey));
        Assert.Equal(TesseraVerifierKey, verifier.ToString());
    }

    [Fact]
    public void Parse_TesseraSignerKey_MatchesVerifierAndRoundTrips()
    {
        var signer = NoteSigner.Parse(TesseraSignerKey);
        Assert.Equal(TesseraVerifierKey, signer.Verifier.ToString());
        Assert.Equal(TesseraSignerKey, signer.ToSecretString());
        Assert.DoesNotContain("PRIVATE", signer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GoSumdbKeyWithPlusInBase64_KeyIdRecomputes()
    {
        var verifier = NoteVerifier.Parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
        Assert.Equal(0x033de0aeu, verifier.KeyId);
    }

    [Fact]
    public void Verify_C2spExampleNote_Verifies()
    {
        var verifier = NoteVerifier.Parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        var note = SignedNote.Parse("This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n");
        Assert.True(note.IsValid);
        Assert.True(note.Note!.Verify([verifier]).IsValid);
    }

    [Fact]
    public void Sign_GoPeterNeumannExample_ReproducesSignatureLine()
    {
        var signer = NoteSigner.Parse("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
        Assert.Equal("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", signer.Verifier.ToString());
        var note = new SignedNote { Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n", Signatures = [] }.AddSignature(signer);
        Assert.Equal("\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=", note.Signatures[0].ToString());
        Assert.True(SignedNote.Parse(note.ToString()).Note!.Verify([signer.Verifier]).IsValid);
    }

    [Theory]
    [InlineData("example.com/log/testdata+33d7b497+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx", "The verifier key's ID 33d7b497 does not match its name and key (expected 33d7b496).")]
    [InlineData("example.com/log/testdata+33D7B496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx", "'33D7B496' is not a key ID of 8 lowercase hex digits.")]
    [InlineData("example.com/log/testdata+33d7b496+AuHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx", "The verifier key is not an Ed25519 key (type byte 0x01 and 32 key bytes).")]
    [InlineData("example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkS", "The verifier key's key part is not canonical base64.")]
    [InlineData("example.com/log/testdata", "A verifier key has the form name+keyid+base64key.")]
    [InlineData("+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx", "A verifier key has the form name+keyid+base64key.")]
    [InlineData("bad name+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx", "'bad name' is not a valid key name.")]
    public void Parse_MalformedVerifierKey_ThrowsWithReason(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => NoteVerifier.Parse(text));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("PRIVATE+KEY+example.com/log/testdata+33d7b497+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg", "The signer key's ID 33d7b497 does not match its name and key (expected 33d7b496).")]
    [InlineData("example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg", "A signer key starts with PRIVATE+KEY+.")]
    [InlineData("PRIVATE+KEY+example.com/log/testdata+33d7b496+AuymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg", "The signer key is not an Ed25519 key (type byte 0x01 and a 32-byte seed).")]
    public void Parse_MalformedSignerKey_ThrowsWithReason(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => NoteSigner.Parse(text));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void NoteSigner_FromSeed_SignsWhatItsVerifierAccepts()
    {
        var signer = new NoteSigner("rampart.test/ledger", new byte[32]);
        var message = Encoding.UTF8.GetBytes("hello\n");
        Assert.True(signer.Verifier.Verify(message, signer.Sign(message)));
        Assert.Equal(signer.KeyId, NoteVerifier.Parse(signer.Verifier.ToString()).KeyId);
        Assert.Equal(signer.KeyId, NoteSigner.Parse(signer.ToSecretString()).KeyId);
    }
}
