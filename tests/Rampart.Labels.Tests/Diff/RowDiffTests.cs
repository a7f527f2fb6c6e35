using Rampart.Labels.Diff;
using Rampart.Labels.Rows;
using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Tests.Diff;

public sealed class RowDiffTests
{
    private static RowHashList Rows(params int[] values)
    {
        var list = new RowHashList();
        foreach (var value in values)
        {
            list.Add(MerkleHash.Leaf(BitConverter.GetBytes(value)));
        }

        return list;
    }

    [Fact]
    public void Compute_OneRowChanged_ReportsItChanged()
    {
        var diff = RowDiff.Compute(Rows(1, 2, 3, 4, 5), Rows(1, 2, 9, 4, 5), 100, default);

        Assert.Equal([(2L, 2L)], diff.Changed);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        Assert.True(diff.Exact);
        Assert.Equal(2, diff.EditDistance);
    }

    [Fact]
    public void Compute_RowInsertedInMiddle_OneAddedNoneChanged()
    {
        var diff = RowDiff.Compute(Rows(1, 2, 3, 4, 5, 6), Rows(1, 2, 3, 7, 4, 5, 6), 100, default);

        Assert.Equal([3L], diff.Added);
        Assert.Empty(diff.Changed);
        Assert.Empty(diff.Removed);
    }

    [Fact]
    public void Compute_RowDeleted_OneRemovedNoneChanged()
    {
        var diff = RowDiff.Compute(Rows(1, 2, 3, 4, 5, 6), Rows(1, 3, 4, 5, 6), 100, default);

        Assert.Equal([1L], diff.Removed);
        Assert.Empty(diff.Changed);
        Assert.Empty(diff.Added);
    }

    [Fact]
    public void Compute_TwoRowsSwapped_ReportsAMove()
    {
        var diff = RowDiff.Compute(Rows(1, 2, 3, 4, 5), Rows(1, 3, 2, 4, 5), 100, default);

        Assert.Single(diff.Moved);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        Assert.Empty(diff.Changed);
    }

    [Fact]
    public void Compute_EditLimitExceeded_FallsBackToPositional()
    {
        var diff = RowDiff.Compute(Rows(1, 2, 3, 4, 5, 6), Rows(1, 9, 2, 3, 4, 5, 8), 1, default);

        Assert.False(diff.Exact);
        Assert.Null(diff.EditDistance);

        // Past the common first row: 2..6 against 9,2,3,4,5,8 by position, then one extra current row.
        Assert.Equal(5, diff.Changed.Count);
        Assert.Equal([6L], diff.Added);
    }

    [Fact]
    public void Compute_RandomSequences_EditDistanceIsMinimal()
    {
        var random = new Random(5);
        for (var round = 0; round < 300; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(4)).ToArray();
            var b = Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(4)).ToArray();
            var diff = RowDiff.Compute(Rows(a), Rows(b), 1000, default);

            var lcs = Lcs(a, b);
            Assert.Equal(a.Length + b.Length - (2 * lcs), diff.EditDistance);

            // Every signed row is kept, changed, removed or moved; every current row kept, changed, added or moved.
            var kept = lcs;
            Assert.Equal(a.Length, kept + diff.Changed.Count + diff.Removed.Count + diff.Moved.Count);
            Assert.Equal(b.Length, kept + diff.Changed.Count + diff.Added.Count + diff.Moved.Count);
        }
    }

    private static int Lcs(int[] a, int[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                table[i, j] = a[i - 1] == b[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return table[a.Length, b.Length];
    }
}
