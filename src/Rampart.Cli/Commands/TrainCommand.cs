using System.CommandLine;
using System.Globalization;
using Rampart.ML.Training;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart train</c>: train a built-in model on a CSV and export it as ONNX.</summary>
internal static class TrainCommand
{
    private static readonly Option<string> Data = new("--data") { Description = "The training CSV (header row required).", Required = true };
    private static readonly Option<string> Label = new("--label") { Description = "The label column.", Required = true };
    private static readonly Option<string> Model = new Option<string>("--model")
    {
        Description = "The model family.",
        Required = true,
    }.AcceptOnlyFromAmong("logreg", "mlp", "gbdt");

    private static readonly Option<string> Out = new("--out", "-o") { Description = "The ONNX file to write.", Required = true };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for the split and the trainer.", DefaultValueFactory = _ => 42 };
    private static readonly Option<string[]> Sensitive = new("--sensitive") { Description = "Sensitive columns: kept out of the features unless --include-sensitive.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> IncludeSensitive = new("--include-sensitive") { Description = "Use the sensitive columns as features." };
    private static readonly Option<double> TestFraction = new("--test-fraction") { Description = "Share of rows held out (stratified) to measure accuracy; 0 trains on all.", DefaultValueFactory = _ => 0.2 };

    public static Command Create(CliContext context)
    {
        var command = new Command("train", "Train a logistic regression, MLP or gradient-boosted trees on a CSV and export it as ONNX (with its feature map and provenance in the model's metadata).")
        {
            Data, Label, Model, Out, Seed, Sensitive, IncludeSensitive, TestFraction,
        };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var fraction = parse.GetValue(TestFraction);
        if (fraction is < 0 or >= 1)
        {
            return context.UsageError($"--test-fraction must be at least 0 and below 1, not {fraction.ToString(CultureInfo.InvariantCulture)}.");
        }

        var request = new TrainRequest
        {
            DataPath = parse.GetValue(Data)!,
            Label = parse.GetValue(Label)!,
            Kind = parse.GetValue(Model) switch
            {
                "logreg" => ModelKind.LogisticRegression,
                "mlp" => ModelKind.Mlp,
                _ => ModelKind.Gbdt,
            },
            Seed = parse.GetValue(Seed),
            Sensitive = [.. parse.GetValue(Sensitive) ?? []],
            IncludeSensitive = parse.GetValue(IncludeSensitive),
            TestFraction = fraction,
        };
        var result = await ModelTraining.TrainAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return context.Problems(result.Problems, "in the training data; no model was written");
        }

        var outcome = result.Value!;
        var output = parse.GetValue(Out)!;
        if (!await AtomicFile.TryWriteAsync(context, output, outcome.Onnx, cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        var accuracy = double.IsNaN(outcome.TestAccuracy) ? "n/a" : outcome.TestAccuracy.ToString("0.0000", CultureInfo.InvariantCulture);
        context.Out.WriteLine($"model: {output} ({outcome.Onnx.Length} bytes, {parse.GetValue(Model)}, seed {request.Seed})");
        context.Out.WriteLine($"data: {request.DataPath} (sha256 {outcome.DatasetSha256}), {outcome.TrainRows} training rows, {outcome.TestRows} held out");
        context.Out.WriteLine($"features: {outcome.FeatureMap.FeatureCount}; classes: {string.Join(", ", outcome.Classes)}");
        context.Out.WriteLine($"accuracy: train {outcome.TrainAccuracy.ToString("0.0000", CultureInfo.InvariantCulture)}, held out {accuracy}");
        return ExitCodes.Ok;
    }
}
