using System.Security.Cryptography;
using Rampart.Labels.Rows;
using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Tests.Rows;

public sealed class RowEncodingTests
{
    [Fact]
    public void Encode_TwoFields_IsCountThenLengthPrefixedFields()
    {
        var bytes = RowEncoding.Encode(["ab", ""]);

        Assert.Equal(new byte[] { 0, 0, 0, 2, 0, 0, 0, 2, (byte)'a', (byte)'b', 0, 0, 0, 0 }, bytes);
    }

    [Fact]
    public void Encode_FieldBoundaryMoved_DiffersFromOriginal()
    {
        // Without length prefixes "a,bc" and "ab,c" would concatenate to the same bytes.
        Assert.NotEqual(RowEncoding.Encode(["a", "bc"]), RowEncoding.Encode(["ab", "c"]));
    }

    [Fact]
    public void LeafHash_IsMerkleLeafOfEncoding()
    {
        var expected = SHA256.HashData([0x00, .. RowEncoding.Encode(["x", "1"])]);

        Assert.Equal(expected, RowEncoding.LeafHash(["x", "1"]));
        Assert.Equal(MerkleHash.Leaf(RowEncoding.Encode(["x", "1"])), RowEncoding.LeafHash(["x", "1"]));
    }

    [Fact]
    public void SchemaHash_IsSha256OfEncodingWithoutPrefix()
    {
        Assert.Equal(SHA256.HashData(RowEncoding.Encode(["id", "name"])), RowEncoding.SchemaHash(["id", "name"]));
    }

    [Fact]
    public void RowHasher_Streaming_EqualsLeafHash()
    {
        using var hasher = new RowHasher();
        hasher.Begin(3, leaf: true);
        hasher.Field("a"u8);
        hasher.Field(""u8);
        hasher.Field("é"u8);
        var hash = new byte[32];
        hasher.End(hash);

        Assert.Equal(RowEncoding.LeafHash(["a", "", "é"]), hash);
    }
}
