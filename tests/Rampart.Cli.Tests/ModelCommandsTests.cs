using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rampart.Tests;

public sealed class ModelCommandsTests
{
    private static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("income,colour,sex,approved\n");
        for (var i = 0; i < rows; i++)
        {
            var income = random.Next(10, 100);
            var colour = random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            var approved = income + (colour == "red" ? 20 : 0) > 60 ? "yes" : "no";
            sb.Append(CultureInfo.InvariantCulture, $"{income},{colour},{(i % 2 == 0 ? "f" : "m")},{approved}\n");
        }

        return sb.ToString();
    }

    [Theory]
    [InlineData("logreg")]
    [InlineData("mlp")]
    public async Task Train_ThenPredictAndInfo_RoundTripsThroughOnnx(string kind)
    {
        using var folder = new TempFolder();
        var train = folder.Write("train.csv", Csv(400, 1));
        var test = folder.Write("test.csv", Csv(50, 2));
        var model = Path.Combine(folder.Path, "out", "model.onnx");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("train", "--data", train, "--label", "approved", "--model", kind, "--sensitive", "sex", "--out", model, "--seed", "3");
        Assert.True(exit == 0, stderr);
        Assert.Contains("classes: no, yes", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(model));

        var (infoExit, info, _) = await CliRunner.RunAsync("model", "info", model);
        Assert.Equal(0, infoExit);
        Assert.Contains("metadata:    rampart.label = approved", info, StringComparison.Ordinal);
        Assert.Contains("metadata:    rampart.seed = 3", info, StringComparison.Ordinal);

        var (predictExit, json, predictError) = await CliRunner.RunAsync("predict", "--model", model, "--data", test, "--format", "json");
        Assert.True(predictExit == 0, predictError);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["no", "yes"], doc.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToArray());
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(50, rows.Count);
        Assert.All(rows, r => Assert.Equal(1.0, r.GetProperty("probabilities").EnumerateArray().Sum(p => p.GetDouble()), 5));

        // The same seed gives the same model, byte for byte.
        var again = Path.Combine(folder.Path, "again.onnx");
        await CliRunner.RunAsync("train", "--data", train, "--label", "approved", "--model", kind, "--sensitive", "sex", "--out", again, "--seed", "3");
        Assert.Equal(File.ReadAllBytes(model), File.ReadAllBytes(again));
    }

    [Fact]
    public async Task Train_UnknownLabel_ReportsDidYouMeanAndWritesNothing()
    {
        using var folder = new TempFolder();
        var train = folder.Write("train.csv", Csv(40, 1));
        var model = Path.Combine(folder.Path, "model.onnx");
        var (exit, _, stderr) = await CliRunner.RunAsync("train", "--data", train, "--label", "aproved", "--model", "logreg", "--out", model);
        Assert.Equal(1, exit);
        Assert.Contains("Did you mean 'approved'?", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public async Task Predict_NotAnOnnxFile_IsAClearError()
    {
        using var folder = new TempFolder();
        var bogus = folder.Write("model.onnx", "this is not protobuf");
        var data = folder.Write("data.csv", "a,b\n1,2\n");
        var (exit, _, stderr) = await CliRunner.RunAsync("predict", "--model", bogus, "--data", data);
        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {bogus}: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelInfo_MissingFile_IsAUsageError()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("model", "info", "/nonexistent/model.onnx");
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }
}
