using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.ML.Onnx;

namespace Rampart.Tests;

public sealed class EvalExplainCommandTests
{
    /// <summary>P(class 1) = σ(4·x1 − 2) from inputs (x1, x2): x2 is unused. σ(2) = 0.880797, σ(−2) = 0.119203.</summary>
    private static byte[] LinearModel() => new OnnxModelBuilder("linear")
        .AddInput("input", OnnxDataType.Float, null, 2)
        .AddInitializer("w", [0f, 0f, 4f, 0f], 2, 2)
        .AddInitializer("b", [0f, -2f], 2)
        .AddNode("Gemm", ["input", "w", "b"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
        .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
        .AddOutput("probabilities", OnnxDataType.Float, null, 2)
        .AddMetadata("rampart.class_labels", "0,1")
        .ToBytes();

    /// <summary>40 rows x1,x2,g,y: x1 alternates 0/1 (y = x1), x2 takes 0..3, g is a for rows 1–20 and b after (independent of x1 when <paramref name="proxy"/> is false), or g follows x1 when it is true.</summary>
    private static string Csv(bool proxy)
    {
        var sb = new StringBuilder("x1,x2,g,y\n");
        for (var i = 0; i < 40; i++)
        {
            var x1 = i % 2;
            var g = proxy ? (x1 == 1 ? "b" : "a") : (i < 20 ? "a" : "b");
            sb.Append(CultureInfo.InvariantCulture, $"{x1},{i / 2 % 4},{g},{x1}\n");
        }

        return sb.ToString();
    }

    private static (TempFolder Folder, string Model, string Data) Files(bool proxy)
    {
        var folder = new TempFolder();
        var data = folder.Write("test.csv", Csv(proxy));
        var model = Path.Combine(folder.Path, "m.onnx");
        File.WriteAllBytes(model, LinearModel());
        return (folder, model, data);
    }

    [Fact]
    public async Task EvalExplain_LinearModelUnusedFeature_ZeroImportanceExactShapAndExit0()
    {
        var (folder, model, data) = Files(proxy: false);
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--background", "40", "--rows", "2", "1");
        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");
        var lines = stdout.Split('\n');

        // Base value: the mean of σ(±2) over a balanced background is exactly 0.5; |φ(x1)| = σ(2) − 0.5 on every row.
        Assert.Contains("KernelSHAP of P(class = 1): 40 rows, 40 background rows, base value 0.5, exact", stdout, StringComparison.Ordinal);
        Assert.Contains("  x1      0.3808       1", lines);
        Assert.Contains("  x2      0            0", lines);
        Assert.Contains("Permutation importance (Accuracy, baseline 1, 5 repeats, 95% range)", stdout, StringComparison.Ordinal);
        Assert.Contains("  x2       0        0        0 to 0", lines);
        Assert.Contains("  if x1 = 1 <= 0.5 then predicted class = 0 (100% of 15 rows)", stdout, StringComparison.Ordinal);
        Assert.Contains("  if x1 = 1 > 0.5 then predicted class = 1 (100% of 15 rows)", stdout, StringComparison.Ordinal);
        Assert.Contains("Surrogate tree of predicted class: fidelity 1 on 10 held-out rows (1 on 30 training rows)", stdout, StringComparison.Ordinal);
        Assert.Contains("Row 2: P(class = 1) = 0.8808 (base 0.5)\n  x1  +0.3808\n  x2  +0\n", stdout, StringComparison.Ordinal);
        Assert.Contains("Row 1: P(class = 1) = 0.1192 (base 0.5)\n  x1  -0.3808\n  x2  +0\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("Result: PASS: no sensitive attribute or proxy exceeds the share limit, alone or together.\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalExplain_SensitiveColumnDrivesOutputThroughProxy_Exit2WithJsonFinding()
    {
        var (folder, model, data) = Files(proxy: true);
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--format", "json", "--method", "kernel");
        Assert.True(exit == 2, $"exit {exit}: {stderr}\n{stdout}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(20, root.GetProperty("kernelShap").GetProperty("backgroundRows").GetInt32());
        var columns = root.GetProperty("kernelShap").GetProperty("columns");
        Assert.Equal("x1", columns[0].GetProperty("column").GetString());
        Assert.Equal(1.0, columns[0].GetProperty("share").GetDouble(), 12);
        Assert.Equal(0.0, columns[1].GetProperty("meanAbsoluteShap").GetDouble());
        Assert.False(root.TryGetProperty("permutationImportance", out var _));
        var proxy = root.GetProperty("proxyCheck");
        Assert.False(proxy.GetProperty("passed").GetBoolean());
        var finding = proxy.GetProperty("findings")[0];
        Assert.Equal("x1", finding.GetProperty("column").GetString());
        Assert.Equal("g", finding.GetProperty("sensitiveAttribute").GetString());
        Assert.False(finding.GetProperty("isSensitiveAttribute").GetBoolean());
        Assert.Equal(1.0, finding.GetProperty("association").GetDouble(), 9);
    }

    [Fact]
    public async Task EvalExplain_SameSeed_SameOutput()
    {
        var (folder, model, data) = Files(proxy: false);
        using var _ = folder;
        string[] args = ["eval", "explain", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--max-rows", "12", "--background", "5", "--seed", "7"];
        var first = await CliRunner.RunAsync(args);
        var second = await CliRunner.RunAsync(args);
        Assert.Equal(0, first.Exit);
        Assert.Contains("40 rows, 12 sampled (seed 7)", first.Out, StringComparison.Ordinal);
        Assert.Equal(first.Out, second.Out);
    }

    [Fact]
    public async Task EvalExplain_MisspelledColumns_Exit1WithSuggestions()
    {
        var (folder, model, data) = Files(proxy: false);
        using var _ = folder;
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "yy", "--sensitive", "gg");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("label: The label column 'yy' is not in the header. Did you mean 'y'?", stderr, StringComparison.Ordinal);
        Assert.Contains("sensitive[0]: The sensitive column 'gg' is not in the header. Did you mean 'g'?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalExplain_BadRowsAndSizes_Exit1NamingTheOption()
    {
        var (folder, model, data) = Files(proxy: false);
        using var _ = folder;
        var rows = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "y", "--sensitive", "g", "--rows", "0", "41");
        Assert.Equal(1, rows.Exit);
        Assert.Contains("rows[0]: Row 0 is not a data row; the data has rows 1 to 40.", rows.Error, StringComparison.Ordinal);
        Assert.Contains("rows[1]: Row 41 is not a data row", rows.Error, StringComparison.Ordinal);
        var background = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "y", "--background", "0");
        Assert.Equal(1, background.Exit);
        Assert.Contains("--background: must be at least 1; got 0.", background.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalExplain_DataColumnsDoNotFitModel_Exit1NamingTheColumns()
    {
        var (folder, model, data) = Files(proxy: false);
        using var _ = folder;

        // Without --sensitive, g is a (text) input: the model without a feature map takes numeric columns only.
        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "explain", "--model", model, "--data", data, "--label", "y");
        Assert.Equal(1, exit);
        Assert.Contains("g: The model", stderr, StringComparison.Ordinal);
        Assert.Contains("'g' is not", stderr, StringComparison.Ordinal);
    }
}
