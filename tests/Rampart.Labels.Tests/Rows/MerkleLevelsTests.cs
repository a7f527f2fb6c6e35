using Rampart.Labels.Rows;
using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Tests.Rows;

public sealed class MerkleLevelsTests
{
    internal static RowHashList Leaves(int count)
    {
        var list = new RowHashList();
        for (var i = 0; i < count; i++)
        {
            list.Add(MerkleHash.Leaf([(byte)i, (byte)(i >> 8)]));
        }

        return list;
    }

    [Fact]
    public void Proofs_EverySizeAndIndexUpTo40_EqualLedgerMerkleTree()
    {
        for (var n = 1; n <= 40; n++)
        {
            var leaves = Leaves(n);
            var levels = new MerkleLevels(leaves);
            Assert.Equal(MerkleTree.Root(leaves), levels.Root(n));
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(MerkleTree.InclusionProof(leaves, i, n), levels.InclusionProof(i, n));
            }

            for (var m = 1; m <= n; m++)
            {
                Assert.Equal(MerkleTree.ConsistencyProof(leaves, m, n), levels.ConsistencyProof(m, n));
            }
        }
    }

    [Fact]
    public void StreamingRoot_EverySizeUpTo70_EqualsLedgerRoot()
    {
        for (var n = 0; n <= 70; n++)
        {
            var leaves = Leaves(n);
            var root = new StreamingRoot();
            foreach (var leaf in leaves)
            {
                root.Add(leaf);
            }

            Assert.Equal(MerkleTree.Root(leaves), root.Root());
        }
    }

    [Fact]
    public void RowHashList_PastOneChunk_KeepsEveryHash()
    {
        var leaves = Leaves(70_000);

        Assert.Equal(70_000, leaves.Count);
        var expected = Leaves(32_769);
        Assert.Equal(expected[32_768], leaves[32_768]);
        Assert.Equal(expected[100], leaves[100]);
        Assert.Equal(expected[32_767], leaves.Get(32_767).ToArray());
    }
}
