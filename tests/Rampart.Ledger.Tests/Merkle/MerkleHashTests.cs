using System.Text;
using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Tests.Merkle;

public sealed class MerkleHashTests
{
    [Fact]
    public void EmptyTree_Always_IsSha256OfEmptyString()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleHash.EmptyTree));
    }

    [Fact]
    public void Leaf_TransparencyDevInputs_MatchKnownHashes()
    {
        for (var i = 0; i < MerkleVectors.LeafInputs.Length; i++)
        {
            Assert.Equal(MerkleVectors.LeafHashes[i], Convert.ToHexStringLower(MerkleHash.Leaf(Convert.FromHexString(MerkleVectors.LeafInputs[i]))));
        }
    }

    [Fact]
    public void Leaf_HelloWorld_MatchesGoSumdbRecordHash()
    {
        Assert.Equal("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=", Convert.ToBase64String(MerkleHash.Leaf("hello world"u8)));
    }

    [Fact]
    public void Node_FirstTwoLeaves_MatchesLevelOneNode()
    {
        var leaves = MerkleVectors.LeafHashBytes();
        Assert.Equal("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", Convert.ToHexStringLower(MerkleHash.Node(leaves[0], leaves[1])));
        Assert.Equal("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", Convert.ToHexStringLower(MerkleHash.Node(leaves[2], leaves[3])));
    }

    [Fact]
    public void Node_ShortChild_Throws()
    {
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(new byte[31], new byte[32]));
    }

    [Fact]
    public void Leaf_DomainSeparation_DiffersFromPlainSha256()
    {
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("x"))), Convert.ToHexStringLower(MerkleHash.Leaf("x"u8)));
    }
}
