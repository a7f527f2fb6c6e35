using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Evaluation.Fairness;
using Rampart.ML.Onnx;

namespace Rampart.Tests;

public sealed class MitigateCommandTests
{
    /// <summary>ONNX: logits (0, x), so P(class "1") = σ(x).</summary>
    private static byte[] SigmoidModel() => new OnnxModelBuilder("sigmoid")
        .AddInput("input", OnnxDataType.Float, null, 1)
        .AddInitializer("w", [0f, 1f], 2, 1)
        .AddInitializer("b", [0f, 0f], 2)
        .AddNode("Gemm", ["input", "w", "b"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
        .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
        .AddOutput("probabilities", OnnxDataType.Float, null, 2)
        .AddMetadata("rampart.class_labels", "0,1")
        .ToBytes();

    /// <summary>Rows whose score σ(x) is the given probability.</summary>
    private static string ScoreCsv(params (double Score, string Group, int Y)[] rows)
    {
        var sb = new StringBuilder("x,g,y\n");
        foreach (var (score, group, y) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Math.Log(score / (1 - score)):R},{group},{y}\n");
        }

        return sb.ToString();
    }

    // The hand-computed case of ThresholdOptimizerTests: target selection rate .75; a keeps its top three, b selects
    // everybody with probability .25.
    private static readonly (double, string, int)[] HandCase = [(0.9, "a", 1), (0.8, "a", 1), (0.7, "a", 1), (0.2, "a", 0), (0.6, "b", 0), (0.3, "b", 0)];

    private static (TempFolder Folder, string Model, string Data) Files(string csv)
    {
        var folder = new TempFolder();
        var data = folder.Write("data.csv", csv);
        var model = Path.Combine(folder.Path, "m.onnx");
        File.WriteAllBytes(model, SigmoidModel());
        return (folder, model, data);
    }

    [Fact]
    public async Task Thresholds_HandComputedCase_WritesPolicyAndPrintsTradeoff()
    {
        var (folder, model, data) = Files(ScoreCsv(HandCase));
        using var _ = folder;
        var policyPath = Path.Combine(folder.Path, "policy.json");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("mitigate", "thresholds", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--favourable", "1", "--output", policyPath);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");

        using var policy = JsonDocument.Parse(File.ReadAllText(policyPath));
        var root = policy.RootElement;
        Assert.Equal("rampart-thresholds/v1", root.GetProperty("format").GetString());
        Assert.Equal("demographic_parity", root.GetProperty("constraint").GetString());
        Assert.Equal("1", root.GetProperty("favourable_class").GetString());
        Assert.Equal(0.75, root.GetProperty("target_rate").GetDouble(), 12);
        Assert.Equal(0.75, root.GetProperty("expected_accuracy").GetDouble(), 6);
        var a = root.GetProperty("groups")[0];
        Assert.Equal(0, a.GetProperty("p0").GetDouble(), 12);
        Assert.Equal(0.2, a.GetProperty("threshold1").GetDouble(), 6);
        var b = root.GetProperty("groups")[1];
        Assert.Equal(0.25, b.GetProperty("p0").GetDouble(), 12);
        Assert.Equal("Infinity", b.GetProperty("threshold0").GetString());
        Assert.Equal("-Infinity", b.GetProperty("threshold1").GetString());

        // Before: σ(x) > 0.5 selects 0.9, 0.8, 0.7 and 0.6: accuracy 5/6, selection rates .75 and .5.
        var lines = stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("accuracy ", StringComparison.Ordinal) && l.Contains(" 0.8333 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("demographic_parity_difference ", StringComparison.Ordinal) && l.Contains(" 0.2500 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("selection_rate a ", StringComparison.Ordinal) && l.Contains("0.7500    0.7500", StringComparison.Ordinal));
        Assert.Contains("target rate 0.75, expected accuracy 0.75", stdout, StringComparison.Ordinal);
        Assert.Contains("Wrote the demographic_parity thresholds of 2 group(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thresholds_JsonFormat_BeforeAndAfterNumbers()
    {
        var (folder, model, data) = Files(ScoreCsv(HandCase));
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("mitigate", "thresholds", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--favourable", "1", "--format", "json", "--output", Path.Combine(folder.Path, "p.json"));
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var report = JsonDocument.Parse(stdout);
        var before = report.RootElement.GetProperty("before");
        Assert.Equal(5.0 / 6, before.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(0.25, before.GetProperty("demographic_parity_difference").GetDouble(), 12);
        Assert.Equal(0.5, before.GetProperty("selection_rate").GetProperty("b").GetDouble(), 12);
        Assert.Equal("g", report.RootElement.GetProperty("grouping").GetString());
    }

    [Fact]
    public async Task Thresholds_EqualizedOddsGroupWithoutPositives_Exit1NamingGroup()
    {
        var (folder, model, data) = Files(ScoreCsv(HandCase));
        using var _ = folder;
        var output = Path.Combine(folder.Path, "p.json");
        var (exit, _, stderr) = await CliRunner.RunAsync("mitigate", "thresholds", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--favourable", "1", "--constraint", "equalized-odds", "--output", output);
        Assert.Equal(1, exit);
        Assert.Contains("groups.b", stderr, StringComparison.Ordinal);
        Assert.Contains("data.csv", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("--sensitive", "grp", "'grp' is not in the header")]
    [InlineData("--favourable", "yes", "'yes' is not one of the classes")]
    [InlineData("--label", "why", "'why'")]
    public async Task Thresholds_BadNames_Exit1NamingThem(string option, string value, string expected)
    {
        var (folder, model, data) = Files(ScoreCsv(HandCase));
        using var _ = folder;
        string[] args = ["mitigate", "thresholds", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--favourable", "1", "--output", Path.Combine(folder.Path, "p.json")];
        args[Array.IndexOf(args, option) + 1] = value;
        var (exit, _, stderr) = await CliRunner.RunAsync(args);
        Assert.Equal(1, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thresholds_MissingModel_Exit1NamingFile()
    {
        var (folder, _, data) = Files(ScoreCsv(HandCase));
        using var __ = folder;
        var missing = Path.Combine(folder.Path, "nope.onnx");
        var (exit, _, stderr) = await CliRunner.RunAsync("mitigate", "thresholds", "--model", missing, "--data", data, "--label", "y", "--sensitive", "g", "--output", Path.Combine(folder.Path, "p.json"));
        Assert.Equal(1, exit);
        Assert.Contains("nope.onnx", stderr, StringComparison.Ordinal);
    }

    /// <summary>Group b has a lower base rate; 'proxy' reveals the group, x1 and x2 drive the label.</summary>
    private static string BiasedTrainingCsv(int rows, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var sb = new StringBuilder("x1,x2,proxy,group,approved\n");
        for (var i = 0; i < rows; i++)
        {
            var b = random.NextDouble() < 0.4;
            var (x1, x2) = (Gaussian(), Gaussian());
            var proxy = (b ? 1 : 0) + (0.5 * Gaussian());
            var logit = (1.5 * x1) + (0.8 * x2) + (b ? -1.5 : 0.8);
            var y = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
            sb.Append(CultureInfo.InvariantCulture, $"{x1:F4},{x2:F4},{proxy:F4},{(b ? "b" : "a")},{y}\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task Expgrad_BiasedData_WritesMixtureAndMembersAndGapShrinks()
    {
        using var folder = new TempFolder();
        var data = folder.Write("train.csv", BiasedTrainingCsv(600, 5));
        var output = Path.Combine(folder.Path, "out");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("mitigate", "expgrad", "--data", data, "--label", "approved", "--sensitive", "group", "--favourable", "yes", "--format", "json", "--output", output);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");

        using var report = JsonDocument.Parse(stdout);
        var before = report.RootElement.GetProperty("before").GetProperty("demographic_parity_difference").GetDouble();
        var after = report.RootElement.GetProperty("after").GetProperty("demographic_parity_difference").GetDouble();
        Assert.True(before > 0.15, $"before {before}");
        Assert.True(after < before / 2, $"after {after}, before {before}");

        using var mixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "mixture.json")));
        var root = mixture.RootElement;
        Assert.Equal("rampart-mixture/v1", root.GetProperty("format").GetString());
        Assert.Equal("demographic_parity", root.GetProperty("constraint").GetString());
        Assert.Equal(0.01, root.GetProperty("eps").GetDouble());
        var members = root.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(1.0, members.Sum(m => m.GetProperty("weight").GetDouble()), 9);
        Assert.Equal(["x1 (standardised)", "x2 (standardised)", "proxy (standardised)"], root.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToArray());
        foreach (var member in members.Where(m => m.TryGetProperty("onnx", out _)))
        {
            var loaded = ModelUnderTest.LoadOnnx(Path.Combine(output, member.GetProperty("onnx").GetString()!));
            Assert.True(loaded.IsValid);
            Assert.Equal(["no", "yes"], loaded.Value!.Classes.ToArray());
            Assert.Equal(3, member.GetProperty("coefficients").GetArrayLength());
        }

        Assert.True(File.Exists(Path.Combine(output, "baseline.onnx")));
        Assert.Equal(stdout, (await CliRunner.RunAsync("mitigate", "expgrad", "--data", data, "--label", "approved", "--sensitive", "group", "--favourable", "yes", "--format", "json", "--output", output)).Out);
    }

    [Fact]
    public async Task Expgrad_BadOptions_Exit1NamingThem()
    {
        using var folder = new TempFolder();
        var data = folder.Write("train.csv", BiasedTrainingCsv(50, 1));
        var (exit, _, stderr) = await CliRunner.RunAsync("mitigate", "expgrad", "--data", data, "--label", "approved", "--sensitive", "group", "--eps", "0", "--max-iter", "0", "--output", Path.Combine(folder.Path, "out"));
        Assert.Equal(1, exit);
        Assert.Contains("eps: 0 is out of range", stderr, StringComparison.Ordinal);
        Assert.Contains("max_iter: 0 is out of range", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "out")));

        var numeric = folder.Write("numeric.csv", "x,g,y\n1,a,0.5\n2,b,1.5\n3,a,2.5\n");
        (exit, _, stderr) = await CliRunner.RunAsync("mitigate", "expgrad", "--data", numeric, "--label", "y", "--sensitive", "g", "--output", Path.Combine(folder.Path, "out"));
        Assert.Equal(1, exit);
        Assert.Contains("numeric.csv: y: the label is numeric", stderr, StringComparison.Ordinal);
    }
}
