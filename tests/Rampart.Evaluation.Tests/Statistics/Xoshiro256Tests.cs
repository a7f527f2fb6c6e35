using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Tests.Statistics;

public sealed class Xoshiro256Tests
{
    [Fact]
    public void NextInt_SameSeed_SameSequence()
    {
        var a = new Xoshiro256(5);
        var b = new Xoshiro256(5);
        var c = new Xoshiro256(6);
        var first = Enumerable.Range(0, 10).Select(_ => a.NextInt(1000)).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 10).Select(_ => b.NextInt(1000)).ToArray());
        Assert.NotEqual(first, Enumerable.Range(0, 10).Select(_ => c.NextInt(1000)).ToArray());
    }

    [Fact]
    public void NextInt_SmallBound_Uniform()
    {
        var random = new Xoshiro256(1);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[random.NextInt(7)]++;
        }

        // Chi-square with 6 degrees of freedom; the 99.9% point is 22.5.
        var chi = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chi < 22.5, $"chi-square {chi}");
    }
}
