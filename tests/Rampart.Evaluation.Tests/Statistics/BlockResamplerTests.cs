using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Tests.Statistics;

public sealed class BlockResamplerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void Sums_AllOnes_ExactlyNDraws(int n)
    {
        var values = Enumerable.Repeat(1.0, n).ToArray();
        var (abs, square, sum) = BlockResampler.Sums(new Xoshiro256(3), values, n);
        Assert.Equal(n, sum);
        Assert.Equal(n, abs);
        Assert.Equal(n, square);
    }

    [Fact]
    public void Sums_ManyReplicates_BootstrapMeanHasTextbookMoments()
    {
        // The mean of a resample of n values has expectation mean(x) and variance popvar(x) / n.
        var source = new Xoshiro256(4);
        var values = Enumerable.Range(0, 1000).Select(i => (i % 7 == 0 ? 5.0 : 0.0) + source.NextDouble()).ToArray();
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        var random = new Xoshiro256(5);
        const int Replicates = 4000;
        var means = new double[Replicates];
        for (var r = 0; r < Replicates; r++)
        {
            means[r] = BlockResampler.Sums(random, values, values.Length).Sum / values.Length;
        }

        var expectedVariance = variance / values.Length;
        var observedMean = means.Average();
        var observedVariance = means.Sum(m => (m - observedMean) * (m - observedMean)) / (Replicates - 1);
        Assert.Equal(mean, observedMean, 4 * Math.Sqrt(expectedVariance / Replicates));
        Assert.InRange(observedVariance / expectedVariance, 0.9, 1.1);
    }

    [Fact]
    public void Sums_SkewedBlock_EveryValueDrawnAboutOnceOnAverage()
    {
        // Each position is drawn once per resample on average, wherever it sits in the recursive split.
        const int N = 300;
        var hits = new double[3];
        var random = new Xoshiro256(6);
        for (var r = 0; r < 3000; r++)
        {
            foreach (var (position, slot) in new[] { (0, 0), (N / 2, 1), (N - 1, 2) })
            {
                var values = new double[N];
                values[position] = 1;
                hits[slot] += BlockResampler.Sums(random, values, N).Sum;
            }
        }

        Assert.All(hits, h => Assert.InRange(h / 3000, 0.9, 1.1));
    }
}
