using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Diagnostics;
using Rampart.Evaluation.Explainability;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Statistics;
using Rampart.Manifest;
using Rampart.ML.Predictors;

namespace Rampart.Evaluation.Checks;

/// <summary>
/// EXPLAINABILITY: every ONNX model named in the manifest is explained on every labelled test dataset: SHAP (TreeSHAP
/// for tree ensembles, else KernelSHAP) global importances per column on a seeded sample of rows, permutation importance with intervals, and a depth-3
/// surrogate tree with its fidelity. A sensitive attribute or a proxy of it holding more than the policy's share of
/// the importance, or a surrogate below the policy's fidelity, becomes a finding; the importances become
/// measurements and a chart.
/// </summary>
public sealed class ExplainabilityCheck : ICheck
{
    /// <summary>The check id.</summary>
    public const string Id = "EXPLAINABILITY";

    /// <summary>The policy key of the largest share of importance a sensitive attribute or proxy may hold.</summary>
    public const string SensitiveShareKey = "explainability.sensitive_share";

    /// <summary>The policy key of the association from which a column counts as a proxy.</summary>
    public const string ProxyAssociationKey = "explainability.proxy_association";

    /// <summary>The policy key of the lowest acceptable fidelity of the surrogate tree.</summary>
    public const string MinSurrogateFidelityKey = "explainability.min_surrogate_fidelity";

    /// <summary>The fewest held-out rows on which the surrogate's fidelity is judged.</summary>
    private const int MinHoldoutRows = 30;

    private static readonly ImmutableArray<string> BiasThreats = ["THR-008", "THR-007"];

    private static readonly ImmutableArray<string> OpacityThreats = ["THR-007"];

    private static readonly FrozenDictionary<string, ThresholdSpec> Specs = new Dictionary<string, ThresholdSpec>(StringComparer.Ordinal)
    {
        [SensitiveShareKey] = ThresholdSpec.Fraction(0.1, "a share"),
        [ProxyAssociationKey] = ThresholdSpec.Fraction(0.5, "a share"),
        [MinSurrogateFidelityKey] = ThresholdSpec.Fraction(0.8, "a share"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly int _explainedRows;
    private readonly int _backgroundRows;
    private readonly int _permutationRows;

    /// <summary>Creates the check.</summary>
    /// <param name="explainedRows">Rows explained by KernelSHAP (a seeded sample). Default 50.</param>
    /// <param name="backgroundRows">KernelSHAP background rows (a seeded sample). Default 10.</param>
    /// <param name="permutationRows">Rows permuted for permutation importance (a seeded sample). Default 1,000.</param>
    public ExplainabilityCheck(int explainedRows = 50, int backgroundRows = 10, int permutationRows = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(explainedRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(backgroundRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutationRows, 1);
        _explainedRows = explainedRows;
        _backgroundRows = backgroundRows;
        _permutationRows = permutationRows;
    }

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = Id,
        Title = "Model explainability",
        Description = "Each ONNX model is explained on each labelled test dataset: SHAP importance per column (TreeSHAP for tree ensembles, else KernelSHAP), permutation importance with intervals and a depth-3 surrogate tree with its fidelity. Sensitive attributes and their proxies must hold at most the policy's share of the importance (default 0.1), and the surrogate should reach the policy's fidelity (default 0.8).",
        Techniques = ["TEC-ALG-14"],
        Threats = BiasThreats,
        Stages = ["model-development"],
        AssetKinds = [AssetKind.Model],
        Rules = ExplainabilityRules.All,
    };

    /// <inheritdoc />
    public async ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var findings = new List<Finding>();
        var measurements = new List<Measurement>();
        var charts = new List<Chart>();
        var (thresholds, thresholdProblems) = EvaluationTargets.Thresholds(manifest.Policy, "explainability.", Specs);
        var evaluated = 0;
        var any = false;
        await foreach (var target in EvaluationTargets.EnumerateAsync(manifest, _ => true, cancellationToken).ConfigureAwait(false))
        {
            if (!any && !thresholdProblems.IsEmpty)
            {
                findings.Add(EvaluationTargets.PolicyFinding(Id, ExplainabilityRules.EvaluationImpossible, manifest, "explainability", thresholdProblems));
            }

            any = true;
            if (target.Impossible is { } what)
            {
                findings.Add(Impossible(target, what, target.Problems));
                continue;
            }

            try
            {
                if (await ExplainAsync(manifest, target, thresholds, context.Seed, findings, measurements, charts, cancellationToken).ConfigureAwait(false))
                {
                    evaluated++;
                }
            }
            catch (PredictorException ex)
            {
                findings.Add(Impossible(target, $"prediction failed: {ex.Message.TrimEnd('.')}", []));
            }
            catch (ArgumentException ex)
            {
                // The explainers refuse NaN inputs (a missing value without a missing indicator), naming the cell.
                findings.Add(Impossible(target, ex.Message.TrimEnd('.'), []));
            }
        }

        if (!any)
        {
            return CheckResult.Empty;
        }

        measurements.Insert(0, new Measurement { CheckId = Id, Metric = "explainability.evaluations", Value = evaluated, Unit = "count", Verdict = Verdict.Info });
        return new CheckResult { Findings = [.. findings], Measurements = [.. measurements], Charts = [.. charts] };
    }

    private async Task<bool> ExplainAsync(SystemManifest manifest, EvaluationTarget target, ImmutableDictionary<string, (double Value, bool FromPolicy)> thresholds, int seed, List<Finding> findings, List<Measurement> measurements, List<Chart> charts, CancellationToken cancellationToken)
    {
        var (model, data, subject) = (target.Loaded!, target.Data!, target.Subject);
        var problems = new List<Problem>();
        var map = ModelFairness.ResolveFeatureMap(model, data, problems);
        var targets = map is null ? null : model.Targets(data, problems);
        var encoded = problems.Count == 0 ? map!.Encode(data) : null;
        if (encoded is { IsValid: false })
        {
            problems.AddRange(encoded.Problems);
        }

        if (problems.Count > 0)
        {
            findings.Add(Impossible(target, "the model and the data do not fit together", problems));
            return false;
        }

        var x = encoded!.Value!;
        var names = Enumerable.Range(0, map!.FeatureCount).Select(map.Describe).ToArray();
        var random = new Random(seed);
        var explained = RowSample.Choose(random, data.RowCount, _explainedRows);
        var background = x.SelectRows(RowSample.Choose(random, data.RowCount, _backgroundRows));
        var explainer = PredictorShap.For(model.Predictor);
        var shap = ShapSummary.GroupByColumns(await explainer.ExplainAsync(background, x.SelectRows(explained), seed, names, cancellationToken).ConfigureAwait(false), map);
        var columns = ShapSummary.GlobalImportances(shap);
        var intervals = ShapSummary.ShareIntervals(shap, seed: seed);
        foreach (var column in columns)
        {
            var (lower, upper) = intervals[column.Feature];
            measurements.Add(Info("explainability.shap_share", $"{subject}: {column.Feature}", column.Share) with { Lower = lower, Upper = upper });
        }

        var permuted = RowSample.Choose(random, data.RowCount, _permutationRows);
        var classification = model.Predictor.Info.Kind == PredictionKind.Classification;
        var permutation = await PermutationImportance.ComputeAsync(
            model.Predictor,
            x.SelectRows(permuted),
            [.. permuted.Select(r => targets![r])],
            new PermutationImportanceOptions { Seed = seed, Scoring = classification ? ImportanceScoring.NegativeLogLoss : ImportanceScoring.RSquared },
            names,
            cancellationToken).ConfigureAwait(false);
        foreach (var feature in permutation.Features)
        {
            measurements.Add(new Measurement
            {
                CheckId = Id,
                Metric = "explainability.permutation_importance",
                Subject = $"{subject}: {feature.Feature}",
                Value = feature.Mean,
                Lower = feature.Lower,
                Upper = feature.Upper,
                Unit = classification ? "log loss" : "R²",
                Verdict = Verdict.Info,
            });
        }

        var tree = await SurrogateTree.FitAsync(model.Predictor, x, new SurrogateTreeOptions { Seed = seed }, names, cancellationToken).ConfigureAwait(false);
        var (minFidelity, fidelityFromPolicy) = thresholds[MinSurrogateFidelityKey];
        var enough = tree.HoldoutRows >= MinHoldoutRows;
        var lowFidelity = enough && tree.Fidelity < minFidelity;
        measurements.Add(new Measurement
        {
            CheckId = Id,
            Metric = "explainability.surrogate_fidelity",
            Subject = subject,
            Value = tree.Fidelity,
            Threshold = minFidelity,
            Verdict = !enough ? Verdict.Undefined : lowFidelity ? Verdict.Fail : Verdict.Pass,
            Reason = enough ? null : $"only {tree.HoldoutRows} held-out row(s); the verdict needs at least {MinHoldoutRows}",
            Threats = OpacityThreats,
        });
        if (lowFidelity)
        {
            findings.Add(Make(
                ExplainabilityRules.LowSurrogateFidelity,
                fidelityFromPolicy ? Severity.Medium : ExplainabilityRules.LowSurrogateFidelity.DefaultSeverity,
                $"Model '{target.Model.Id}' on '{target.Dataset.Id}': a depth-3 surrogate tree agrees with the model's {tree.Target} on {F(tree.Fidelity)} of {tree.HoldoutRows} held-out rows, below the {(fidelityFromPolicy ? "policy's" : "default")} {F(minFidelity)}; no short set of rules explains its decisions.",
                target.Where,
                OpacityThreats,
                Evidence(target).Add("fidelity", F(tree.Fidelity)).Add("threshold", F(minFidelity))));
        }

        var sensitive = target.Dataset.Sensitive.Where(s => data.TryGetColumn(s, out _)).ToList();
        var (share, shareFromPolicy) = thresholds[SensitiveShareKey];
        var (association, _) = thresholds[ProxyAssociationKey];
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        if (sensitive.Count > 0)
        {
            var proxy = ProxyDetector.Detect(columns, data, sensitive, new ProxyPolicy { ImportanceShareLimit = share, AssociationThreshold = association });
            foreach (var attribute in proxy.Attributes)
            {
                var (lower, upper) = ShapSummary.CombinedShareInterval(shap, [.. attribute.Columns.Select(c => c.Column)], seed: seed);
                measurements.Add(new Measurement
                {
                    CheckId = Id,
                    Metric = "explainability.sensitive_share",
                    Subject = $"{subject}: {attribute.SensitiveAttribute}",
                    Value = attribute.ImportanceShare,
                    Lower = lower,
                    Upper = upper,
                    Threshold = share,
                    Verdict = attribute.Exceeds ? Verdict.Fail : Verdict.Pass,
                    Threats = BiasThreats,
                });
                if (!attribute.Exceeds)
                {
                    continue;
                }

                flagged.UnionWith(attribute.Columns.Select(c => c.Column));
                var settled = lower > share;
                findings.Add(Make(
                    ExplainabilityRules.SensitiveDriver,
                    shareFromPolicy ? manifest.Policy.FailOn : Severity.Medium,
                    $"Model '{target.Model.Id}' on '{target.Dataset.Id}': {attribute.Message} The share's 95% interval over the explained rows is {F(lower)} to {F(upper)}{(settled ? string.Empty : ", which reaches the limit: more explained rows would settle it")}. ({explainer.Method} of {shap.Output} on {explained.Length} rows, {background.Rows} background rows.)",
                    target.Where with { Logical = $"{subject}: {attribute.SensitiveAttribute}" },
                    BiasThreats,
                    Evidence(target)
                        .Add("sensitive_attribute", attribute.SensitiveAttribute)
                        .Add("columns", string.Join(", ", attribute.Columns.Select(c => c.IsSensitiveAttribute ? $"{c.Column} (itself) {F(c.ImportanceShare)}" : $"{c.Column} ({c.Measure} {F(c.Association)}) {F(c.ImportanceShare)}")))
                        .Add("importance_share", F(attribute.ImportanceShare))
                        .Add("interval", $"{F(lower)} to {F(upper)} (95%, bootstrap over explained rows)")
                        .Add("threshold", F(share))
                        .Add("threshold_source", shareFromPolicy ? "policy" : "default")) with
                {
                    Confidence = settled ? Confidence.High : Confidence.Medium,
                });
            }
        }

        charts.Add(new Chart
        {
            CheckId = Id,
            Id = $"explainability.{target.Model.Id}.{target.Dataset.Id}",
            Title = $"Global importance per column: {subject}",
            Kind = ChartKind.Bar,
            XLabel = "column",
            YLabel = "share of mean |SHAP|",
            YMin = 0,
            Series = [new ChartSeries { Name = $"{explainer.Method} share", Points = [.. columns.Select((c, i) => new ChartPoint { X = i, Y = c.Share, Label = c.Feature, Lower = intervals[c.Feature].Lower, Upper = intervals[c.Feature].Upper })] }],
            Note = string.Create(CultureInfo.InvariantCulture, $"{explainer.Method} of {shap.Output} on {explained.Length} of {data.RowCount} rows with {background.Rows} background rows ({(shap.Exact ? "exact" : "sampled coalitions")}), seed {seed}; base value {F(shap.BaseValue)}; 95% bootstrap intervals over the explained rows.{(flagged.Count > 0 ? $" Sensitive attributes and proxies of an attribute above the share limit of {F(share)} together: {string.Join(", ", flagged.Order(StringComparer.Ordinal))}." : string.Empty)}"),
        });
        return true;
    }

    private static Measurement Info(string metric, string subject, double value) => new()
    {
        CheckId = Id,
        Metric = metric,
        Subject = subject,
        Value = value,
        Verdict = double.IsNaN(value) ? Verdict.Undefined : Verdict.Info,
    };

    private static Finding Impossible(EvaluationTarget target, string what, IEnumerable<Problem> problems) =>
        EvaluationTargets.Impossible(Id, ExplainabilityRules.EvaluationImpossible, target, "explained", what, problems);

    private static ImmutableSortedDictionary<string, string> Evidence(EvaluationTarget target) => EvaluationTargets.Evidence(target.Model, target.Dataset);

    private static Finding Make(RuleDescriptor rule, Severity severity, string message, FindingLocation location, ImmutableArray<string> threats, ImmutableSortedDictionary<string, string> evidence) =>
        EvaluationTargets.Make(Id, rule, severity, message, location, threats, evidence);

    private static string F(double value) => EvaluationTargets.F(value);
}
