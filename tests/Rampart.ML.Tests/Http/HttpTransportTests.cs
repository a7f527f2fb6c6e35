using Rampart.ML.Http;

namespace Rampart.Tests.ML.Http;

public sealed class HttpTransportTests
{
    [Fact]
    public void Backoff_SeededJitter_IsDoublingCappedAndRepeatable()
    {
        var options = new MlflowPredictorOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            RetryMaxDelay = TimeSpan.FromMilliseconds(350),
            JitterSeed = 42,
        };
        using var first = new HttpTransport(options, null, "test");
        using var second = new HttpTransport(options, null, "test");
        double[] caps = [100, 200, 350, 350];
        for (var retry = 1; retry <= caps.Length; retry++)
        {
            var delay = first.Backoff(retry).TotalMilliseconds;
            Assert.InRange(delay, caps[retry - 1] * 0.5, caps[retry - 1]);
            Assert.Equal(delay, second.Backoff(retry).TotalMilliseconds);
        }
    }
}
