using System.Text;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Merkle;
using Rampart.Ledger.Tiles;

namespace Rampart.Ledger.Tests.Checkpoints;

/// <summary>
/// Interoperability with transparency-dev/tessera's test log (TestData/tessera-log, Apache-2.0): 16 checkpoints
/// signed with the published test key, and the entry bundles they commit to.
/// </summary>
public sealed class TesseraLogTests
{
    private static readonly string[] Entries = ["one", "two", "three", "four", "five", "six", "seven", "eit", "nain", "ten", "ileven", "twelf", "threeten", "fourten", "fivten"];

    public static TheoryData<int> Sizes => [.. Enumerable.Range(0, 16)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Checkpoint_TesseraCheckpoint_VerifiesWithTestKey(int size)
    {
        var parsed = Checkpoint.Parse(ReadCheckpoint(size));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        Assert.Equal("example.com/log/testdata", parsed.Checkpoint!.Origin);
        Assert.Equal((ulong)size, parsed.Checkpoint.Size);
        var verification = parsed.Note!.Verify([NoteVerifier.Parse(NoteKeyTests.TesseraVerifierKey)]);
        Assert.True(verification.IsValid, verification.Message);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sign_TesseraCheckpointBody_ReproducesSignatureByteForByte(int size)
    {
        var original = ReadCheckpoint(size);
        var checkpoint = Checkpoint.Parse(original).Checkpoint!;
        var signed = checkpoint.Sign(NoteSigner.Parse(NoteKeyTests.TesseraSignerKey));
        Assert.Equal(original, signed.ToString());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Root_TesseraEntryBundle_MatchesCheckpointRoot(int size)
    {
        var checkpoint = Checkpoint.Parse(ReadCheckpoint(size)).Checkpoint!;
        var entries = size == 0 ? [] : EntryBundle.Parse(File.ReadAllBytes(Path.Combine(Folder, TilePath.EntryBundle(0, size))));
        Assert.Equal(Entries[..size], entries.Select(e => Encoding.UTF8.GetString(e)));
        var root = MerkleTree.Root([.. entries.Select(e => MerkleHash.Leaf(e))]);
        Assert.Equal(checkpoint.RootHash, root);
    }

    [Fact]
    public void Checkpoint1_Text_IsTheReferenceVerbatim()
    {
        Assert.Equal(
            "example.com/log/testdata\n1\n0Nc2CrefWKseHj/mStd+LqC8B+NrX0btIiPt2SmN+ek=\n\n\u2014 example.com/log/testdata M9e0lhr9kuLxGdAtaUrhm84TQffVsLdcy808sN0a3WyniNlfcr9+bywoiIke1YYciCNjJGkCgIlQ8b16jhsmg/SChAM=\n",
            ReadCheckpoint(1));
    }

    [Fact]
    public void Proofs_TesseraLog_MatchDerivedVectorsAndSignedRoots()
    {
        var leaves = Entries.Select(e => MerkleHash.Leaf(Encoding.UTF8.GetBytes(e))).ToArray();
        var root15 = Checkpoint.Parse(ReadCheckpoint(15)).Checkpoint!.RootHash.ToArray();
        var root7 = Checkpoint.Parse(ReadCheckpoint(7)).Checkpoint!.RootHash.ToArray();

        var inclusion = MerkleTree.InclusionProof(leaves, 2, 15);
        Assert.Equal(["9xWrP6pdBx5uKsS7mU1b9zWUPcw3mdoNCF55gM+5M2o=", "T1X2GdkhUjV3iyufF9b0kVsWFxIU0VI4EpNml2Teci4=", "g0ZoeYWtIV8Q8i+4CmgqPnBvH2il107lyCgTQsyB7H4=", "5jLpqTgjsBDSEX6SgZiRnbTMdTuRd8bQ5tSsAOxe0Ks="], inclusion.Select(Convert.ToBase64String));
        Assert.True(MerkleProof.VerifyInclusion(2, 15, leaves[2], inclusion, root15).IsValid);

        var last = MerkleTree.InclusionProof(leaves, 14, 15);
        Assert.Equal(["GiUtVP0XhIaZ/fl7ReMLgw+9YUtjFAt8kaTdfOe2u/I=", "3cFRCtyHVxAUTugFyRgo30efbl+BVxdTQDIGg5H61SA=", "bC+VwvrJbalNVjfkdI8kUgs7mJoXrqiXCE7bgnD28pY="], last.Select(Convert.ToBase64String));

        var consistency = MerkleTree.ConsistencyProof(leaves, 7, 15);
        Assert.Equal(["2Q0P5jSR+TdkwdXWyx+GbBWX0KZbNZkWzCjyTPSozsw=", "ThcgoV2DYcK+VCxBUDWAlNxmLy2r7dq7dK7+OlgQKWs=", "ycRkkNklus5eMVRUvkD1pK321vMrA+jjOiZKU8aOcY4=", "zY1lN35vrXYAPixXSd59LsU29xUJtuW4o2dNNg5Y2Co=", "5jLpqTgjsBDSEX6SgZiRnbTMdTuRd8bQ5tSsAOxe0Ks="], consistency.Select(Convert.ToBase64String));
        Assert.True(MerkleProof.VerifyConsistency(7, 15, consistency, root7, root15).IsValid);
    }

    [Fact]
    public void EntryBundle_Format_RoundTripsTesseraBundle()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, TilePath.EntryBundle(0, 15)));
        Assert.Equal(bytes, EntryBundle.Format(EntryBundle.Parse(bytes)));
    }

    [Theory]
    [InlineData(new byte[] { 0 }, "The entry bundle ends inside the length of entry 0 (offset 0).")]
    [InlineData(new byte[] { 0, 3, 0x6f, 0x6e }, "Entry 0 of the bundle needs 3 bytes but only 2 remain.")]
    public void EntryBundle_Truncated_ThrowsWithReason(byte[] bundle, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => EntryBundle.Parse(bundle)).Message);
    }

    [Theory]
    [InlineData(0UL, 15, "tile/entries/000.p/15")]
    [InlineData(0UL, 256, "tile/entries/000")]
    [InlineData(1234067UL, 256, "tile/entries/x001/x234/067")]
    [InlineData(1234067UL, 7, "tile/entries/x001/x234/067.p/7")]
    public void TilePath_EntryBundle_EncodesIndexAndWidth(ulong index, int width, string expected)
    {
        Assert.Equal(expected, TilePath.EntryBundle(index, width));
    }

    [Fact]
    public void TilePath_HashTile_EncodesLevel()
    {
        Assert.Equal("tile/0/000.p/15", TilePath.HashTile(0, 0, 15));
        Assert.Equal("tile/2/x001/000", TilePath.HashTile(2, 1000, 256));
    }

    internal static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "tessera-log");

    internal static string ReadCheckpoint(int size) => File.ReadAllText(Path.Combine(Folder, $"checkpoint.{size}"), new UTF8Encoding(false, true));
}
