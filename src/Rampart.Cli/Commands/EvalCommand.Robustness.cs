using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Robustness;
using Rampart.ML.Data;
using Rampart.ML.Onnx;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Cli.Commands;

/// <content><c>rampart eval robustness</c>: evasion attacks and natural corruptions of a classifier on a labelled CSV.</content>
internal static partial class EvalCommand
{
    /// <summary>HopSkipJump iterations: ART's default of 50 costs about 24,000 queries per row; 10 costs about 2,200.</summary>
    private const int HopSkipJumpIterations = 10;

    /// <summary>PGD iterations; the step is ε / 4.</summary>
    private const int PgdIterations = 20;

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
        var attacks = attack == "all" ? AttackNames : [attack];

        var loaded = ModelUnderTest.LoadOnnx(modelArg);
        if (!loaded.IsValid)
        {
            return context.Problems(loaded.Problems, "in the model; nothing was evaluated");
        }

        var model = loaded.Value!;
        var read = await TabularDatasetReader.ReadAsync(dataArg, new DatasetReadOptions { Label = parse.GetValue(Label), Sensitive = model.SensitiveColumns }, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data or the column names; nothing was evaluated");
        }

        var data = read.Value!;
        var problems = new List<Problem>();
        var map = ModelFairness.ResolveFeatureMap(model, data, problems);
        var constraints = map is null ? null : FeatureConstraints.FromDataset(map, data, parse.GetValue(Immutable) ?? []);
        if (constraints is { IsValid: false })
        {
            problems.AddRange(constraints.Problems);
        }

        var labels = problems.Count == 0 ? ClassIndexes(model, data, problems) : null;
        if (problems.Count > 0)
        {
            return context.Problems(problems, "in the model, the data or the column names; nothing was evaluated");
        }

        var rows = Enumerable.Range(0, Math.Min(maxRows, data.RowCount)).ToArray();
        var encoded = map!.Encode(data.SelectRows(rows));
        if (!encoded.IsValid)
        {
            return context.Problems(encoded.Problems, "in the data; nothing was evaluated");
        }

        var input = RobustnessInput.Create(encoded.Value!, labels!.AsSpan(0, rows.Length), model.Predictor.Info, constraints!.Value);
        if (!input.IsValid)
        {
            return context.Problems(input.Problems, "in the model, the data or the constraints; nothing was evaluated");
        }

        var gradientModel = model.Predictor is OnnxPredictor { Model.GradientUnavailableReason: { } reason }
            ? null
            : model.Predictor as IGradientPredictor;
        var unavailable = gradientModel is null
            ? (model.Predictor as OnnxPredictor)?.Model.GradientUnavailableReason ?? "the model gives no input gradients"
            : null;

        var report = new RobustnessRun
        {
            Model = modelArg,
            DataPath = dataArg,
            Label = data.Label!.Column,
            Rows = rows.Length,
            TotalRows = data.RowCount,
            Norm = norm,
            Seed = seed,
            Constraints = constraints.Value!,
            Map = map,
            Immutable = [.. parse.GetValue(Immutable) ?? []],
        };
        try
        {
            var problemsOfRun = await RunAttacksAsync(attacks, gradientModel, unavailable, model.Predictor, input.Value!, epsilons, norm, seed, map, report, cancellationToken).ConfigureAwait(false);
            if (problemsOfRun is { Count: > 0 })
            {
                return context.Problems(problemsOfRun, "in the options; nothing was evaluated");
            }
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ToolError;
        }

        context.Out.Write(parse.GetValue(RobustnessFormat) == "json" ? RobustnessJson(report) : RobustnessText(report));
        return ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<Problem>?> RunAttacksAsync(
        IEnumerable<string> attacks, IGradientPredictor? gradientModel, string? unavailable, IPredictor predictor, RobustnessInput input,
        ImmutableArray<double> epsilons, PerturbationNorm norm, int seed, FeatureMap map, RobustnessRun report, CancellationToken cancellationToken)
    {
        var positive = epsilons.Where(e => e > 0).ToArray();
        foreach (var name in attacks)
        {
            if (name is "fgsm" or "pgd" && gradientModel is null)
            {
                report.Skipped.Add($"{name}: white-box attacks need input gradients, which this model does not give ({unavailable}); skipped.");
                continue;
            }

            if (name == "square" && norm == PerturbationNorm.L2)
            {
                report.Skipped.Add("square: the Square attack is L-infinity only; skipped with --norm 2.");
                continue;
            }

            if (name == "natural")
            {
                var natural = await NaturalRobustness.EvaluateAsync(predictor, input, new NaturalRobustnessOptions { FeatureMap = map, Seed = seed }, cancellationToken).ConfigureAwait(false);
                if (!natural.IsValid)
                {
                    return natural.Problems;
                }

                report.Natural = natural.Value;
                continue;
            }

            if (name == "hsj")
            {
                var hsj = await HopSkipJumpAttack.RunAsync(predictor, input, new HopSkipJumpOptions { Norm = norm, MaxIterations = HopSkipJumpIterations, Seed = seed }, cancellationToken).ConfigureAwait(false);
                if (!hsj.IsValid)
                {
                    return hsj.Problems;
                }

                // A minimal-perturbation attack: at budget ε a row is fooled when its adversarial row is within ε.
                var result = hsj.Value!;
                var points = epsilons.Select(e => HopSkipJumpPoint(result, input.Labels, e)).ToImmutableArray();
                report.Attacks.Add(new AttackCurve("hsj", $"HopSkipJump ({HopSkipJumpIterations} iterations, fewer than ART's 50 for speed; one minimal-perturbation run, budget ε counts the rows it fooled within ε)", points, [.. epsilons.Select(_ => (AttackResult?)null)]) { Summary = result });
                continue;
            }

            var results = new Dictionary<double, AttackResult>();
            Func<double, CancellationToken, ValueTask<ValidationResult<AttackResult>>> run = name switch
            {
                "fgsm" => (e, ct) => FastGradientAttack.RunAsync(gradientModel!, input, new FastGradientOptions { Norm = norm, Epsilon = e, EpsilonStep = e, Seed = seed }, ct),
                "pgd" => (e, ct) => ProjectedGradientAttack.RunAsync(gradientModel!, input, new ProjectedGradientOptions { Norm = norm, Epsilon = e, EpsilonStep = e / 4, MaxIterations = PgdIterations, Seed = seed }, ct),
                _ => (e, ct) => SquareAttack.RunAsync(predictor, input, new SquareOptions { Epsilon = e, Seed = seed }, ct),
            };
            var curve = await RobustnessCurve.BuildAsync(epsilons, async (e, ct) =>
            {
                var result = await run(e, ct).ConfigureAwait(false);
                if (result.IsValid)
                {
                    results[e] = result.Value!;
                }

                return result;
            }, cancellationToken).ConfigureAwait(false);
            if (!curve.IsValid)
            {
                return curve.Problems;
            }

            var title = name switch
            {
                "fgsm" => norm == PerturbationNorm.L2 ? "FGM (L2)" : "FGSM (L-infinity)",
                "pgd" => $"PGD ({PgdIterations} iterations, step ε/4)",
                _ => "Square (100 iterations)",
            };
            report.Attacks.Add(new AttackCurve(name, title, curve.Value!.Points, [.. curve.Value.Points.Select(p => results.GetValueOrDefault(p.Epsilon))]));
        }

        var clean = await ClassesOf(predictor, input.Features, cancellationToken).ConfigureAwait(false);
        report.CleanAccuracy = RobustnessMetrics.Accuracy(input.Labels.AsSpan(), clean);
        return null;
    }

    private static async Task<int[]> ClassesOf(IPredictor predictor, FloatMatrix features, CancellationToken cancellationToken)
    {
        var probabilities = await predictor.PredictAsync(features, cancellationToken).ConfigureAwait(false);
        var classes = new int[probabilities.Rows];
        for (var r = 0; r < classes.Length; r++)
        {
            classes[r] = ModelTraining.ArgMax(probabilities.Row(r));
        }

        return classes;
    }

    private static CurvePoint HopSkipJumpPoint(AttackResult result, ImmutableArray<int> labels, double epsilon)
    {
        int correct = 0, fooled = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            var within = result.Success[r] && result.Distances[r] <= epsilon;
            fooled += within ? 1 : 0;

            // As the ε-ball attacks count it: a row is correct under attack when the model was right and the attack did not move it.
            correct += !within && result.CleanPredictions[r] == labels[r] ? 1 : 0;
        }

        return new CurvePoint(epsilon, (double)correct / labels.Length, (double)fooled / labels.Length);
    }

    /// <summary>Each row's label as the index of its class among the model's classes.</summary>
    private static int[]? ClassIndexes(ModelUnderTest model, TabularDataset data, List<Problem> problems)
    {
        var label = data.Label;
        if (label is null || label.Task != LabelTask.Classification)
        {
            problems.Add(new Problem { File = data.Source, Field = label?.Column ?? "label", Message = label is null ? "The data has no label column; name the column holding the true class." : $"The label '{label.Column}' is numeric (regression); robustness of a classifier needs class labels." });
            return null;
        }

        var info = model.Predictor.Info;
        ImmutableArray<string> classes = model.Classes.IsEmpty
            ? [.. Enumerable.Range(0, info.OutputCount).Select(i => i.ToString(CultureInfo.InvariantCulture))]
            : model.Classes;
        var toModel = label.ClassNames.Select(n => classes.IndexOf(n, StringComparer.Ordinal)).ToArray();
        var missing = label.ClassNames.Where((_, k) => toModel[k] < 0).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new Problem { File = data.Source, Field = label.Column, Message = $"The label holds class(es) {string.Join(", ", missing.Select(m => $"'{m}'"))} that the model's classes ({string.Join(", ", classes)}) do not include." });
            return null;
        }

        var indexes = new int[label.RowCount];
        var codes = label.ClassIndices;
        for (var r = 0; r < indexes.Length; r++)
        {
            indexes[r] = toModel[codes[r]];
        }

        return indexes;
    }

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
                json.WriteString("attack", attack.Name);
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

    /// <summary>One attack's curve and the attack result behind each point (<c>null</c> at ε = 0).</summary>
    private sealed record AttackCurve(string Name, string Title, ImmutableArray<CurvePoint> Points, ImmutableArray<AttackResult?> Results)
    {
        /// <summary>The single run of a minimal-perturbation attack (HopSkipJump), whose metrics do not depend on ε.</summary>
        public AttackResult? Summary { get; init; }
    }

    /// <summary>What one robustness evaluation found.</summary>
    private sealed class RobustnessRun
    {
        public required string Model { get; init; }

        public required string DataPath { get; init; }

        public required string Label { get; init; }

        public required int Rows { get; init; }

        public required int TotalRows { get; init; }

        public required PerturbationNorm Norm { get; init; }

        public required int Seed { get; init; }

        public required FeatureConstraints Constraints { get; init; }

        public required FeatureMap Map { get; init; }

        public required ImmutableArray<string> Immutable { get; init; }

        public double CleanAccuracy { get; set; }

        public List<AttackCurve> Attacks { get; } = [];

        public List<string> Skipped { get; } = [];

        public NaturalRobustnessReport? Natural { get; set; }
    }
}
