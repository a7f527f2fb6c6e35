using System.Text.Json;
using Rampart.ML.Onnx;

namespace Rampart.Tests;

public sealed class EvalRobustnessCommandTests
{
    /// <summary>
    /// Rows of a linear model whose class-1 margin is f = x1 + x2 (class 1 when f &gt; 0). Six rows have |f| = 0.04
    /// and two |f| = 0.08, so the exact L∞ minimum is |f| / 2 = 0.02 or 0.04 with both features mutable, and |f| =
    /// 0.04 or 0.08 with x2 immutable. Bounds (inferred) are [-0.04, 0.04] on both features.
    /// </summary>
    private const string Csv = "x1,x2,y\n0.02,0.02,1\n0.04,0.04,1\n-0.02,-0.02,0\n-0.04,-0.04,0\n0.03,0.01,1\n-0.01,-0.03,0\n0.01,0.03,1\n-0.03,-0.01,0\n";

    private static byte[] LinearModel() => new OnnxModelBuilder("linear")
        .AddInput("input", OnnxDataType.Float, null, 2)
        .AddInitializer("w", [0f, 0f, 1f, 1f], 2, 2)
        .AddInitializer("b", [0f, 0f], 2)
        .AddNode("Gemm", ["input", "w", "b"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
        .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
        .AddOutput("probabilities", OnnxDataType.Float, null, 2)
        .AddMetadata("rampart.class_labels", "0,1")
        .ToBytes();

    private static (TempFolder Folder, string Model, string Data) Files()
    {
        var folder = new TempFolder();
        var data = folder.Write("test.csv", Csv);
        var model = Path.Combine(folder.Path, "m.onnx");
        File.WriteAllBytes(model, LinearModel());
        return (folder, model, data);
    }

    private static string[] Row(string stdout, string epsilon) =>
        stdout.Split('\n').First(l => l.StartsWith("  " + epsilon + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task EvalRobustness_FgsmOnLinearModel_FoolsExactlyTheRowsWithinEpsilon()
    {
        var (folder, model, data) = Files();
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", "--attack", "fgsm", "--epsilons", "0,0.01,0.03,0.05");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("8 of 8 rows (--max-rows), label 'y', norm Linf, seed 0", stdout, StringComparison.Ordinal);
        Assert.Contains("Clean accuracy: 1\n", stdout, StringComparison.Ordinal);
        Assert.Contains("FGSM (L-infinity)", stdout, StringComparison.Ordinal);

        // ε = 0 and 0.01 are below every row's minimum 0.02; 0.03 fools the six rows at 0.02; 0.05 every row.
        Assert.Equal(["0", "1", "0", "-", "-", "-"], Row(stdout, "0"));
        Assert.Equal(["0.01", "1", "0", "n/a", "n/a"], Row(stdout, "0.01")[..5]);
        Assert.Equal(["0.03", "0.25", "0.75", "0.03"], Row(stdout, "0.03")[..4]);
        Assert.Equal(["0.05", "0", "1", "0.05"], Row(stdout, "0.05")[..4]);
    }

    [Fact]
    public async Task EvalRobustness_ImmutableColumn_OnlyTheOtherFeatureMoves()
    {
        var (folder, model, data) = Files();
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", "--attack", "fgsm", "--epsilons", "0.03,0.05", "--immutable", "x2");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("immutable columns [x2] (1 immutable feature(s): x2)", stdout, StringComparison.Ordinal);

        // With x2 fixed the minimum is |f| (0.04 or 0.08): none fooled at 0.03, six of eight at 0.05.
        Assert.Equal(["0.03", "1", "0"], Row(stdout, "0.03")[..3]);
        Assert.Equal(["0.05", "0.25", "0.75"], Row(stdout, "0.05")[..3]);
    }

    [Fact]
    public async Task EvalRobustness_EveryColumnImmutable_NoAttackOrCorruptionChangesAnyRow()
    {
        var (folder, model, data) = Files();
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", "--epsilons", "0.05,1", "--immutable", "x1", "x2", "--format", "json");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("clean_accuracy").GetDouble());
        Assert.Equal(["x1", "x2"], root.GetProperty("constraints").GetProperty("immutable_columns").EnumerateArray().Select(e => e.GetString()));
        var attacks = root.GetProperty("attacks").EnumerateArray().ToList();
        Assert.Equal(["fgsm", "pgd", "hsj", "square"], attacks.Select(a => a.GetProperty("attack").GetString()));
        foreach (var attack in attacks.Where(a => a.GetProperty("attack").GetString() != "hsj"))
        {
            Assert.All(attack.GetProperty("points").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("success_rate").GetDouble()));
        }

        var natural = root.GetProperty("natural").EnumerateArray().ToList();
        Assert.Equal(4, natural.Count);
        Assert.All(natural.SelectMany(c => c.GetProperty("points").EnumerateArray()), p => Assert.Equal(1, p.GetProperty("accuracy").GetDouble()));
    }

    [Fact]
    public async Task EvalRobustness_JsonAllAttacks_PointsPerEpsilonAndBlackBoxQueries()
    {
        var (folder, model, data) = Files();
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", "--epsilons", "0,0.05", "--format", "json", "--seed", "3");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var attacks = json.RootElement.GetProperty("attacks").EnumerateArray().ToDictionary(a => a.GetProperty("attack").GetString()!);
        foreach (var name in new[] { "fgsm", "pgd", "hsj", "square" })
        {
            var points = attacks[name].GetProperty("points");
            Assert.Equal(2, points.GetArrayLength());
            Assert.Equal(1, points[0].GetProperty("accuracy").GetDouble());
            Assert.Equal(0, points[1].GetProperty("accuracy").GetDouble());
        }

        var hsj = attacks["hsj"].GetProperty("summary");
        Assert.Equal(1, hsj.GetProperty("success_rate").GetDouble());
        Assert.True(hsj.GetProperty("mean_queries").GetDouble() > 100);

        // HopSkipJump's minimal L∞ distances are at least the exact minimum (0.02 or 0.04) less the float rounding.
        Assert.InRange(hsj.GetProperty("median_perturbation").GetDouble(), 0.0199, 0.05);
        var again = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", "--epsilons", "0,0.05", "--format", "json", "--seed", "3");
        Assert.Equal(stdout, again.Out);
    }

    [Fact]
    public async Task EvalRobustness_ModelWithoutGradients_WhiteBoxSkippedBlackBoxRun()
    {
        using var folder = new TempFolder();
        var data = folder.Write("test.csv", Csv);
        var model = Path.Combine(folder.Path, "neg.onnx");

        // The same linear model behind Neg(Neg(x)): the interpreter does not differentiate Neg.
        File.WriteAllBytes(model, new OnnxModelBuilder("neg")
            .AddInput("input", OnnxDataType.Float, null, 2)
            .AddInitializer("w", [0f, 0f, 1f, 1f], 2, 2)
            .AddInitializer("b", [0f, 0f], 2)
            .AddNode("Neg", ["input"], ["n1"])
            .AddNode("Neg", ["n1"], ["n2"])
            .AddNode("Gemm", ["n2", "w", "b"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
            .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
            .AddOutput("probabilities", OnnxDataType.Float, null, 2)
            .AddMetadata("rampart.class_labels", "0,1")
            .ToBytes());
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", "--attack", "all", "--epsilons", "0.05");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("Skipped FGSM: white-box attacks need input gradients, which this model does not give (operator Neg", stdout, StringComparison.Ordinal);
        Assert.Contains("Skipped PGD: white-box attacks need input gradients", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("FGSM (L-infinity)", stdout, StringComparison.Ordinal);
        Assert.Contains("Square (100 iterations)", stdout, StringComparison.Ordinal);
        Assert.Equal(["0.05", "0", "1"], Row(stdout, "0.05")[..3]);
    }

    [Fact]
    public async Task EvalRobustness_SquareWithL2_SkippedWithMessage()
    {
        var (folder, model, data) = Files();
        using var _ = folder;
        var (exit, stdout, _) = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", "--attack", "square", "--norm", "2");
        Assert.Equal(0, exit);
        Assert.Contains("Skipped Square: the Square attack is L-infinity only; skipped under the L2 norm.", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--immutable", "x3", "x1")]
    [InlineData("--label", "yy", "y")]
    public async Task EvalRobustness_UnknownColumn_Exit1WithSuggestion(string option, string value, string suggestion)
    {
        var (folder, model, data) = Files();
        using var _ = folder;
        string[] args = option == "--label"
            ? ["eval", "robustness", "--model", model, "--data", data, "--label", value]
            : ["eval", "robustness", "--model", model, "--data", data, "--label", "y", option, value];
        var (exit, _, stderr) = await CliRunner.RunAsync(args);
        Assert.Equal(1, exit);
        Assert.Contains(value, stderr, StringComparison.Ordinal);
        Assert.Contains($"Did you mean '{suggestion}'", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--epsilons", "0,abc", "--epsilons: 'abc' is not a budget")]
    [InlineData("--epsilons", "0", "--epsilons: give at least one positive budget")]
    [InlineData("--max-rows", "0", "--max-rows: 0 is not a row count")]
    public async Task EvalRobustness_BadOption_Exit1NamingIt(string option, string value, string message)
    {
        var (folder, model, data) = Files();
        using var _ = folder;
        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "robustness", "--model", model, "--data", data, "--label", "y", option, value);
        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
