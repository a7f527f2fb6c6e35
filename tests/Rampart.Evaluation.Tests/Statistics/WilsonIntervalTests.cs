using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Tests.Statistics;

public sealed class WilsonIntervalTests
{
    [Theory]
    // The closed form (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), evaluated separately in Python.
    [InlineData(0, 10, 0.0, 0.2775327998628892)]
    [InlineData(5, 10, 0.236593090512564, 0.7634069094874361)]
    [InlineData(10, 10, 0.7224672001371107, 1.0)]
    [InlineData(81, 100, 0.7222115462093562, 0.8748524849023126)]
    public void Of_KnownCases_MatchTheClosedForm(int k, int n, double lower, double upper)
    {
        var (lo, hi) = WilsonInterval.Of(k, n);
        Assert.Equal(lower, lo, 9);
        Assert.Equal(upper, hi, 9);
    }

    [Fact]
    public void Of_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(1, 5, 0));
    }
}
