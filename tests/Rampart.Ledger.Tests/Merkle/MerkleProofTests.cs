using Rampart.Ledger.Merkle;

namespace Rampart.Ledger.Tests.Merkle;

/// <summary>
/// The negative probes of transparency-dev/merkle (testdata/inclusion and testdata/consistency), applied to every
/// proof over the eight known leaves: every probe must fail, and with the failure it names.
/// </summary>
public sealed class MerkleProofTests
{
    private static readonly byte[][] Leaves = MerkleVectors.LeafHashBytes();

    public static TheoryData<int, int> InclusionCases()
    {
        var data = new TheoryData<int, int>();
        for (var size = 1; size <= 8; size++)
        {
            for (var index = 0; index < size; index++)
            {
                data.Add(index, size);
            }
        }

        return data;
    }

    public static TheoryData<int, int> ConsistencyCases()
    {
        var data = new TheoryData<int, int>();
        for (var size2 = 1; size2 <= 8; size2++)
        {
            for (var size1 = 1; size1 <= size2; size1++)
            {
                data.Add(size1, size2);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InclusionCases))]
    public void VerifyInclusion_EveryProbe_Fails(int index, int size)
    {
        var proof = MerkleTree.InclusionProof(Leaves, index, size).ToList();
        var leaf = Leaves[index];
        var root = MerkleVectors.Root(size);
        var i = (ulong)index;
        var n = (ulong)size;
        Assert.True(MerkleProof.VerifyInclusion(i, n, leaf, proof, root).IsValid);

        var probes = new List<(string Name, ProofVerification Result)>
        {
            ("wrong leaf", MerkleProof.VerifyInclusion(i, n, MerkleHash.Leaf("WrongLeaf"u8), proof, root)),
            ("index + 1", MerkleProof.VerifyInclusion(i + 1, n, leaf, proof, root)),
            ("index xor 2", MerkleProof.VerifyInclusion(i ^ 2, n, leaf, proof, root)),
            ("size * 2", MerkleProof.VerifyInclusion(i, n * 2, leaf, proof, root)),
            ("size / 2", MerkleProof.VerifyInclusion(i, n / 2, leaf, proof, root)),
            ("empty root", MerkleProof.VerifyInclusion(i, n, leaf, proof, [])),
            ("wrong root", MerkleProof.VerifyInclusion(i, n, leaf, proof, MerkleHash.Leaf("WrongRoot"u8))),
            ("preceding garbage", MerkleProof.VerifyInclusion(i, n, leaf, [MerkleHash.Leaf("garbage"u8), .. proof], root)),
            ("trailing garbage", MerkleProof.VerifyInclusion(i, n, leaf, [.. proof, MerkleHash.Leaf("garbage"u8)], root)),
            ("trailing root", MerkleProof.VerifyInclusion(i, n, leaf, [.. proof, root], root)),
            ("preceding root", MerkleProof.VerifyInclusion(i, n, leaf, [root, .. proof], root)),
            ("short element", MerkleProof.VerifyInclusion(i, n, leaf, [.. proof, new byte[31]], root)),
        };
        if (i > 0)
        {
            probes.Add(("index - 1", MerkleProof.VerifyInclusion(i - 1, n, leaf, proof, root)));
        }

        for (var e = 0; e < proof.Count; e++)
        {
            for (var bit = 0; bit < 8 * MerkleHash.Size; bit += 37)
            {
                var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
                flipped[e][bit / 8] ^= (byte)(1 << (bit % 8));
                probes.Add(($"bit {bit} of element {e}", MerkleProof.VerifyInclusion(i, n, leaf, flipped, root)));
            }

            probes.Add(($"removed element {e}", MerkleProof.VerifyInclusion(i, n, leaf, [.. proof[..e], .. proof[(e + 1)..]], root)));
            probes.Add(($"inserted before {e}", MerkleProof.VerifyInclusion(i, n, leaf, [.. proof[..e], proof[e], .. proof[e..]], root)));
        }

        foreach (var (name, result) in probes)
        {
            Assert.False(result.IsValid, $"{name} verified for index {index} in size {size}");
            Assert.NotEqual(string.Empty, result.Message);
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyCases))]
    public void VerifyConsistency_EveryProbe_Fails(int size1, int size2)
    {
        var proof = MerkleTree.ConsistencyProof(Leaves, size1, size2).ToList();
        var root1 = MerkleVectors.Root(size1);
        var root2 = MerkleVectors.Root(size2);
        var m = (ulong)size1;
        var n = (ulong)size2;
        Assert.True(MerkleProof.VerifyConsistency(m, n, proof, root1, root2).IsValid);

        var probes = new List<(string Name, ProofVerification Result)>
        {
            ("wrong root1", MerkleProof.VerifyConsistency(m, n, proof, MerkleHash.Leaf("WrongRoot"u8), root2)),
            ("wrong root2", MerkleProof.VerifyConsistency(m, n, proof, root1, MerkleHash.Leaf("WrongRoot"u8))),
            ("empty root1", MerkleProof.VerifyConsistency(m, n, proof, [], root2)),
            ("empty root2", MerkleProof.VerifyConsistency(m, n, proof, root1, [])),
            ("size1 = 0", MerkleProof.VerifyConsistency(0, n, proof, MerkleHash.EmptyTree, root2)),
            ("size1 > size2", MerkleProof.VerifyConsistency(n + 1, n, proof, root1, root2)),
            ("size2 * 2", MerkleProof.VerifyConsistency(m, n * 2, proof, root1, root2)),
            ("preceding garbage", MerkleProof.VerifyConsistency(m, n, [MerkleHash.Leaf("garbage"u8), .. proof], root1, root2)),
            ("trailing garbage", MerkleProof.VerifyConsistency(m, n, [.. proof, MerkleHash.Leaf("garbage"u8)], root1, root2)),
            ("preceding root1", MerkleProof.VerifyConsistency(m, n, [root1, .. proof], root1, root2)),
            ("trailing root2", MerkleProof.VerifyConsistency(m, n, [.. proof, root2], root1, root2)),
        };
        if (size1 != size2)
        {
            probes.Add(("swapped roots", MerkleProof.VerifyConsistency(m, n, proof, root2, root1)));
            // Not size2 - 1: when the right edge has the same shape a proof can fit a neighbouring size, and the
            // signed (size, root) pair is what binds the size. transparency-dev has no such probe either.
            probes.Add(("size1 + 1", MerkleProof.VerifyConsistency(m + 1, n, proof, root1, root2)));
            probes.Add(("empty proof", MerkleProof.VerifyConsistency(m, n, [], root1, root2)));
        }
        else
        {
            probes.Add(("equal sizes, different roots", MerkleProof.VerifyConsistency(m, n, [], root1, MerkleHash.Leaf("other"u8))));
        }

        if (size1 > 1)
        {
            probes.Add(("size1 - 1", MerkleProof.VerifyConsistency(m - 1, n, proof, root1, root2)));
        }

        for (var e = 0; e < proof.Count; e++)
        {
            for (var bit = 0; bit < 8 * MerkleHash.Size; bit += 37)
            {
                var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
                flipped[e][bit / 8] ^= (byte)(1 << (bit % 8));
                probes.Add(($"bit {bit} of element {e}", MerkleProof.VerifyConsistency(m, n, flipped, root1, root2)));
            }

            probes.Add(($"truncated to {e}", MerkleProof.VerifyConsistency(m, n, proof[..e], root1, root2)));
            probes.Add(($"inserted before {e}", MerkleProof.VerifyConsistency(m, n, [.. proof[..e], proof[e], .. proof[e..]], root1, root2)));
        }

        foreach (var (name, result) in probes)
        {
            Assert.False(result.IsValid, $"{name} verified for {size1} to {size2}");
            Assert.NotEqual(string.Empty, result.Message);
        }
    }

    [Fact]
    public void VerifyInclusion_SingleEntryMatchingRootAndLeaf_Verifies()
    {
        var hash = Convert.FromHexString("0d3aed023148ffd2a259fbd0cdc7fb3cf975658760d3775b82af6f90aacc2dfc");
        Assert.True(MerkleProof.VerifyInclusion(0, 1, hash, [], hash).IsValid);
    }

    [Fact]
    public void VerifyInclusion_IndexAtSize_SaysIndexOutOfRange()
    {
        var result = MerkleProof.VerifyInclusion(8, 8, Leaves[0], [], MerkleVectors.Root(8));
        Assert.Equal(ProofFailure.IndexOutOfRange, result.Failure);
        Assert.Equal("Leaf index 8 is not less than tree size 8.", result.Message);
    }

    [Fact]
    public void VerifyInclusion_ExtraHash_SaysWrongProofLength()
    {
        var proof = MerkleTree.InclusionProof(Leaves, 5, 8);
        var result = MerkleProof.VerifyInclusion(5, 8, Leaves[5], [.. proof, proof[0]], MerkleVectors.Root(8));
        Assert.Equal(ProofFailure.WrongProofLength, result.Failure);
        Assert.Equal("An inclusion proof for index 5 in size 8 has 3 hashes, not 4.", result.Message);
    }

    [Fact]
    public void VerifyInclusion_WrongLeaf_SaysRootMismatch()
    {
        var proof = MerkleTree.InclusionProof(Leaves, 5, 8);
        Assert.Equal(ProofFailure.RootMismatch, MerkleProof.VerifyInclusion(5, 8, Leaves[4], proof, MerkleVectors.Root(8)).Failure);
    }

    [Fact]
    public void VerifyConsistency_EmptyFirstTree_IsRejectedAsMeaningless()
    {
        var result = MerkleProof.VerifyConsistency(0, 8, [], MerkleHash.EmptyTree, MerkleVectors.Root(8));
        Assert.Equal(ProofFailure.EmptyTreeConsistency, result.Failure);
    }

    [Fact]
    public void VerifyConsistency_EqualSizesNonEmptyProof_SaysWrongProofLength()
    {
        var result = MerkleProof.VerifyConsistency(4, 4, [Leaves[0]], MerkleVectors.Root(4), MerkleVectors.Root(4));
        Assert.Equal(ProofFailure.WrongProofLength, result.Failure);
        Assert.Equal("Equal sizes (4) need an empty proof, not 1 hashes.", result.Message);
    }

    [Fact]
    public void VerifyConsistency_SizesOutOfOrder_SaysSo()
    {
        var result = MerkleProof.VerifyConsistency(8, 4, [], MerkleVectors.Root(8), MerkleVectors.Root(4));
        Assert.Equal(ProofFailure.SizesOutOfOrder, result.Failure);
    }

    [Fact]
    public void VerifyConsistency_WrongFirstRoot_SaysFirstRootMismatch()
    {
        var proof = MerkleTree.ConsistencyProof(Leaves, 6, 8);
        var result = MerkleProof.VerifyConsistency(6, 8, proof, MerkleVectors.Root(5), MerkleVectors.Root(8));
        Assert.Equal(ProofFailure.FirstRootMismatch, result.Failure);
    }
}
