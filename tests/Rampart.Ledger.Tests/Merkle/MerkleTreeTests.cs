using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Tests.Merkle;

public sealed class MerkleTreeTests
{
    public static TheoryData<int> Sizes => [0, 1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Root_TransparencyDevLeaves_MatchesKnownRoot(int size)
    {
        var leaves = MerkleVectors.LeafHashBytes()[..size];
        Assert.Equal(MerkleVectors.Roots[size], Convert.ToHexStringLower(MerkleTree.Root(leaves)));
    }

    [Fact]
    public void Root_ManySizes_MatchesRecursiveDefinition()
    {
        var leaves = Enumerable.Range(0, 70).Select(i => MerkleHash.Leaf([(byte)i])).ToArray();
        for (var n = 0; n <= leaves.Length; n++)
        {
            Assert.Equal(Recursive(leaves[..n]), MerkleTree.Root(leaves[..n]));
        }
    }

    [Theory]
    [InlineData(0, 1, new string[0])]
    [InlineData(0, 8, new[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" })]
    [InlineData(5, 8, new[] { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    [InlineData(2, 3, new[] { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" })]
    [InlineData(1, 5, new[] { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" })]
    public void InclusionProof_KnownVectors_ReproducedExactly(int index, int size, string[] expected)
    {
        var proof = MerkleTree.InclusionProof(MerkleVectors.LeafHashBytes(), index, size);
        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        Assert.True(MerkleProof.VerifyInclusion((ulong)index, (ulong)size, MerkleVectors.LeafHashBytes()[index], proof, MerkleVectors.Root(size)).IsValid);
    }

    [Theory]
    [InlineData(1, 1, new string[0])]
    [InlineData(1, 8, new[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" })]
    [InlineData(6, 8, new[] { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    [InlineData(2, 5, new[] { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" })]
    [InlineData(6, 7, new[] { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    public void ConsistencyProof_KnownVectors_ReproducedExactly(int size1, int size2, string[] expected)
    {
        var proof = MerkleTree.ConsistencyProof(MerkleVectors.LeafHashBytes(), size1, size2);
        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        Assert.True(MerkleProof.VerifyConsistency((ulong)size1, (ulong)size2, proof, MerkleVectors.Root(size1), MerkleVectors.Root(size2)).IsValid);
    }

    [Fact]
    public void InclusionProof_IndexNotBelowSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(MerkleVectors.LeafHashBytes(), 3, 3));
    }

    [Fact]
    public void ConsistencyProof_ZeroFirstSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(MerkleVectors.LeafHashBytes(), 0, 3));
    }

    [Fact]
    public void Proofs_EveryIndexAndSizePairUpTo40_Verify()
    {
        var leaves = Enumerable.Range(0, 40).Select(i => MerkleHash.Leaf([(byte)i, 1])).ToArray();
        var roots = Enumerable.Range(0, 41).Select(n => MerkleTree.Root(leaves[..n])).ToArray();
        for (var size = 1; size <= 40; size++)
        {
            for (var i = 0; i < size; i++)
            {
                var proof = MerkleTree.InclusionProof(leaves, i, size);
                Assert.True(MerkleProof.VerifyInclusion((ulong)i, (ulong)size, leaves[i], proof, roots[size]).IsValid, $"inclusion {i} in {size}");
            }

            for (var size1 = 1; size1 <= size; size1++)
            {
                var proof = MerkleTree.ConsistencyProof(leaves, size1, size);
                Assert.True(MerkleProof.VerifyConsistency((ulong)size1, (ulong)size, proof, roots[size1], roots[size]).IsValid, $"consistency {size1} to {size}");
            }
        }
    }

    private static byte[] Recursive(byte[][] leaves)
    {
        if (leaves.Length == 0)
        {
            return MerkleHash.EmptyTree;
        }

        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        var k = 1;
        while (k * 2 < leaves.Length)
        {
            k *= 2;
        }

        return MerkleHash.Node(Recursive(leaves[..k]), Recursive(leaves[k..]));
    }
}
