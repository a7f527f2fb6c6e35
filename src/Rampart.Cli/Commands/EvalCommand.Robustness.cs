using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Diagnostics;
using Rampart.Evaluation.Robustness;
using Rampart.ML.Data;
using Rampart.ML.Predictors;

namespace Rampart.Cli.Commands;

/// <content><c>rampart eval robustness</c>: evasion attacks and natural corruptions of a classifier on a labelled CSV.</content>
internal static partial class EvalCommand
{
    private static readonly string[] AttackNames = ["fgsm", "pgd", "hsj", "square", "natural"];
    private static readonly Option<string> Attack = new Option<string>("--attack") { Description = "The attack to run, or all of them.", DefaultValueFactory = _ => "all" }.AcceptOnlyFromAmong([.. AttackNames, "all"]);
    private static readonly Option<string> Norm = new Option<string>("--norm") { Description = "The perturbation norm of FGSM, PGD and HopSkipJump (Square is L-infinity only).", DefaultValueFactory = _ => "inf" }.AcceptOnlyFromAmong("inf", "2");
    private static readonly Option<string?> Epsilons = new("--epsilons") { Description = "The budgets of the accuracy-versus-epsilon curve, comma-separated, in encoded feature units (default 0,0.05,0.1,0.2,0.3,0.5,1)." };
    private static readonly Option<string[]> Immutable = new("--immutable") { Description = "Columns no attack or corruption may change (for example age).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<int> MaxRows = new("--max-rows") { Description = "Evaluate the first N rows of the data (constraints are inferred from all rows).", DefaultValueFactory = _ => 100 };
    private static readonly Option<string> RobustnessFormat = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
    private static readonly Option<int> RobustnessSeed = new("--seed") { Description = "Seed of the randomised attacks and corruptions.", DefaultValueFactory = _ => 0 };

    private static Command RobustnessCommand(CliContext context)
    {
        var robustness = new Command("robustness", "Evaluate a classifier's robustness: accuracy under FGSM, PGD, HopSkipJump and Square attacks over a grid of budgets, and under natural corruptions, with the features constrained (immutable columns, integers, one-hot groups, bounds). Exit 0 with the report.")
        {
            Model, Data, Label, Attack, Norm, Epsilons, Immutable, MaxRows, RobustnessFormat, RobustnessSeed,
        };
        robustness.SetAction((parse, token) => RobustnessAsync(context, parse, token));
        return robustness;
    }

    private static async Task<int> RobustnessAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var modelArg = parse.GetValue(Model)!;
        var dataArg = parse.GetValue(Data)!;
        var seed = parse.GetValue(RobustnessSeed);
        var maxRows = parse.GetValue(MaxRows);
        if (maxRows < 1)
        {
            return context.UsageError($"--max-rows: {maxRows} is not a row count; give at least 1.");
        }

        ImmutableArray<double> epsilons = RobustnessCurve.DefaultEpsilons;
        if (parse.GetValue(Epsilons) is { } epsilonText)
        {
            var parsed = ImmutableArray.CreateBuilder<double>();
            foreach (var part in epsilonText.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var epsilon) || !double.IsFinite(epsilon) || epsilon < 0)
                {
                    return context.UsageError($"--epsilons: '{part}' is not a budget; give finite numbers of at least 0, comma-separated.");
                }

                parsed.Add(epsilon);
            }

            epsilons = [.. parsed.Distinct().Order()];
            if (!epsilons.Any(e => e > 0))
            {
                return context.UsageError("--epsilons: give at least one positive budget (0 alone is the clean accuracy).");
            }
        }

        var norm = parse.GetValue(Norm) == "2" ? PerturbationNorm.L2 : PerturbationNorm.LInfinity;
        var attack = parse.GetValue(Attack)!;
        ImmutableArray<RobustnessAttack> attacks = attack == "all"
            ? ModelRobustnessOptions.AllAttacks
            : [AttackOf(attack)];

        var (loadedModel, exit) = await ModelArgument.LoadAsync(context, modelArg, "nothing was evaluated", cancellationToken).ConfigureAwait(false);
        if (loadedModel is not { } model)
        {
            return exit;
        }

        var read = await TabularDatasetReader.ReadAsync(dataArg, new DatasetReadOptions { Label = parse.GetValue(Label), Sensitive = model.SensitiveColumns }, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data or the column names; nothing was evaluated");
        }

        var options = new ModelRobustnessOptions
        {
            Attacks = attacks,
            Norm = norm,
            Epsilons = epsilons,
            ImmutableColumns = [.. parse.GetValue(Immutable) ?? []],
            MaxRows = maxRows,
            Seed = seed,
            Progress = context.Progress("robustness"),
        };
        ValidationResult<ModelRobustnessResult> result;
        try
        {
            result = await ModelRobustness.EvaluateAsync(model, read.Value!, options, cancellationToken).ConfigureAwait(false);
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ToolError;
        }

        if (!result.IsValid)
        {
            return context.Problems(result.Problems, "in the model, the data, the column names or the options; nothing was evaluated");
        }

        var run = new RobustnessRun(modelArg, dataArg, result.Value!);
        context.Out.Write(parse.GetValue(RobustnessFormat) == "json" ? RobustnessJson(run) : RobustnessText(run));
        return ExitCodes.Ok;
    }

    private static RobustnessAttack AttackOf(string name) => name switch
    {
        "fgsm" => RobustnessAttack.Fgsm,
        "pgd" => RobustnessAttack.Pgd,
        "hsj" => RobustnessAttack.HopSkipJump,
        "square" => RobustnessAttack.Square,
        _ => RobustnessAttack.Natural,
    };

    private static string AttackKey(RobustnessAttack attack) => attack switch
    {
        RobustnessAttack.Fgsm => "fgsm",
        RobustnessAttack.Pgd => "pgd",
        RobustnessAttack.HopSkipJump => "hsj",
        RobustnessAttack.Square => "square",
        _ => "natural",
    };

    private static string RobustnessText(RobustnessRun run)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Robustness of '{run.Model}' on '{run.DataPath}': {run.Rows} of {run.TotalRows} rows (--max-rows), label '{run.Label}', norm {NormName(run.Norm)}, seed {run.Seed}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Clean accuracy: {Number(run.CleanAccuracy)}\n");
        sb.Append("Constraints: ").Append(ConstraintsLine(run)).Append('\n');
        foreach (var skipped in run.Skipped)
        {
            sb.Append("Skipped ").Append(skipped).Append('\n');
        }

        foreach (var attack in run.Attacks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{attack.Title}\n");
            if (attack.Summary is { } summary)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  success rate {Number(summary.SuccessRate)}, median perturbation {Number(summary.MedianPerturbation)}, empirical robustness {Number(summary.EmpiricalRobustness)}, mean queries {Number(summary.MeanQueries)}\n");
            }

            sb.Append("  epsilon   accuracy  success  median perturbation  empirical robustness  mean queries\n");
            for (var i = 0; i < attack.Points.Length; i++)
            {
                var p = attack.Points[i];
                var r = attack.Results[i];
                sb.Append(CultureInfo.InvariantCulture, $"  {Number(p.Epsilon),-8}  {Number(p.Accuracy),-8}  {Number(p.SuccessRate),-7}  {(r is null ? "-" : Number(r.MedianPerturbation)),-19}  {(r is null ? "-" : Number(r.EmpiricalRobustness)),-20}  {(r is null ? "-" : Number(r.MeanQueries))}\n");
            }
        }

        if (run.Natural is { } natural)
        {
            sb.Append("\nNatural robustness (accuracy at each severity)\n");
            foreach (var curve in natural.Corruptions)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {curve.Kind,-17} {string.Join("  ", curve.Points.Select(p => $"{Number(p.Epsilon)}: {Number(p.Accuracy)}"))}\n");
            }
        }

        return sb.ToString();
    }

    private static string ConstraintsLine(RobustnessRun run)
    {
        var c = run.Constraints;
        string Names(IEnumerable<int> features) => !features.Any() ? "none" : c.FeatureNames.IsDefaultOrEmpty ? string.Join(", ", features) : string.Join(", ", features.Select(f => c.FeatureNames[f]));
        return $"{c.FeatureCount} features; immutable columns [{string.Join(", ", run.Immutable)}] ({c.ImmutableFeatures.Length} immutable feature(s): {Names(c.ImmutableFeatures)}); " +
            $"integer: {Names(c.IntegerFeatures)}; one-hot groups: {(c.OneHotGroups.IsEmpty ? "none" : string.Join(", ", c.OneHotGroups.Select(g => g.Name)))}; bounds on {c.Bounds.Length} feature(s) (inferred from all {run.TotalRows} rows)";
    }

    private static string RobustnessJson(RobustnessRun run)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", run.Model);
            json.WriteString("data", run.DataPath);
            json.WriteString("label", run.Label);
            json.WriteNumber("rows", run.Rows);
            json.WriteNumber("total_rows", run.TotalRows);
            json.WriteString("norm", NormName(run.Norm));
            json.WriteNumber("seed", run.Seed);
            WriteNumber(json, "clean_accuracy", run.CleanAccuracy);
            json.WriteStartObject("constraints");
            WriteStrings(json, "immutable_columns", run.Immutable);
            WriteStrings(json, "feature_names", run.Constraints.FeatureNames.IsDefault ? [] : run.Constraints.FeatureNames);
            WriteInts(json, "immutable_features", run.Constraints.ImmutableFeatures);
            WriteInts(json, "integer_features", run.Constraints.IntegerFeatures);
            json.WriteStartArray("one_hot_groups");
            foreach (var group in run.Constraints.OneHotGroups)
            {
                json.WriteStartObject();
                json.WriteString("name", group.Name);
                WriteInts(json, "features", group.Features);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("bounds");
            foreach (var bound in run.Constraints.Bounds)
            {
                json.WriteStartObject();
                json.WriteNumber("feature", bound.Feature);
                WriteNumber(json, "min", bound.Min);
                WriteNumber(json, "max", bound.Max);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            WriteStrings(json, "skipped", run.Skipped);
            json.WriteStartArray("attacks");
            foreach (var attack in run.Attacks)
            {
                json.WriteStartObject();
                json.WriteString("attack", AttackKey(attack.Attack));
                json.WriteString("title", attack.Title);
                if (attack.Summary is { } summary)
                {
                    json.WriteStartObject("summary");
                    WriteNumber(json, "success_rate", summary.SuccessRate);
                    WriteNumber(json, "median_perturbation", summary.MedianPerturbation);
                    WriteNumber(json, "empirical_robustness", summary.EmpiricalRobustness);
                    WriteNumber(json, "mean_queries", summary.MeanQueries);
                    json.WriteEndObject();
                }

                json.WriteStartArray("points");
                for (var i = 0; i < attack.Points.Length; i++)
                {
                    var (p, r) = (attack.Points[i], attack.Results[i]);
                    json.WriteStartObject();
                    WriteNumber(json, "epsilon", p.Epsilon);
                    WriteNumber(json, "accuracy", p.Accuracy);
                    WriteNumber(json, "success_rate", p.SuccessRate);
                    WriteNumber(json, "median_perturbation", r?.MedianPerturbation ?? double.NaN);
                    WriteNumber(json, "empirical_robustness", r?.EmpiricalRobustness ?? double.NaN);
                    WriteNumber(json, "mean_queries", r?.MeanQueries ?? double.NaN);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (run.Natural is { } natural)
            {
                json.WriteStartArray("natural");
                foreach (var curve in natural.Corruptions)
                {
                    json.WriteStartObject();
                    json.WriteString("corruption", curve.Kind.ToString());
                    json.WriteStartArray("points");
                    foreach (var p in curve.Points)
                    {
                        json.WriteStartObject();
                        WriteNumber(json, "severity", p.Epsilon);
                        WriteNumber(json, "accuracy", p.Accuracy);
                        WriteNumber(json, "changed_rate", p.SuccessRate);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter json, string name, IEnumerable<int> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    private static string NormName(PerturbationNorm norm) => norm == PerturbationNorm.L2 ? "L2" : "Linf";

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : Math.Round(value, 4).ToString(CultureInfo.InvariantCulture);

    /// <summary>One robustness evaluation and what it was run on, for the writers.</summary>
    private sealed record RobustnessRun(string Model, string DataPath, ModelRobustnessResult Result)
    {
        public string Label => Result.Label;

        public int Rows => Result.Rows;

        public int TotalRows => Result.TotalRows;

        public PerturbationNorm Norm => Result.Norm;

        public int Seed => Result.Seed;

        public double CleanAccuracy => Result.CleanAccuracy;

        public FeatureConstraints Constraints => Result.Constraints;

        public ImmutableArray<string> Immutable => Result.ImmutableColumns;

        public ImmutableArray<AttackCurve> Attacks => Result.Attacks;

        public ImmutableArray<string> Skipped => Result.Skipped;

        public NaturalRobustnessReport? Natural => Result.Natural;
    }
}
