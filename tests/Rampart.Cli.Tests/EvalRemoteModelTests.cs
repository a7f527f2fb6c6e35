using System.Globalization;
using System.Text;
using Rampart.Tests.ML.Http;

namespace Rampart.Tests;

/// <summary>The evaluation commands on a model served over KServe v2 (the emulator serves a two-feature logistic model on 127.0.0.1).</summary>
public sealed class EvalRemoteModelTests
{
    private static string Csv()
    {
        var sb = new StringBuilder("x0,x1,y\n");
        var random = new Random(4);
        for (var i = 0; i < 12; i++)
        {
            var (x0, x1) = (Math.Round(random.NextDouble() * 2, 3), Math.Round(random.NextDouble() * 2, 3));
            sb.Append(CultureInfo.InvariantCulture, $"{x0},{x1},{(Logistic.Positive(x0, x1) >= 0.5 ? 1 : 0)}\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task EvalRobustness_KServeUrl_BlackBoxAttacksRunWhiteBoxSkippedWithReason()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var folder = new TempFolder();
        var data = folder.Write("test.csv", Csv());
        var url = new Uri(server.BaseAddress, "v2/models/logit").AbsoluteUri;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "robustness", "--model", url, "--data", data, "--label", "y", "--epsilons", "0,0.5");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.True(stdout.Contains("Clean accuracy: 1\n", StringComparison.Ordinal), stdout);
        Assert.True(stdout.Contains($"Skipped FGSM: white-box attacks need input gradients, which this model does not give (kserve-v2 {url} output 'probabilities' gives predictions only); skipped.", StringComparison.Ordinal), stdout);
        Assert.Contains("HopSkipJump (10 iterations", stdout, StringComparison.Ordinal);
        Assert.Contains("Square (100 iterations)", stdout, StringComparison.Ordinal);
        Assert.Contains("robustness: HopSkipJump\n", stderr, StringComparison.Ordinal);
        Assert.True(server.Requests.Count(r => r.Path.EndsWith("/infer", StringComparison.Ordinal)) > 10);
    }

    [Fact]
    public async Task EvalExplain_KServeUrl_PermutationImportanceOfBothFeatures()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var folder = new TempFolder();
        var data = folder.Write("test.csv", Csv());
        var url = new Uri(server.BaseAddress, "v2/models/logit").AbsoluteUri;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "explain", "--model", url, "--data", data, "--label", "y", "--method", "kernel");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("KernelSHAP of P(class = 1): 12 rows, 12 background rows", stdout, StringComparison.Ordinal);
        Assert.Contains("  x0", stdout, StringComparison.Ordinal);
        Assert.Contains("  x1", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("robustness")]
    [InlineData("explain")]
    public async Task Eval_UrlThatIsNotAModelUrl_UsageErrorNamingIt(string command)
    {
        using var folder = new TempFolder();
        var data = folder.Write("test.csv", Csv());
        var (exit, _, stderr) = await CliRunner.RunAsync("eval", command, "--model", "http://127.0.0.1:9/models/logit", "--data", data, "--label", "y");
        Assert.Equal(1, exit);
        Assert.Contains("--model: 'http://127.0.0.1:9/models/logit' is not a KServe v2 model URL (http://host:port/v2/models/NAME).", stderr, StringComparison.Ordinal);
    }
}
