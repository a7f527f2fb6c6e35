using System.Diagnostics;
using System.Text;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Proofs;
using Rampart.Ledger.Tests.Checkpoints;
using Rampart.Tests;

namespace Rampart.Ledger.Tests.Proofs;

public sealed class LedgerReceiptTests
{
    // The design reference's complete c2sp.org/tlog-proof@v1 for entry 2 ("three") of the Tessera test log.
    private static string TesseraReceipt() =>
        "c2sp.org/tlog-proof@v1\nindex 2\n"
        + "9xWrP6pdBx5uKsS7mU1b9zWUPcw3mdoNCF55gM+5M2o=\nT1X2GdkhUjV3iyufF9b0kVsWFxIU0VI4EpNml2Teci4=\n"
        + "g0ZoeYWtIV8Q8i+4CmgqPnBvH2il107lyCgTQsyB7H4=\n5jLpqTgjsBDSEX6SgZiRnbTMdTuRd8bQ5tSsAOxe0Ks=\n\n"
        + TesseraLogTests.ReadCheckpoint(15);

    [Fact]
    public void Parse_TesseraReceiptWithoutExtra_VerifiesForItsEntryOnly()
    {
        var verifier = NoteSigner.Parse(NoteKeyTests.TesseraSignerKey).Verifier;

        var receipt = LedgerReceipt.Parse(TesseraReceipt());

        Assert.Equal(2, receipt.Index);
        Assert.True(receipt.Entry.IsEmpty);
        Assert.Equal(4, receipt.Hashes.Length);
        Assert.Null(receipt.Verify(verifier, "three"u8));
        Assert.NotNull(receipt.Verify(verifier, "four"u8));
        Assert.Equal(TesseraReceipt(), receipt.ToText());
    }

    [Fact]
    public void Verify_CheckpointSignedByAnotherKey_Fails()
    {
        var other = new NoteSigner("example.com/log/testdata", new byte[32]).Verifier;

        var problem = LedgerReceipt.Parse(TesseraReceipt()).Verify(other, "three"u8);

        Assert.Contains("No signature is by a known key", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2sp.org/tlog-proof@v2\nindex 2\n\nx", "line 1")]
    [InlineData("c2sp.org/tlog-proof@v1\nextra !!\nindex 2\n\nx", "line 2: the extra data")]
    [InlineData("c2sp.org/tlog-proof@v1\nindex -2\n\nx", "line 2: expected 'index <decimal>'")]
    [InlineData("c2sp.org/tlog-proof@v1\nindex 2\nAAAA\n\nx", "line 3: not a base64 SHA-256 hash")]
    [InlineData("c2sp.org/tlog-proof@v1\nindex 2\n", "empty line")]
    public void Parse_Malformed_NamesTheLine(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => LedgerReceipt.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MutatedReceipts_ThrowOnlyFormatException()
    {
        var verifier = NoteSigner.Parse(NoteKeyTests.TesseraSignerKey).Verifier;
        var seed = Encoding.UTF8.GetBytes(TesseraReceipt());
        var random = new Random(20261130);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            var text = Encoding.UTF8.GetString(SeededMutator.Mutate(seed, random, ["\n", "\n\n", "index ", "extra ", "=", "A"], "\n +/=0123456789AZaz", maxDelete: 12, maxSplice: 40));
            LedgerReceipt receipt;
            try
            {
                receipt = LedgerReceipt.Parse(text);
            }
            catch (FormatException)
            {
                continue;
            }

            // A mutation that still verifies must not have changed what is proved.
            if (receipt.Verify(verifier, "three"u8) is null)
            {
                Assert.Equal(2, receipt.Index);
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1));
    }
}
