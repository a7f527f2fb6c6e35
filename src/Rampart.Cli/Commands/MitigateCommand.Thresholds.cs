using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Mitigation;
using Rampart.ML.Data;
using Rampart.ML.Predictors;
using Rampart.ML.Training;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart mitigate thresholds</c>: per-group thresholds on a model's scores.</summary>
internal static partial class MitigateCommand
{
    private static readonly Option<string> ThresholdModel = new("--model") { Description = "The classifier whose scores are thresholded: " + ModelArgument.Description, Required = true };
    private static readonly Option<string> ThresholdData = new("--data") { Description = "The labelled CSV to fit the thresholds on (header row required), typically a validation split.", Required = true };
    private static readonly Option<string[]> ModelSensitive = new("--sensitive") { Description = "Sensitive columns; their intersection makes the groups (default: the columns the model's feature map left out as sensitive).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Constraint = new Option<string>("--constraint") { Description = "The parity to enforce.", DefaultValueFactory = _ => "demographic-parity" }
        .AcceptOnlyFromAmong("demographic-parity", "equalized-odds", "equal-opportunity", "false-positive-rate-parity");

    private static readonly Option<string?> Favourable = new("--favourable") { Description = "The favourable class of the label, as written in the CSV; the score is its probability (default: the most frequent class)." };
    private static readonly Option<int> Grid = new("--grid") { Description = "Target rates tried: k / N for k = 0..N.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the randomized decisions in the trade-off report.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> PolicyOutput = new("--output", "-o") { Description = "The threshold policy to write (rampart-thresholds/v1 JSON).", Required = true };
    private static readonly Option<string> Format = new Option<string>("--format", "-f") { Description = "Format of the trade-off report on standard output.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");

    private static Command ThresholdsCommand(CliContext context)
    {
        var command = new Command("thresholds", "Fit per-group (randomized) decision thresholds on a model's scores so that the groups reach the same selection rate, true positive rate, false positive rate or both (fairlearn ThresholdOptimizer, objective accuracy). Writes the policy for serving; prints accuracy and fairness before and after.")
        {
            ThresholdModel, ThresholdData, Label, ModelSensitive, Constraint, Favourable, Grid, Seed, PolicyOutput, Format,
        };
        command.SetAction((parse, token) => ThresholdsAsync(context, parse, token));
        return command;
    }

    private static async Task<int> ThresholdsAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var modelPath = parse.GetValue(ThresholdModel)!;
        var dataPath = parse.GetValue(ThresholdData)!;
        var grid = parse.GetValue(Grid);
        if (grid is < 1 or > 1_000_000)
        {
            return context.UsageError($"--grid: {grid} is out of range; use 1 to 1000000.");
        }

        if (!FairnessConstraints.TryParse(parse.GetValue(Constraint), out var constraint))
        {
            return context.UsageError($"--constraint: '{parse.GetValue(Constraint)}' is not a constraint.");
        }

        var (loadedModel, exit) = await ModelArgument.LoadAsync(context, modelPath, "nothing was written", cancellationToken).ConfigureAwait(false);
        if (loadedModel is not { } model)
        {
            return exit;
        }

        var sensitive = parse.GetValue(ModelSensitive) is { Length: > 0 } given ? [.. given] : model.SensitiveColumns;
        if (sensitive.IsEmpty)
        {
            return context.UsageError("--sensitive: name at least one sensitive column (the model's feature map names none).");
        }

        var read = await TabularDatasetReader.ReadAsync(dataPath, new DatasetReadOptions { Label = parse.GetValue(Label), Sensitive = sensitive }, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data or the column names; nothing was written");
        }

        var data = read.Value!;
        var problems = new List<Problem>();
        (double[] Scores, int[] Labels, int[] Before, string Favourable, string FavourableChosenBy)? scored;
        try
        {
            scored = await ScoreAsync(model, data, parse.GetValue(Favourable), problems, cancellationToken).ConfigureAwait(false);
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {modelPath}: {ex.Message}");
            return ExitCodes.ToolError;
        }

        if (scored is not { } s)
        {
            return context.Problems(problems, "in the model, the data or the options; nothing was written");
        }

        var features = SensitiveFeature.FromDataset(data);
        var fitted = ThresholdOptimizer.Fit(s.Scores, s.Labels, features, new ThresholdOptimizerOptions
        {
            Constraint = constraint,
            GridSize = grid,
            FavourableClass = s.Favourable,
            Label = data.Label!.Column,
        });
        if (!fitted.IsValid)
        {
            return context.Problems(fitted.Problems.Select(p => p with { File = p.File ?? data.Source }), "in the data; nothing was written");
        }

        var policy = fitted.Value!;
        var after = policy.Predict(s.Scores, features, parse.GetValue(Seed));
        var tradeoff = MitigationTradeoff.Compute(s.Labels, s.Before, after.Value!, features);
        if (!tradeoff.IsValid)
        {
            return context.Problems(tradeoff.Problems, "in the data; nothing was written");
        }

        var output = parse.GetValue(PolicyOutput)!;
        if (!await AtomicFile.TryWriteAsync(context, output, new System.Text.UTF8Encoding(false).GetBytes(policy.ToJson()), cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        context.Error.WriteLine($"Wrote the {FairnessConstraints.ToName(constraint)} thresholds of {policy.Groups.Length} group(s) to {output}.");
        var title = string.Create(CultureInfo.InvariantCulture, $"Threshold optimizer: {FairnessConstraints.ToName(constraint)}, target rate {policy.TargetRate:0.####}{(policy.TargetTruePositiveRate is { } tpr ? $" (FPR), TPR {tpr:0.####}" : string.Empty)}, expected accuracy {policy.ExpectedAccuracy:0.####}");
        var note = $"model {modelPath}, data {dataPath} ({data.RowCount} rows), label '{data.Label.Column}', favourable class '{s.Favourable}' ({s.FavourableChosenBy}); before: the model's most probable class; after: the policy with seed {parse.GetValue(Seed)}.";
        context.Out.Write(parse.GetValue(Format) == "json" ? TradeoffJson(title, note, tradeoff.Value!, null) : TradeoffText(title, note, tradeoff.Value!));
        return ExitCodes.Ok;
    }

    /// <summary>The model's score of the favourable class per row, the 0/1 labels, and the model's own decisions (most probable class).</summary>
    private static async Task<(double[] Scores, int[] Labels, int[] Before, string Favourable, string FavourableChosenBy)?> ScoreAsync(ModelUnderTest model, TabularDataset data, string? favourableGiven, List<Problem> problems, CancellationToken cancellationToken)
    {
        var label = data.Label!;
        if (label.Task != LabelTask.Classification)
        {
            problems.Add(new Problem { File = data.Source, Field = label.Column, Message = "The label is numeric; thresholds need class labels (a few distinct values)." });
            return null;
        }

        if (ModelFairness.Encode(model, data, problems) is not { } inputs)
        {
            return null;
        }

        var (favourable, chosenBy) = ModelFairness.ChooseFavourable(label, favourableGiven);
        var labels = BinaryOutcomes.FromLabel(label, favourable);
        if (!labels.IsValid)
        {
            problems.AddRange(labels.Problems.Select(p => p with { File = data.Source, Field = "--favourable" }));
            return null;
        }

        var info = model.Predictor.Info;
        var classes = model.OutputClasses;
        var index = classes.IndexOf(favourable, StringComparer.Ordinal);
        if (info.Kind != PredictionKind.Classification || info.OutputCount < 2 || index < 0)
        {
            problems.Add(new Problem { File = model.Source, Field = ModelFairness.ModelField, Message = $"The model's classes ({string.Join(", ", classes)}) do not include the favourable class '{favourable}', or it is not a classifier with one probability per class.{Suggestions.DidYouMean(favourable, classes)}" });
            return null;
        }

        var probabilities = await model.Predictor.PredictAsync(inputs, cancellationToken).ConfigureAwait(false);
        var scores = new double[data.RowCount];
        var before = new int[data.RowCount];
        for (var r = 0; r < scores.Length; r++)
        {
            var row = probabilities.Row(r);
            scores[r] = row[index];
            before[r] = ModelTraining.ArgMax(row) == index ? 1 : 0;
        }

        return (scores, labels.Value!, before, favourable, chosenBy);
    }
}
