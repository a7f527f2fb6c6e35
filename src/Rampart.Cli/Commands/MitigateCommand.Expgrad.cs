using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Mitigation;
using Rampart.ML.Data;
using Rampart.ML.Training;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart mitigate expgrad</c>: a fair mixture of logistic regressions by exponentiated gradient.</summary>
internal static partial class MitigateCommand
{
    /// <summary>The format name of the mixture file.</summary>
    internal const string MixtureFormat = "rampart-mixture/v1";

    private static readonly Option<double> Eps = new("--eps") { Description = "The allowed violation of the constraint (fairlearn eps).", DefaultValueFactory = _ => 0.01 };
    private static readonly Option<int> MaxIter = new("--max-iter") { Description = "Iteration cap (fairlearn max_iter).", DefaultValueFactory = _ => 50 };
    private static readonly Option<string> DirectoryOutput = new("--output", "-o") { Description = "The directory to write the classifiers (ONNX), the unconstrained baseline and mixture.json to; created if missing.", Required = true };

    private static Command ExpgradCommand(CliContext context)
    {
        var command = new Command("expgrad", "Train a randomized mixture of logistic regressions that satisfies a parity constraint up to --eps on the training data (fairlearn ExponentiatedGradient, Agarwal et al. 2018). Writes each classifier as ONNX with mixture.json holding the weights; prints accuracy and fairness of the unconstrained logistic regression and of the mixture.")
        {
            Data, Label, Sensitive, Constraint, Favourable, Eps, MaxIter, Seed, DirectoryOutput, Format,
        };
        command.SetAction((parse, token) => ExpgradAsync(context, parse, token));
        return command;
    }

    private static async Task<int> ExpgradAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var dataPath = parse.GetValue(Data)!;
        if (!FairnessConstraints.TryParse(parse.GetValue(Constraint), out var constraint))
        {
            return context.UsageError($"--constraint: '{parse.GetValue(Constraint)}' is not a constraint.");
        }
        var read = await TabularDatasetReader.ReadAsync(dataPath, new DatasetReadOptions { Label = parse.GetValue(Label), Sensitive = [.. parse.GetValue(Sensitive) ?? []] }, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data or the column names; nothing was written");
        }

        var data = read.Value!;
        var label = data.Label!;
        if (label.Task != LabelTask.Classification)
        {
            return context.UsageError($"{dataPath}: {label.Column}: the label is numeric; exponentiated gradient trains classifiers (class labels needed).");
        }

        var (favourable, chosenBy) = ModelFairness.ChooseFavourable(label, parse.GetValue(Favourable));
        var outcomes = BinaryOutcomes.FromLabel(label, favourable);
        if (!outcomes.IsValid)
        {
            return context.Problems(outcomes.Problems.Select(p => p with { File = dataPath, Field = "--favourable" }), "in the options; nothing was written");
        }

        var fitted = FeatureMap.Fit(data, new FeatureMapOptions { Standardize = true, UnknownCategories = UnknownCategoryPolicy.AllZeros, Exclude = [label.Column] });
        if (!fitted.IsValid)
        {
            return context.Problems(fitted.Problems, "in the data; nothing was written");
        }

        var map = fitted.Value!;
        var encoded = map.Encode(data);
        if (!encoded.IsValid)
        {
            return context.Problems(encoded.Problems, "in the data; nothing was written");
        }

        var x = encoded.Value!;
        var y = outcomes.Value!;
        var features = SensitiveFeature.FromDataset(data);
        var options = new ExponentiatedGradientOptions { Constraint = constraint, Epsilon = parse.GetValue(Eps), MaxIterations = parse.GetValue(MaxIter), Progress = context.Progress("expgrad") };
        context.Error.WriteLine($"Training the unconstrained logistic regression and the {FairnessConstraints.ToName(constraint)} mixture on {data.RowCount} rows x {x.Columns} features...");
        var mixtureResult = ExponentiatedGradient.Fit(x, y, features, options, cancellationToken);
        if (!mixtureResult.IsValid)
        {
            return context.Problems(mixtureResult.Problems.Select(p => p with { File = p.File ?? dataPath }), "in the data or the options; nothing was written");
        }

        var mixture = mixtureResult.Value!;
        var baseline = LogisticRegressionTrainer.Fit(new TrainingSet(x, [.. y.Select(v => (float)v)], 2), null, null, cancellationToken);
        var before = new MixtureMember { Weight = 1, Index = -1, Model = baseline, TrainingError = 0 }.Decide(x);
        var seed = parse.GetValue(Seed);
        var after = mixture.Predict(x, seed);
        var tradeoff = MitigationTradeoff.Compute(y, before, after, features);
        if (!tradeoff.IsValid)
        {
            return context.Problems(tradeoff.Problems, "in the data; nothing was written");
        }

        var directory = parse.GetValue(DirectoryOutput)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: {directory}: the output directory cannot be created: {ex.Message}");
            return ExitCodes.ToolError;
        }

        var other = label.ClassNames.Length == 2 ? label.ClassNames.First(c => c != favourable) : "not " + favourable;
        Dictionary<string, string> Metadata(string role) => new()
        {
            [ModelTraining.FeatureMapKey] = map.ToJson(),
            [ModelUnderTest.LabelKey] = label.Column,
            [ModelUnderTest.ClassLabelsKey] = $"{other},{favourable}",
            ["rampart.trainer"] = role,
            ["rampart.dataset_sha256"] = data.Sha256 ?? string.Empty,
        };

        if (!await AtomicFile.TryWriteAsync(context, Path.Combine(directory, "baseline.onnx"), OnnxExport.ToOnnx(baseline, Metadata("logistic regression (unconstrained baseline)")), cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        foreach (var member in mixture.Members.Where(m => m.Model is not null))
        {
            var file = Path.Combine(directory, MemberFile(member));
            if (!await AtomicFile.TryWriteAsync(context, file, OnnxExport.ToOnnx(member.Model!, Metadata($"exponentiated gradient member {member.Index} (weight {member.Weight.ToString("R", CultureInfo.InvariantCulture)})")), cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.ToolError;
            }
        }

        var mixtureJson = MixtureJson(mixture, map, label.Column, favourable, other, features.Select(f => f.Name), options, seed);
        if (!await AtomicFile.TryWriteAsync(context, Path.Combine(directory, "mixture.json"), new UTF8Encoding(false).GetBytes(mixtureJson), cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        context.Error.WriteLine($"Wrote {mixture.Members.Count(m => m.Model is not null)} classifier(s), baseline.onnx and mixture.json to {directory}.");
        var title = string.Create(CultureInfo.InvariantCulture, $"Exponentiated gradient: {FairnessConstraints.ToName(constraint)}, eps {options.Epsilon}, {mixture.Iterations} iteration(s), {mixture.Members.Length} of {mixture.ClassifiersFound} classifier(s) weighted, duality gap {mixture.BestGap:G4} (nu {mixture.Nu:G4}){(mixture.FromLinearProgram ? ", weights from the linear program" : ", weights averaged over iterations")}");
        var note = $"data {dataPath} ({data.RowCount} rows, training data), label '{label.Column}', favourable class '{favourable}' ({chosenBy}); before: unconstrained logistic regression; after: the mixture's decisions with seed {seed}.";
        context.Out.Write(parse.GetValue(Format) == "json" ? TradeoffJson(title, note, tradeoff.Value!, mixtureJson) : TradeoffText(title, note, tradeoff.Value!));
        return ExitCodes.Ok;
    }

    private static string MemberFile(MixtureMember member) => string.Create(CultureInfo.InvariantCulture, $"classifier-{member.Index:D3}.onnx");

    private static string MixtureJson(ClassifierMixture mixture, FeatureMap map, string label, string favourable, string other, IEnumerable<string> sensitive, ExponentiatedGradientOptions options, int seed)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", MixtureFormat);
            w.WriteString("method", "exponentiated_gradient");
            w.WriteString("constraint", FairnessConstraints.ToName(mixture.Constraint));
            w.WriteNumber("eps", options.Epsilon);
            w.WriteNumber("max_iter", options.MaxIterations);
            w.WriteNumber("eta0", options.Eta0);
            w.WriteNumber("nu", mixture.Nu);
            w.WriteNumber("iterations", mixture.Iterations);
            w.WriteNumber("best_iteration", mixture.BestIteration);
            w.WriteNumber("best_gap", mixture.BestGap);
            w.WriteBoolean("weights_from_linear_program", mixture.FromLinearProgram);
            w.WriteString("label", label);
            w.WriteString("favourable_class", favourable);
            w.WriteString("other_class", other);
            w.WriteStartArray("sensitive_features");
            foreach (var name in sensitive)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            w.WriteString("decision", "P(favourable | x) = sum over members of weight * h(x), where h(x) = 1 when the member's w.x + b > 0 (its ONNX probability of the favourable class above 0.5) or the member's constant; a decision draws u ~ U[0,1) and selects when P >= u");
            w.WriteNumber("seed", seed);
            w.WriteStartArray("features");
            for (var j = 0; j < map.FeatureCount; j++)
            {
                w.WriteStringValue(map.Describe(j));
            }

            w.WriteEndArray();
            w.WriteStartArray("members");
            foreach (var member in mixture.Members)
            {
                w.WriteStartObject();
                w.WriteNumber("index", member.Index);
                w.WriteNumber("weight", member.Weight);
                w.WriteNumber("training_error", member.TrainingError);
                if (member.Model is { } model)
                {
                    w.WriteString("onnx", MemberFile(member));
                    w.WriteStartArray("coefficients");
                    foreach (var c in model.Weights[0])
                    {
                        w.WriteNumberValue(c);
                    }

                    w.WriteEndArray();
                    w.WriteNumber("intercept", model.Bias[0]);
                }
                else
                {
                    w.WriteNumber("constant", member.Constant);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string TradeoffText(string title, string note, MitigationTradeoff tradeoff)
    {
        var sb = new StringBuilder();
        sb.Append(title).Append('\n').Append(note).Append('\n').Append('\n');
        var rows = new List<(string Name, double Before, double After)>
        {
            ("accuracy", tradeoff.Before.Accuracy, tradeoff.After.Accuracy),
            ("demographic_parity_difference", tradeoff.Before.DemographicParityDifference, tradeoff.After.DemographicParityDifference),
            ("equalized_odds_difference", tradeoff.Before.EqualizedOddsDifference, tradeoff.After.EqualizedOddsDifference),
        };
        foreach (var (group, rate) in tradeoff.Before.SelectionRates)
        {
            rows.Add(($"selection_rate {group}", rate, tradeoff.After.SelectionRates.GetValueOrDefault(group, double.NaN)));
        }

        var width = Math.Max(rows.Max(r => r.Name.Length), tradeoff.Grouping.Length) + 2;
        sb.Append(tradeoff.Grouping.PadRight(width)).Append("before    after     change\n");
        foreach (var (name, b, a) in rows)
        {
            sb.Append(name.PadRight(width)).Append(Number(b).PadRight(10)).Append(Number(a).PadRight(10)).Append(Signed(a - b)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Signed(double value) => double.IsNaN(value) ? "n/a" : value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    private static string TradeoffJson(string title, string note, MitigationTradeoff tradeoff, string? mixtureJson)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("summary", title);
            w.WriteString("note", note);
            w.WriteString("grouping", tradeoff.Grouping);
            w.WriteNumber("rows", tradeoff.RowCount);
            Point(w, "before", tradeoff.Before);
            Point(w, "after", tradeoff.After);
            if (mixtureJson is not null)
            {
                w.WritePropertyName("mixture");
                using var document = JsonDocument.Parse(mixtureJson);
                document.RootElement.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";

        static void Point(Utf8JsonWriter w, string name, TradeoffPoint point)
        {
            w.WriteStartObject(name);
            Value(w, "accuracy", point.Accuracy);
            Value(w, "demographic_parity_difference", point.DemographicParityDifference);
            Value(w, "equalized_odds_difference", point.EqualizedOddsDifference);
            w.WriteStartObject("selection_rate");
            foreach (var (group, rate) in point.SelectionRates)
            {
                Value(w, group, rate);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        static void Value(Utf8JsonWriter w, string name, double value)
        {
            if (double.IsNaN(value))
            {
                w.WriteString(name, "NaN");
            }
            else
            {
                w.WriteNumber(name, value);
            }
        }
    }
}
