using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;
using Rampart.ML.Data;
using Rampart.ML.Predictors;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart eval</c>: algorithm evaluations of a model on a labelled CSV: <c>fairness</c>, <c>robustness</c> and
/// <c>explain</c>.
/// </summary>
internal static partial class EvalCommand
{
    private static readonly Option<string> Model = new("--model") { Description = ModelArgument.Description, Required = true };
    private static readonly Option<string> Data = new("--data") { Description = "The labelled CSV to evaluate on (header row required), typically the test split.", Required = true };
    private static readonly Option<string> Label = new("--label") { Description = "The label column (the true class).", Required = true };
    private static readonly Option<string[]> Sensitive = new("--sensitive") { Description = "Sensitive columns whose groups are compared (default: the columns the model's feature map left out as sensitive).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> Favourable = new("--favourable") { Description = "The favourable class of the label, as written in the CSV (default: the most frequent class; for a label 'default' that is 1 for a default, give 0)." };
    private static readonly Option<string[]> Privileged = new("--privileged") { Description = "The privileged group of a sensitive column for the AIF360 metrics, as COLUMN=VALUE (default: the largest group).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string[]> Threshold = new("--threshold") { Description = "A policy threshold as KEY=VALUE, for example fairness.equal_opportunity_difference=0.1 (the defaults fairness.disparate_impact_ratio=0.8 and fairness.demographic_parity_difference=0.1 always apply unless overridden).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json", "html");
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the bootstrap.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> Bootstrap = new("--bootstrap") { Description = "Bootstrap replicates for the confidence intervals (0 turns them off).", DefaultValueFactory = _ => 1000 };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Write the report to this file instead of standard output." };

    public static Command Create(CliContext context)
    {
        var fairness = new Command("fairness", "Evaluate a classifier's fairness across the groups of sensitive columns: per-group rates, parity aggregates with bootstrap intervals, verdicts against thresholds. Exit 0 when every verdict passes, 2 when one fails.")
        {
            Model, Data, Label, Sensitive, Favourable, Privileged, Threshold, Format, Seed, Bootstrap, Output,
        };
        fairness.SetAction((parse, token) => FairnessAsync(context, parse, token));
        return new Command("eval", "Evaluate a model on a labelled dataset (fairness, robustness, explain).") { fairness, RobustnessCommand(context), Explain(context) };
    }

    private static async Task<int> FairnessAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var modelArg = parse.GetValue(Model)!;
        var dataArg = parse.GetValue(Data)!;
        var privileged = Pairs(parse.GetValue(Privileged), "--privileged", "COLUMN=VALUE", out var privilegedError);
        var thresholdText = Pairs(parse.GetValue(Threshold), "--threshold", "KEY=VALUE", out var thresholdError);
        if ((privilegedError ?? thresholdError) is { } pairError)
        {
            return context.UsageError(pairError);
        }

        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, number) in thresholdText)
        {
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
            {
                return context.UsageError($"--threshold: '{number}' for '{key}' is not a number.");
            }

            thresholds[key] = bound;
        }

        var (loadedModel, exit) = await ModelArgument.LoadAsync(context, modelArg, "nothing was evaluated", cancellationToken).ConfigureAwait(false);
        if (loadedModel is not { } model)
        {
            return exit;
        }

        var sensitive = parse.GetValue(Sensitive) is { Length: > 0 } given ? [.. given] : model.SensitiveColumns;
        if (sensitive.IsEmpty)
        {
            return context.UsageError("--sensitive: name at least one sensitive column (the model's feature map names none).");
        }

        var read = await TabularDatasetReader.ReadAsync(dataArg, new DatasetReadOptions { Label = parse.GetValue(Label), Sensitive = sensitive }, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data or the column names; nothing was evaluated");
        }

        var options = new ModelFairnessOptions
        {
            FavourableClass = parse.GetValue(Favourable),
            Fairness = new FairnessOptions
            {
                Seed = parse.GetValue(Seed),
                BootstrapSamples = parse.GetValue(Bootstrap),
                PrivilegedGroups = privileged.ToImmutableDictionary(StringComparer.Ordinal),
                Thresholds = thresholds,
            },
        };
        ValidationResult<ModelFairnessResult> result;
        try
        {
            result = await ModelFairness.EvaluateAsync(model, read.Value!, options, cancellationToken).ConfigureAwait(false);
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ToolError;
        }

        if (!result.IsValid)
        {
            return context.Problems(result.Problems, "in the model, the data or the options; nothing was evaluated");
        }

        var value = result.Value!;
        var text = parse.GetValue(Format) switch
        {
            "json" => FairnessJson.Write(value.Report),
            "html" => Html(modelArg, dataArg, value),
            _ => Text(modelArg, dataArg, value),
        };
        if (parse.GetValue(Output) is { } output)
        {
            if (!await AtomicFile.TryWriteAsync(context, output, new System.Text.UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.ToolError;
            }

            context.Error.WriteLine($"{ResultLine(value.Report)} Report written to {output}.");
        }
        else
        {
            context.Out.Write(text);
        }

        return value.Report.Passed ? ExitCodes.Ok : ExitCodes.PolicyFailure;
    }

    /// <summary>Parses NAME=VALUE arguments; the first malformed one is an error.</summary>
    private static List<KeyValuePair<string, string>> Pairs(string[]? values, string option, string shape, out string? error)
    {
        error = null;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var value in values ?? [])
        {
            var at = value.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == value.Length - 1)
            {
                error = $"{option}: '{value}' is not {shape}.";
                return pairs;
            }

            pairs.Add(new(value[..at], value[(at + 1)..]));
        }

        return pairs;
    }

    private static string ResultLine(FairnessReport report)
    {
        var failed = report.Verdicts.Count(v => v.Outcome == VerdictOutcome.Fail);
        var undefined = report.Verdicts.Count(v => v.Outcome == VerdictOutcome.Undefined);
        var tail = undefined > 0 ? $"; {undefined} could not be checked" : string.Empty;
        return report.Passed
            ? $"Result: PASS: {report.Verdicts.Length} verdict(s), none failed{tail}."
            : $"Result: FAIL: {failed} of {report.Verdicts.Length} verdict(s) failed{tail}.";
    }
}
