using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Tests.Statistics;

public sealed class SamplingTests
{
    [Theory]
    [InlineData(20, 0.1)] // inversion
    [InlineData(1000, 0.3)] // BTRS
    [InlineData(1_000_000, 0.75)] // BTRS on 1 - p
    [InlineData(50, 0.5)]
    public void Binomial_ManyDraws_MeanAndVarianceMatch(long n, double p)
    {
        var random = new Xoshiro256(11);
        const int Draws = 40_000;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Draws; i++)
        {
            double x = Sampling.Binomial(random, n, p);
            Assert.InRange(x, 0, n);
            sum += x;
            sumSquares += x * x;
        }

        var mean = sum / Draws;
        var variance = (sumSquares / Draws) - (mean * mean);
        var sd = Math.Sqrt(n * p * (1 - p));
        Assert.Equal(n * p, mean, 5 * sd / Math.Sqrt(Draws));
        Assert.InRange(variance / (sd * sd), 0.95, 1.05);
    }

    [Fact]
    public void Binomial_SmallN_MatchesExactProbabilities()
    {
        // Chi-square goodness of fit against the exact pmf of Binomial(30, 0.4) (n·p = 12, so BTRS is used).
        var random = new Xoshiro256(5);
        const int Draws = 100_000;
        var counts = new int[31];
        for (var i = 0; i < Draws; i++)
        {
            counts[Sampling.Binomial(random, 30, 0.4)]++;
        }

        double chi = 0;
        var cells = 0;
        for (var k = 0; k <= 30; k++)
        {
            var expected = Draws * Math.Exp(Sampling.LogFactorial(30) - Sampling.LogFactorial(k) - Sampling.LogFactorial(30 - k) + (k * Math.Log(0.4)) + ((30 - k) * Math.Log(0.6)));
            if (expected >= 5)
            {
                chi += (counts[k] - expected) * (counts[k] - expected) / expected;
                cells++;
            }
        }

        // About 22 cells; the 99.9% point of chi-square with 21 degrees of freedom is 46.8.
        Assert.True(chi < 46.8, $"chi-square {chi} over {cells} cells");
    }

    [Theory]
    [InlineData(0, 0.5, 0)]
    [InlineData(10, 0, 0)]
    [InlineData(10, 1, 10)]
    public void Binomial_EdgeCases_Exact(long n, double p, long expected) =>
        Assert.Equal(expected, Sampling.Binomial(new Xoshiro256(1), n, p));

    [Fact]
    public void Multinomial_Draw_SumsToNAndRespectsEmptyCells()
    {
        var random = new Xoshiro256(2);
        long[] counts = [5, 0, 3, 2];
        var result = new long[4];
        for (var i = 0; i < 1000; i++)
        {
            Sampling.Multinomial(random, 10, counts, result);
            Assert.Equal(10, result.Sum());
            Assert.Equal(0, result[1]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(100_000)]
    public void LogFactorial_MatchesSumOfLogs(int k)
    {
        var exact = 0.0;
        for (var i = 2; i <= k; i++)
        {
            exact += Math.Log(i);
        }

        Assert.Equal(exact, Sampling.LogFactorial(k), Math.Max(1e-12, exact * 1e-13));
    }

    [Fact]
    public void Quantile_LinearInterpolation_MatchesNumpy()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(1.075, Sampling.Quantile(sorted, 0.025), 12);
        Assert.Equal(3.925, Sampling.Quantile(sorted, 0.975), 12);
        Assert.Equal(2.5, Sampling.Quantile(sorted, 0.5), 12);
    }
}
