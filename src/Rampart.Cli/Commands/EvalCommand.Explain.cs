using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Diagnostics;
using Rampart.Evaluation.Explainability;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Data;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Cli.Commands;

/// <content><c>rampart eval explain</c>: global and local explanations of an ONNX model, and the proxy check.</content>
internal static partial class EvalCommand
{
    private static readonly Option<string> ExplainModel = new("--model") { Description = ModelArgument.Description + " Without a feature map the inputs are the data's numeric columns in order, without the label and sensitive columns.", Required = true };
    private static readonly Option<int[]> ExplainRows = new("--rows") { Description = "Data rows (1-based, the first row after the header is 1) to explain one by one.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> ExplainMethod = new Option<string>("--method") { Description = "Which explanations to compute: tree (exact TreeSHAP of the raw score of an ONNX tree ensemble, global and local, and the proxy check; refused with the reason for other models), kernel (KernelSHAP of the predicted probability or score, global and local, and the proxy check), permutation (permutation importance), surrogate (a depth-3 tree imitating the model), or all (TreeSHAP when the model is a tree ensemble it can read, else KernelSHAP; and permutation and surrogate).", DefaultValueFactory = _ => "all" }.AcceptOnlyFromAmong("tree", "kernel", "permutation", "surrogate", "all");
    private static readonly Option<string[]> ExplainSensitive = new("--sensitive") { Description = "Sensitive columns for the proxy check (default: the columns the model's feature map left out as sensitive; none: no proxy check).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> ExplainFormat = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
    private static readonly Option<int> ExplainSeed = new("--seed") { Description = "Seed of the row samples, the coalition sampling, the permutations and the surrogate's hold-out.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> ExplainMaxRows = new("--max-rows") { Description = "At most this many rows (a seeded sample) are explained by KernelSHAP and permuted for permutation importance.", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> ExplainBackground = new("--background") { Description = "Background rows (a seeded sample) that absent features take their values from in KernelSHAP; the cost is linear in it.", DefaultValueFactory = _ => 20 };

    private static Command Explain(CliContext context)
    {
        var explain = new Command("explain", "Explain a classifier or regressor on a CSV: SHAP importances per column (TreeSHAP for tree ensembles, else KernelSHAP), permutation importance, a surrogate tree's rules and fidelity, chosen rows' contributions, and whether a sensitive attribute or a proxy of it holds more than the policy's share (0.1) of the importance. Exit 0 when none does, 2 when one does.")
        {
            ExplainModel, Data, Label, ExplainRows, ExplainMethod, ExplainSensitive, ExplainFormat, ExplainSeed, ExplainMaxRows, ExplainBackground,
        };
        explain.SetAction((parse, token) => ExplainAsync(context, parse, token));
        return explain;
    }

    private static async Task<int> ExplainAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var modelArg = parse.GetValue(ExplainModel)!;
        var dataArg = parse.GetValue(Data)!;
        var method = parse.GetValue(ExplainMethod)!;
        var seed = parse.GetValue(ExplainSeed);
        var maxRows = parse.GetValue(ExplainMaxRows);
        var backgroundRows = parse.GetValue(ExplainBackground);
        if (maxRows < 1)
        {
            return context.UsageError($"--max-rows: must be at least 1; got {maxRows}.");
        }

        if (backgroundRows < 1)
        {
            return context.UsageError($"--background: must be at least 1; got {backgroundRows}.");
        }

        var (loadedModel, exit) = await ModelArgument.LoadAsync(context, modelArg, "nothing was explained", cancellationToken).ConfigureAwait(false);
        if (loadedModel is not { } model)
        {
            return exit;
        }

        ImmutableArray<string> sensitive = parse.GetValue(ExplainSensitive) is { Length: > 0 } given ? [.. given] : model.SensitiveColumns;
        var read = await TabularDatasetReader.ReadAsync(dataArg, new DatasetReadOptions { Label = parse.GetValue(Label), Sensitive = sensitive }, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data or the column names; nothing was explained");
        }

        var data = read.Value!;
        var problems = new List<Problem>();
        var map = ModelFairness.ResolveFeatureMap(model, data, problems);
        var chosen = parse.GetValue(ExplainRows) ?? [];
        for (var i = 0; i < chosen.Length; i++)
        {
            if (chosen[i] < 1 || chosen[i] > data.RowCount)
            {
                problems.Add(new Problem { File = data.Source, Field = $"rows[{i}]", Message = $"Row {chosen[i]} is not a data row; the data has rows 1 to {data.RowCount}." });
            }
        }

        var labels = map is null ? null : model.Targets(data, problems);
        if (problems.Count > 0)
        {
            return context.Problems(problems, "in the model, the data or the options; nothing was explained");
        }

        var matrix = map!.Encode(data);
        if (!matrix.IsValid)
        {
            return context.Problems(matrix.Problems, "in the data; nothing was explained");
        }

        var x = matrix.Value!;
        var names = Enumerable.Range(0, map.FeatureCount).Select(map.Describe).ToArray();
        var random = new Random(seed);
        var sample = RowSample.Choose(random, data.RowCount, maxRows);
        var progress = context.Progress("explain");
        var report = new ExplainReport { Model = modelArg, Data = dataArg, Rows = data.RowCount, Sample = sample.Length, Seed = seed, Method = method };
        try
        {
            var predictor = model.Predictor;
            if (method is "tree" or "kernel" or "all")
            {
                var trees = method is "tree" or "all" ? PredictorShap.TreeEnsembleOf(predictor) : default;
                if (method == "tree" && trees.Reason is { } reason)
                {
                    return context.UsageError($"--method tree: {reason}");
                }

                var explainer = PredictorShap.For(predictor, trees.Ensemble);
                progress.Report($"{explainer.Method} of {sample.Length} rows");
                var background = x.SelectRows(RowSample.Choose(random, data.RowCount, backgroundRows));
                Task<ShapExplanation> ShapOf(FloatMatrix rows) => explainer.ExplainAsync(background, rows, seed, names, cancellationToken);
                var shap = ShapSummary.GroupByColumns(await ShapOf(x.SelectRows(sample)).ConfigureAwait(false), map);
                report.ShapMethod = explainer.Method;
                report.Output = shap.Output;
                report.BaseValue = shap.BaseValue;
                report.Exact = shap.Exact;
                report.Background = background.Rows;
                report.Columns = ShapSummary.GlobalImportances(shap);
                if (chosen.Length > 0)
                {
                    var local = ShapSummary.GroupByColumns(await ShapOf(x.SelectRows([.. chosen.Select(r => r - 1)])).ConfigureAwait(false), map);
                    report.Local = [.. chosen.Select((row, i) => (row, local.Rows[i].Prediction, ShapSummary.TopContributions(local, i)))];
                }

                if (!sensitive.IsEmpty)
                {
                    report.Proxy = ProxyDetector.Detect(report.Columns, data, sensitive);
                }
            }

            if (method is "permutation" or "all")
            {
                var rows = x.SelectRows(sample);
                var y = sample.Select(r => labels![r]).ToArray();
                progress.Report($"permutation importance of {sample.Length} rows");
                report.Permutation = await PermutationImportance.ComputeAsync(predictor, rows, y, new PermutationImportanceOptions { Seed = seed }, names, cancellationToken).ConfigureAwait(false);
            }

            if (method is "surrogate" or "all")
            {
                progress.Report("surrogate tree");
                report.Surrogate = await SurrogateTree.FitAsync(predictor, x, new SurrogateTreeOptions { Seed = seed }, names, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ToolError;
        }
        catch (ArgumentException ex)
        {
            // The explainers refuse NaN inputs (a missing value without a missing indicator) naming the cell.
            return context.UsageError(ex.Message);
        }

        context.Out.Write(parse.GetValue(ExplainFormat) == "json" ? ExplainJson(report) : ExplainText(report));
        return report.Proxy is { Passed: false } ? ExitCodes.PolicyFailure : ExitCodes.Ok;
    }

    private static string N(double value) => double.IsNaN(value) ? "NaN" : Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string ExplainText(ExplainReport report)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Explanations of '{report.Model}' on '{report.Data}': {report.Rows} rows, {report.Sample} sampled (seed {report.Seed}), method {report.Method}\n");
        if (!report.Columns.IsDefault)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{report.ShapMethod} of {report.Output}: {report.Sample} rows, {report.Background} background rows, base value {N(report.BaseValue)}, {(report.Exact ? "exact" : "sampled coalitions")}\n");
            var width = Math.Max(6, report.Columns.Max(c => c.Feature.Length));
            sb.Append(CultureInfo.InvariantCulture, $"  {"column".PadRight(width)}  mean |SHAP|  share\n");
            foreach (var c in report.Columns)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {c.Feature.PadRight(width)}  {N(c.MeanAbsoluteShap),-11}  {N(c.Share)}\n");
            }
        }

        if (report.Permutation is { } permutation)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nPermutation importance ({permutation.Scoring}, baseline {N(permutation.BaselineScore)}, {permutation.Features[0].Repeats.Length} repeats, {N(100 * permutation.IntervalLevel)}% range)\n");
            var width = Math.Max(7, permutation.Features.Max(f => f.Feature.Length));
            sb.Append(CultureInfo.InvariantCulture, $"  {"feature".PadRight(width)}  mean     std      range\n");
            foreach (var f in permutation.Features.OrderByDescending(f => f.Mean))
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {f.Feature.PadRight(width)}  {N(f.Mean),-7}  {N(f.StandardDeviation),-7}  {N(f.Lower)} to {N(f.Upper)}\n");
            }
        }

        if (report.Surrogate is { } tree)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nSurrogate tree of {tree.Target}: fidelity {N(tree.Fidelity)} on {tree.HoldoutRows} held-out rows ({N(tree.TrainingFidelity)} on {tree.TrainingRows} training rows)\n");
            foreach (var rule in tree.Rules)
            {
                sb.Append("  ").Append(rule).Append('\n');
            }
        }

        foreach (var (row, prediction, contributions) in report.Local)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nRow {row}: {report.Output} = {N(prediction)} (base {N(report.BaseValue)})\n");
            foreach (var c in contributions)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {c.Feature}  {(c.Contribution >= 0 ? "+" : string.Empty)}{N(c.Contribution)}\n");
            }
        }

        if (report.Proxy is { } proxy)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nSensitive attributes and proxies (share limit {N(proxy.Policy.ImportanceShareLimit)}, association threshold {N(proxy.Policy.AssociationThreshold)})\n");
            foreach (var finding in proxy.Findings)
            {
                sb.Append("  FAIL   ").Append(finding.Message).Append('\n');
            }

            foreach (var attribute in proxy.Attributes)
            {
                sb.Append(attribute.Exceeds ? "  FAIL   " : "  pass   ").Append(attribute.Message).Append('\n');
            }

            var failed = proxy.Findings.Length + proxy.Attributes.Count(a => a.Exceeds);
            sb.Append(proxy.Passed
                ? "Result: PASS: no sensitive attribute or proxy exceeds the share limit, alone or together.\n"
                : $"Result: FAIL: {failed} finding(s).\n");
        }
        else if (report.Method is "tree" or "kernel" or "all")
        {
            sb.Append("\nNo proxy check: no sensitive column (name them with --sensitive).\n");
        }

        return sb.ToString();
    }

    private static string ExplainJson(ExplainReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            void Number(string name, double value)
            {
                if (double.IsFinite(value))
                {
                    w.WriteNumber(name, value);
                }
                else
                {
                    w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
                }
            }

            w.WriteStartObject();
            w.WriteString("model", report.Model);
            w.WriteString("data", report.Data);
            w.WriteNumber("rows", report.Rows);
            w.WriteNumber("sampledRows", report.Sample);
            w.WriteNumber("seed", report.Seed);
            w.WriteString("method", report.Method);
            if (!report.Columns.IsDefault)
            {
                w.WriteStartObject(report.ShapMethod == "TreeSHAP" ? "treeShap" : "kernelShap");
                w.WriteString("output", report.Output);
                Number("baseValue", report.BaseValue);
                w.WriteBoolean("exact", report.Exact);
                w.WriteNumber("backgroundRows", report.Background);
                w.WriteStartArray("columns");
                foreach (var c in report.Columns)
                {
                    w.WriteStartObject();
                    w.WriteString("column", c.Feature);
                    Number("meanAbsoluteShap", c.MeanAbsoluteShap);
                    Number("share", c.Share);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("local");
                foreach (var (row, prediction, contributions) in report.Local)
                {
                    w.WriteStartObject();
                    w.WriteNumber("row", row);
                    Number("prediction", prediction);
                    w.WriteStartArray("contributions");
                    foreach (var c in contributions)
                    {
                        w.WriteStartObject();
                        w.WriteString("column", c.Feature);
                        Number("shap", c.Contribution);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            if (report.Permutation is { } permutation)
            {
                w.WriteStartObject("permutationImportance");
                w.WriteString("scoring", permutation.Scoring.ToString());
                Number("baselineScore", permutation.BaselineScore);
                Number("intervalLevel", permutation.IntervalLevel);
                w.WriteStartArray("features");
                foreach (var f in permutation.Features)
                {
                    w.WriteStartObject();
                    w.WriteString("feature", f.Feature);
                    Number("mean", f.Mean);
                    Number("standardDeviation", f.StandardDeviation);
                    Number("lower", f.Lower);
                    Number("upper", f.Upper);
                    w.WriteStartArray("repeats");
                    foreach (var v in f.Repeats)
                    {
                        w.WriteNumberValue(v);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            if (report.Surrogate is { } tree)
            {
                w.WriteStartObject("surrogate");
                w.WriteString("target", tree.Target);
                Number("fidelity", tree.Fidelity);
                Number("trainingFidelity", tree.TrainingFidelity);
                w.WriteNumber("trainingRows", tree.TrainingRows);
                w.WriteNumber("holdoutRows", tree.HoldoutRows);
                w.WriteStartArray("rules");
                foreach (var rule in tree.Rules)
                {
                    w.WriteStringValue(rule);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            if (report.Proxy is { } proxy)
            {
                w.WriteStartObject("proxyCheck");
                w.WriteBoolean("passed", proxy.Passed);
                Number("importanceShareLimit", proxy.Policy.ImportanceShareLimit);
                Number("associationThreshold", proxy.Policy.AssociationThreshold);
                w.WriteStartArray("findings");
                foreach (var f in proxy.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("column", f.Column);
                    w.WriteString("sensitiveAttribute", f.SensitiveAttribute);
                    w.WriteBoolean("isSensitiveAttribute", f.IsSensitiveAttribute);
                    w.WriteString("measure", f.Measure);
                    Number("association", f.Association);
                    Number("importanceShare", f.ImportanceShare);
                    w.WriteString("message", f.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("attributes");
                foreach (var a in proxy.Attributes)
                {
                    w.WriteStartObject();
                    w.WriteString("sensitiveAttribute", a.SensitiveAttribute);
                    Number("importanceShare", a.ImportanceShare);
                    w.WriteBoolean("exceeds", a.Exceeds);
                    w.WriteStartArray("columns");
                    foreach (var c in a.Columns)
                    {
                        w.WriteStringValue(c.Column);
                    }

                    w.WriteEndArray();
                    w.WriteString("message", a.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("associations");
                foreach (var a in proxy.Associations)
                {
                    w.WriteStartObject();
                    w.WriteString("column", a.Column);
                    w.WriteString("sensitiveAttribute", a.SensitiveAttribute);
                    w.WriteString("measure", a.Measure);
                    Number("value", a.Value);
                    w.WriteNumber("rows", a.Rows);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>What <c>eval explain</c> found, for rendering.</summary>
    private sealed class ExplainReport
    {
        public required string Model { get; init; }

        public required string Data { get; init; }

        public required int Rows { get; init; }

        public required int Sample { get; init; }

        public required int Seed { get; init; }

        public required string Method { get; init; }

        public string Output { get; set; } = string.Empty;

        public string ShapMethod { get; set; } = "KernelSHAP";

        public double BaseValue { get; set; }

        public bool Exact { get; set; }

        public int Background { get; set; }

        public ImmutableArray<GlobalImportance> Columns { get; set; }

        public ImmutableArray<(int Row, double Prediction, ImmutableArray<FeatureContribution> Contributions)> Local { get; set; } = [];

        public PermutationImportanceResult? Permutation { get; set; }

        public SurrogateTreeResult? Surrogate { get; set; }

        public ProxyReport? Proxy { get; set; }
    }
}
