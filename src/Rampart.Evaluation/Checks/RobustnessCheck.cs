using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Diagnostics;
using Rampart.Evaluation.Robustness;
using Rampart.Evaluation.Statistics;
using Rampart.Manifest;
using Rampart.ML.Predictors;

namespace Rampart.Evaluation.Checks;

/// <summary>
/// ROBUSTNESS: every ONNX classifier named in the manifest is attacked on a seeded sample of every labelled test
/// dataset (FGSM, PGD, HopSkipJump and Square over an ε grid, with the constraints inferred from the data and the
/// dataset's immutable columns) and corrupted (noise, missing values, scaling, categorical flips). The accuracy
/// drop at the policy's budget and under moderate corruptions are checked against the policy; the curves become
/// measurements and a chart.
/// </summary>
public sealed class RobustnessCheck : ICheck
{
    /// <summary>The check id.</summary>
    public const string Id = "ROBUSTNESS";

    /// <summary>The policy key of the budget at which the verdict is taken.</summary>
    public const string EpsilonKey = "robustness.epsilon";

    /// <summary>The policy key of the largest allowed accuracy drop under attack.</summary>
    public const string MaxAccuracyDropKey = "robustness.max_accuracy_drop";

    /// <summary>The policy key of the largest allowed accuracy drop under a moderate natural corruption.</summary>
    public const string MaxCorruptionDropKey = "robustness.max_corruption_drop";

    private static readonly ImmutableArray<string> EvasionThreats = ["THR-013", "THR-006"];

    private static readonly ImmutableArray<string> WeakThreats = ["THR-006"];

    private static readonly FrozenDictionary<string, ThresholdSpec> Specs = new Dictionary<string, ThresholdSpec>(StringComparer.Ordinal)
    {
        [EpsilonKey] = new(0.1, v => double.IsFinite(v) && v > 0, "a budget", "a positive number"),
        [MaxAccuracyDropKey] = ThresholdSpec.Fraction(0.1, "an accuracy drop"),
        [MaxCorruptionDropKey] = ThresholdSpec.Fraction(0.05, "an accuracy drop"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly int _maxRows;

    /// <summary>Creates the check.</summary>
    /// <param name="maxRows">Rows attacked per (model, dataset) pair, a seeded sample. Default 200.</param>
    public RobustnessCheck(int maxRows = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        _maxRows = maxRows;
    }

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = Id,
        Title = "Model robustness",
        Description = "Each ONNX classifier is attacked on a seeded sample of each labelled test dataset: FGSM and PGD (white-box, with the runtime's input gradients), HopSkipJump and Square (black-box), over a grid of L-infinity budgets with the feature constraints inferred from the data, plus natural corruptions. The accuracy drop at the policy's budget (default ε 0.1, drop at most 0.1) and under moderate corruptions (drop at most 0.05) are checked.",
        Techniques = ["TEC-ALG-12"],
        Threats = EvasionThreats,
        Stages = ["model-development"],
        AssetKinds = [AssetKind.Model],
        Rules = RobustnessRules.All,
    };

    /// <inheritdoc />
    public async ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var findings = new List<Finding>();
        var measurements = new List<Measurement>();
        var charts = new List<Chart>();
        var (thresholds, thresholdProblems) = EvaluationTargets.Thresholds(manifest.Policy, "robustness.", Specs);
        var evaluated = 0;
        var any = false;
        await foreach (var target in EvaluationTargets.EnumerateAsync(manifest, _ => true, cancellationToken).ConfigureAwait(false))
        {
            if (!any && !thresholdProblems.IsEmpty)
            {
                findings.Add(EvaluationTargets.PolicyFinding(Id, RobustnessRules.EvaluationImpossible, manifest, "robustness", thresholdProblems));
            }

            any = true;
            var (model, dataset, where) = (target.Model, target.Dataset, target.Where);
            if (target.Impossible is { } what)
            {
                findings.Add(Impossible(target, what, target.Problems));
                continue;
            }

            if (target.Loaded!.Predictor.Info.Kind != PredictionKind.Classification)
            {
                findings.Add(Impossible(target, "the model is a regressor; the robustness check attacks classifiers", []) with { Severity = Severity.Low });
                continue;
            }

            var epsilon = thresholds[EpsilonKey].Value;
            var options = new ModelRobustnessOptions
            {
                Epsilons = [.. RobustnessCurve.DefaultEpsilons.Append(epsilon).Distinct().Order()],
                ImmutableColumns = dataset.Immutable,
                MaxRows = _maxRows,
                SampleRows = true,
                Seed = context.Seed,
            };
            ValidationResult<ModelRobustnessResult> result;
            try
            {
                result = await ModelRobustness.EvaluateAsync(target.Loaded!, target.Data!, options, cancellationToken).ConfigureAwait(false);
            }
            catch (PredictorException ex)
            {
                findings.Add(Impossible(target, $"prediction failed: {ex.Message.TrimEnd('.')}", []));
                continue;
            }

            if (!result.IsValid)
            {
                findings.Add(Impossible(target, "the model and the data do not fit together", result.Problems));
                continue;
            }

            evaluated++;
            Report(manifest, target, result.Value!, thresholds, findings, measurements, charts);
        }

        if (!any)
        {
            return CheckResult.Empty;
        }

        measurements.Insert(0, new Measurement { CheckId = Id, Metric = "robustness.evaluations", Value = evaluated, Unit = "count", Verdict = Verdict.Info });
        return new CheckResult { Findings = [.. findings], Measurements = [.. measurements], Charts = [.. charts] };
    }

    /// <summary>The metric key of an attack in measurements, for example <c>pgd</c>.</summary>
    /// <param name="attack">The attack.</param>
    /// <returns>A lower-case key.</returns>
    public static string AttackKey(RobustnessAttack attack) => attack.ToString().ToLowerInvariant();

    private static void Report(SystemManifest manifest, EvaluationTarget target, ModelRobustnessResult result, ImmutableDictionary<string, (double Value, bool FromPolicy)> thresholds, List<Finding> findings, List<Measurement> measurements, List<Chart> charts)
    {
        var (model, dataset, where, subject) = (target.Model, target.Dataset, target.Where, target.Subject);
        var epsilon = thresholds[EpsilonKey].Value;
        var (maxDrop, dropFromPolicy) = thresholds[MaxAccuracyDropKey];
        var (maxCorruption, corruptionFromPolicy) = thresholds[MaxCorruptionDropKey];
        var scope = $"{result.Rows} of {result.TotalRows} rows (seeded sample, seed {result.Seed}), L-infinity budgets in {Units(result)}";
        var rows = result.Rows;
        measurements.Add(WithInterval(Info("robustness.clean_accuracy", subject, result.CleanAccuracy), result.CleanAccuracy, rows));
        foreach (var attack in result.Attacks)
        {
            foreach (var point in attack.Points.Where(p => p.Epsilon > 0))
            {
                measurements.Add(WithInterval(Info($"robustness.{AttackKey(attack.Attack)}.accuracy", $"{subject}: ε={F(point.Epsilon)}", point.Accuracy), point.Accuracy, rows));
            }

            if (attack.Summary is { } summary)
            {
                var key = $"robustness.{AttackKey(attack.Attack)}";
                measurements.Add(Info($"{key}.success_rate", subject, summary.SuccessRate));
                measurements.Add(Info($"{key}.median_perturbation", subject, summary.MedianPerturbation, "input units"));
                measurements.Add(Info($"{key}.mean_queries", subject, summary.MeanQueries, "count"));
            }
        }

        foreach (var skipped in result.Skipped.Where(s => s.Contains("input gradients", StringComparison.Ordinal)).Take(1))
        {
            findings.Add(Make(RobustnessRules.WhiteBoxSkipped, RobustnessRules.WhiteBoxSkipped.DefaultSeverity, $"Model '{model.Id}' on '{dataset.Id}': {skipped.Replace("FGSM: ", "FGSM and PGD: ", StringComparison.Ordinal)}", where, EvasionThreats, Evidence(target)));
        }

        var worst = result.WorstCase.FirstOrDefault(p => p.Epsilon == epsilon);
        if (worst is not null)
        {
            var drop = result.CleanAccuracy - worst.Accuracy;
            var failed = drop > maxDrop + 1e-12;
            var (dropLower, dropUpper) = Interval(Math.Max(0, drop), rows);
            measurements.Add(new Measurement
            {
                CheckId = Id,
                Metric = "robustness.accuracy_drop",
                Subject = $"{subject}: ε={F(epsilon)}",
                Value = drop,
                Lower = dropLower,
                Upper = dropUpper,
                Threshold = maxDrop,
                Verdict = failed ? Verdict.Fail : Verdict.Pass,
                Threats = EvasionThreats,
            });
            if (failed)
            {
                var at = result.Attacks.Select(a => (a, p: a.Points.First(p => p.Epsilon == epsilon))).OrderBy(x => x.p.Accuracy).ToList();
                var strongest = at[0];
                var others = string.Join(", ", at.Skip(1).Select(x => $"{ModelRobustness.Name(x.a.Attack)} {F(x.p.Accuracy)}"));
                var evidence = Evidence(target)
                    .Add("attack", AttackKey(strongest.a.Attack))
                    .Add("epsilon", F(epsilon))
                    .Add("clean_accuracy", F(result.CleanAccuracy))
                    .Add("attacked_accuracy", F(worst.Accuracy))
                    .Add("drop", F(drop))
                    .Add("threshold", F(maxDrop))
                    .Add("threshold_source", dropFromPolicy ? "policy" : "default")
                    .Add("interval", $"{F(dropLower)} to {F(dropUpper)} (95% Wilson, share of rows the attack turned wrong)")
                    .Add("rows", result.Rows.ToString(CultureInfo.InvariantCulture));
                findings.Add(Make(
                    RobustnessRules.AttackAccuracyDrop,
                    dropFromPolicy ? manifest.Policy.FailOn : Severity.Medium,
                    $"Model '{model.Id}' on '{dataset.Id}': under {ModelRobustness.Name(strongest.a.Attack)} at ε={F(epsilon)} the accuracy falls from {F(result.CleanAccuracy)} to {F(worst.Accuracy)}, a drop of {F(drop)} (95% interval {F(dropLower)} to {F(dropUpper)}) above the {(dropFromPolicy ? "policy's" : "default")} limit of {F(maxDrop)}{(others.Length > 0 ? $" (other attacks: {others})" : string.Empty)}; {scope}.",
                    where with { Logical = $"{subject}: ε={F(epsilon)}" },
                    EvasionThreats,
                    evidence) with
                {
                    Confidence = dropLower > maxDrop ? Confidence.High : Confidence.Medium,
                });
            }
        }

        if (result.Natural is { } natural)
        {
            var moderate = new List<(CorruptionKind Kind, CurvePoint Point)>();
            foreach (var curve in natural.Corruptions)
            {
                foreach (var point in curve.Points.Where(p => p.Epsilon > 0))
                {
                    measurements.Add(Info($"robustness.natural.{curve.Kind.ToString().ToLowerInvariant()}.accuracy", $"{subject}: severity {F(point.Epsilon)}", point.Accuracy));
                }

                // The second severity of each default grid is the moderate one the verdict uses.
                var positive = curve.Points.Where(p => p.Epsilon > 0).ToList();
                if (positive.Count > 0)
                {
                    moderate.Add((curve.Kind, positive[Math.Min(1, positive.Count - 1)]));
                }
            }

            if (moderate.Count > 0)
            {
                var (kind, point) = moderate.OrderBy(m => m.Point.Accuracy).First();
                var drop = natural.CleanAccuracy - point.Accuracy;
                var failed = drop > maxCorruption + 1e-12;
                measurements.Add(new Measurement
                {
                    CheckId = Id,
                    Metric = "robustness.natural.accuracy_drop",
                    Subject = subject,
                    Value = drop,
                    Threshold = maxCorruption,
                    Verdict = failed ? Verdict.Fail : Verdict.Pass,
                    Threats = WeakThreats,
                });
                if (failed)
                {
                    findings.Add(Make(
                        RobustnessRules.CorruptionAccuracyDrop,
                        corruptionFromPolicy ? manifest.Policy.FailOn : Severity.Medium,
                        $"Model '{model.Id}' on '{dataset.Id}': under {Describe(kind, point.Epsilon)} the accuracy falls from {F(natural.CleanAccuracy)} to {F(point.Accuracy)}, a drop of {F(drop)} above the {(corruptionFromPolicy ? "policy's" : "default")} limit of {F(maxCorruption)}; {result.Rows} rows.",
                        where with { Logical = $"{subject}: {kind}" },
                        WeakThreats,
                        Evidence(target).Add("corruption", kind.ToString()).Add("severity", F(point.Epsilon)).Add("drop", F(drop)).Add("threshold", F(maxCorruption))));
                }
            }
        }

        charts.Add(CurveChart(target, result, epsilon));
    }

    private static Chart CurveChart(EvaluationTarget target, ModelRobustnessResult result, double epsilon)
    {
        var series = ImmutableArray.CreateBuilder<ChartSeries>();
        foreach (var attack in result.Attacks)
        {
            series.Add(new ChartSeries { Name = ModelRobustness.Name(attack.Attack), Points = [.. attack.Points.Select(p => new ChartPoint { X = p.Epsilon, Y = p.Accuracy })] });
        }

        if (result.Attacks.Length > 1)
        {
            series.Add(new ChartSeries
            {
                Name = "worst case",
                Points = [.. result.WorstCase.Select(p =>
                {
                    var (lower, upper) = Interval(p.Accuracy, result.Rows);
                    return new ChartPoint { X = p.Epsilon, Y = p.Accuracy, Lower = lower, Upper = upper };
                })],
            });
        }

        var skipped = result.Skipped.IsEmpty ? string.Empty : " " + string.Join(" ", result.Skipped);
        return new Chart
        {
            CheckId = Id,
            Id = $"robustness.{target.Model.Id}.{target.Dataset.Id}",
            Title = $"Accuracy under attack versus ε: {target.Subject}",
            Kind = ChartKind.Line,
            XLabel = "ε",
            YLabel = "accuracy",
            YMin = 0,
            YMax = 1,
            Series = series.ToImmutable(),
            Note = $"ε is the L-infinity budget in {Units(result)}. {result.Rows} of {result.TotalRows} rows, seed {result.Seed}; clean accuracy {F(result.CleanAccuracy)}; verdict at ε={F(epsilon)}; 95% Wilson intervals on the worst case.{skipped}",
        };
    }

    /// <summary>What a budget is measured in: the model's inputs, which Rampart-trained models standardise.</summary>
    private static string Units(ModelRobustnessResult result) => result.Map.Columns.Any(c => c.StandardDeviation is not null)
        ? "the model's input units (numeric columns standardised by its feature map)"
        : "the model's input units (the data's raw values)";

    private static string Describe(CorruptionKind kind, double severity) => kind switch
    {
        CorruptionKind.GaussianNoise => $"Gaussian noise of σ = {F(severity)} × each numeric feature's standard deviation",
        CorruptionKind.MissingValues => $"{F(severity * 100)}% missing values",
        CorruptionKind.Scaling => $"numeric values scaled by up to ±{F(severity * 100)}%",
        CorruptionKind.CategoricalFlips => $"{F(severity * 100)}% categorical flips",
        _ => $"{kind} at severity {F(severity)}",
    };

    /// <summary>The 95% Wilson interval of a share of <paramref name="rows"/> rows.</summary>
    private static (double Lower, double Upper) Interval(double share, int rows) =>
        double.IsNaN(share) || rows < 1 ? (double.NaN, double.NaN) : WilsonInterval.Of((int)Math.Round(Math.Clamp(share, 0, 1) * rows), rows);

    private static Measurement WithInterval(Measurement measurement, double share, int rows)
    {
        var (lower, upper) = Interval(share, rows);
        return measurement with { Lower = lower, Upper = upper };
    }

    private static Measurement Info(string metric, string subject, double value, string unit = "ratio") => new()
    {
        CheckId = Id,
        Metric = metric,
        Subject = subject,
        Value = value,
        Unit = unit,
        Verdict = double.IsNaN(value) ? Verdict.Undefined : Verdict.Info,
    };

    private static Finding Impossible(EvaluationTarget target, string what, IEnumerable<Problem> problems) =>
        EvaluationTargets.Impossible(Id, RobustnessRules.EvaluationImpossible, target, "evaluated for robustness", what, problems);

    private static ImmutableSortedDictionary<string, string> Evidence(EvaluationTarget target) => EvaluationTargets.Evidence(target.Model, target.Dataset);

    private static Finding Make(RuleDescriptor rule, Severity severity, string message, FindingLocation location, ImmutableArray<string> threats, ImmutableSortedDictionary<string, string> evidence) =>
        EvaluationTargets.Make(Id, rule, severity, message, location, threats, evidence);

    private static string F(double value) => EvaluationTargets.F(value);
}
