using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

public sealed class DatasetSplitsTests
{
    private static readonly int[] Classes = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2];

    // Pinned from a run: System.Random's seeded sequence is stable across .NET versions, so these must not change.
    private static readonly int[] PinnedTrainTest = [2, 3, 6];
    private static readonly int[] PinnedStratified = [0, 1, 7, 11];
    private static readonly int[] PinnedFold0 = [2, 4, 8, 11];

    // The same seed as the train/test case: the first three draws are the test rows above.
    private static readonly int[] PinnedSample = [6, 2, 3, 0];

    [Fact]
    public void TrainTest_SmallCase_GivesThePinnedIndices()
    {
        var split = DatasetSplits.TrainTest(10, 0.3, seed: 42);

        Assert.Equal(PinnedTrainTest, split.Test.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Except(PinnedTrainTest), split.Train);
    }

    [Fact]
    public void TrainTest_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var a = DatasetSplits.TrainTest(1000, 0.25, seed: 7);
        var b = DatasetSplits.TrainTest(1000, 0.25, seed: 7);
        var c = DatasetSplits.TrainTest(1000, 0.25, seed: 8);

        Assert.Equal(a.Test.ToArray(), b.Test.ToArray());
        Assert.NotEqual(a.Test.ToArray(), c.Test.ToArray());
        Assert.Equal(250, a.Test.Length);
        Assert.Equal(Enumerable.Range(0, 1000), a.Train.Concat(a.Test).Order());
    }

    [Fact]
    public void StratifiedTrainTest_KeepsEachClassShare()
    {
        var split = DatasetSplits.StratifiedTrainTest(Classes, 1.0 / 3, seed: 1);

        Assert.Equal(4, split.Test.Length);
        Assert.Equal([2, 1, 1], Enumerable.Range(0, 3).Select(c => split.Test.Count(r => Classes[r] == c)));
        Assert.Equal(Enumerable.Range(0, 12), split.Train.Concat(split.Test).Order());
        Assert.Equal(PinnedStratified, split.Test.ToArray());
    }

    [Fact]
    public void StratifiedKFold_EveryRowTestedOnceAndClassesSpread()
    {
        var folds = DatasetSplits.StratifiedKFold(Classes, 3, seed: 5);

        Assert.Equal(3, folds.Length);
        Assert.Equal(Enumerable.Range(0, 12), folds.SelectMany(f => f.Test).Order());
        Assert.All(folds, f => Assert.Equal(4, f.Test.Length));
        Assert.All(folds, f => Assert.Equal(2, f.Test.Count(r => Classes[r] == 0)));
        Assert.All(folds, f => Assert.Empty(f.Train.Intersect(f.Test)));
        Assert.Equal(PinnedFold0, folds[0].Test.ToArray());
    }

    [Fact]
    public void KFold_SizesDifferByAtMostOne()
    {
        var folds = DatasetSplits.KFold(11, 3, seed: 3);

        Assert.Equal([4, 4, 3], folds.Select(f => f.Test.Length));
        Assert.Equal(Enumerable.Range(0, 11), folds.SelectMany(f => f.Test).Order());
    }

    [Fact]
    public void Sample_WithoutReplacement_DistinctRowsInDrawOrder()
    {
        var sample = DatasetSplits.Sample(10, 4, withReplacement: false, seed: 42);

        Assert.Equal(PinnedSample, sample.ToArray());
        Assert.Equal(4, sample.Distinct().Count());
    }

    [Fact]
    public void Sample_WithReplacement_IsPinnedAndInRange()
    {
        var sample = DatasetSplits.Sample(5, 8, withReplacement: true, seed: 42);
        var expected = new Random(42);

        Assert.Equal(Enumerable.Range(0, 8).Select(_ => expected.Next(5)), sample);
    }

    [Fact]
    public void StratifiedSample_ApportionsByLargestRemainder()
    {
        var sample = DatasetSplits.StratifiedSample(Classes, 5, seed: 9);

        // Shares 2.5, 1.25, 1.25: floors 2, 1, 1 and the one left goes to the largest remainder (class 0).
        Assert.Equal([3, 1, 1], Enumerable.Range(0, 3).Select(c => sample.Count(r => Classes[r] == c)));
        Assert.Equal(5, sample.Distinct().Count());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void TrainTest_BadFraction_Throws(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplits.TrainTest(10, fraction, 1));

    [Fact]
    public void KFold_MoreFoldsThanRows_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplits.KFold(2, 3, 1));

    [Fact]
    public async Task SelectRows_WithSplit_GivesMatchingLabels()
    {
        var data = await CsvText.ReadValidAsync("x,y\n1,a\n2,b\n3,a\n4,b\n", new DatasetReadOptions { Label = "y" });
        var split = DatasetSplits.StratifiedTrainTest(data.Label!.ClassIndices, 0.5, seed: 2);

        var test = data.SelectRows(split.Test.AsSpan());

        Assert.Equal(2, test.RowCount);
        Assert.Null(test.Sha256);
        Assert.Equal([1, 1], test.Label!.ClassCounts().ToArray());
        Assert.Equal(split.Test.Select(r => (float)(r + 1)), test["x"].Numbers.ToArray());
    }
}
