using System.Collections.Immutable;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;
using Rampart.Manifest;
using Rampart.ML.Predictors;

namespace Rampart.Evaluation.Checks;

/// <summary>
/// FAIRNESS: every ONNX model named in the manifest is evaluated on every test dataset that has a label and
/// sensitive columns, with the policy's <c>fairness.*</c> thresholds (and the two defaults). Failed thresholds,
/// small groups, undefined metrics and evaluations that cannot run become findings; every checked metric becomes
/// a measurement with its bootstrap interval.
/// </summary>
/// <remarks>
/// The favourable class is the dataset's <c>favourable</c> value in the manifest or, without one, the label's most
/// frequent class, which is right for labels that mark an adverse event such as a default. Intervals use 1,000 replicates seeded by the run's seed.
/// </remarks>
public sealed class FairnessCheck : ICheck
{
    /// <summary>The check id.</summary>
    public const string Id = "FAIRNESS";

    /// <summary>The dataset role evaluated.</summary>
    public const string TestRole = EvaluationTargets.TestRole;

    private static readonly ImmutableArray<string> BiasThreats = ["THR-008"];

    private readonly int _bootstrapSamples;

    /// <summary>Creates the check.</summary>
    /// <param name="bootstrapSamples">Bootstrap replicates per evaluation (0 turns intervals off). Default 1,000.</param>
    public FairnessCheck(int bootstrapSamples = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bootstrapSamples);
        _bootstrapSamples = bootstrapSamples;
    }

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = Id,
        Title = "Model fairness",
        Description = "Each ONNX model is evaluated on each test dataset with a label and sensitive columns: selection rate, TPR and FPR per group and per intersection, demographic parity, equal opportunity and equalized odds with bootstrap intervals, checked against the policy's fairness thresholds (defaults: the four-fifths rule and a demographic parity difference of 0.1).",
        Techniques = ["TEC-ALG-13"],
        Threats = BiasThreats,
        Stages = ["model-development"],
        AssetKinds = [AssetKind.Model],
        Rules = FairnessRules.All,
    };

    /// <inheritdoc />
    public async ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var findings = new List<Finding>();
        var measurements = new List<Measurement>();
        var charts = new List<Chart>();
        var evaluated = 0;
        var any = false;
        await foreach (var target in EvaluationTargets.EnumerateAsync(manifest, d => !d.Sensitive.IsEmpty, cancellationToken).ConfigureAwait(false))
        {
            any = true;
            var (model, dataset, where) = (target.Model, target.Dataset, target.Where);
            if (target.Impossible is { } what)
            {
                findings.Add(EvaluationTargets.Impossible(Id, FairnessRules.EvaluationImpossible, target, "evaluated for fairness", what, target.Problems));
                continue;
            }

            var options = new ModelFairnessOptions
            {
                FavourableClass = dataset.Favourable,
                Fairness = new FairnessOptions { Seed = context.Seed, BootstrapSamples = _bootstrapSamples, Thresholds = manifest.Policy.Thresholds },
            };
            ValidationResult<ModelFairnessResult> result;
            try
            {
                result = await ModelFairness.EvaluateAsync(target.Loaded!, target.Data!, options, cancellationToken).ConfigureAwait(false);
            }
            catch (PredictorException ex)
            {
                findings.Add(EvaluationTargets.Impossible(Id, FairnessRules.EvaluationImpossible, target, "evaluated for fairness", $"prediction failed: {ex.Message.TrimEnd('.')}", []));
                continue;
            }

            if (!result.IsValid)
            {
                findings.Add(EvaluationTargets.Impossible(Id, FairnessRules.EvaluationImpossible, target, "evaluated for fairness", "the model and the data do not fit together", result.Problems));
                continue;
            }

            evaluated++;
            Report(manifest, model, dataset, result.Value!, where, findings, measurements);
            charts.AddRange(SelectionCharts(target, result.Value!));
        }

        if (!any)
        {
            return CheckResult.Empty;
        }

        measurements.Insert(0, new Measurement { CheckId = Id, Metric = "fairness.evaluations", Value = evaluated, Unit = "count", Verdict = Verdict.Info });
        return new CheckResult { Findings = [.. findings], Measurements = [.. measurements], Charts = [.. charts] };
    }

    /// <summary>The metric name of a grouping in measurements: the grouping's name with <c> &amp; </c> written <c>+</c>.</summary>
    /// <param name="grouping">The grouping's name, for example <c>sex &amp; age_band</c>.</param>
    /// <returns>For example <c>sex+age_band</c>.</returns>
    public static string GroupingKey(string grouping)
    {
        ArgumentNullException.ThrowIfNull(grouping);
        return grouping.Replace(" & ", "+", StringComparison.Ordinal);
    }

    private static void Report(SystemManifest manifest, ModelAsset model, DatasetAsset dataset, ModelFairnessResult result, FindingLocation where, List<Finding> findings, List<Measurement> measurements)
    {
        var report = result.Report;
        var subject = $"{model.Id} on {dataset.Id}";
        var outcome = $"favourable class '{result.FavourableClass}' of '{result.Label}' ({result.FavourableChosenBy})";
        foreach (var verdict in report.Verdicts)
        {
            var estimate = verdict.Estimate;
            var evidence = Evidence(model, dataset)
                .Add("grouping", verdict.Grouping)
                .Add("threshold_key", verdict.Key)
                .Add("threshold", F(verdict.Threshold))
                .Add("threshold_source", verdict.IsDefault ? "default" : "policy")
                .Add("value", F(estimate.Value))
                .Add("favourable_class", result.FavourableClass);
            if (estimate.Interval is { } ci)
            {
                evidence = evidence.Add("interval", $"{F(ci.Lower)} to {F(ci.Upper)} ({F(ci.Level * 100)}%, {ci.DefinedReplicates} of {ci.Replicates} replicates)");
            }

            measurements.Add(new Measurement
            {
                CheckId = Id,
                Metric = $"fairness.{GroupingKey(verdict.Grouping)}.{verdict.Metric}",
                Subject = subject,
                Value = estimate.Value,
                Lower = estimate.Interval?.Lower,
                Upper = estimate.Interval?.Upper,
                Threshold = verdict.Threshold,
                Verdict = verdict.Outcome switch { VerdictOutcome.Pass => Verdict.Pass, VerdictOutcome.Fail => Verdict.Fail, _ => Verdict.Undefined },
                Reason = verdict.Outcome == VerdictOutcome.Undefined ? estimate.UndefinedReason : null,
                Threats = BiasThreats,
            });
            var location = where with { Logical = $"{subject}: {verdict.Grouping}" };
            if (verdict.Outcome == VerdictOutcome.Fail)
            {
                var severity = verdict.IsDefault ? Severity.Medium : manifest.Policy.FailOn;
                var rates = GroupRates(report.Grouping(verdict.Grouping), verdict.Metric);
                findings.Add(Make(FairnessRules.ThresholdFailed, severity, $"Model '{model.Id}' on '{dataset.Id}', {outcome}: {verdict.Message}{rates}", location, BiasThreats, evidence) with
                {
                    Confidence = verdict.IntervalAgrees == false ? Confidence.Medium : Confidence.High,
                });
            }
            else if (verdict.Outcome == VerdictOutcome.Undefined)
            {
                findings.Add(Make(FairnessRules.ThresholdUndefined, FairnessRules.ThresholdUndefined.DefaultSeverity, $"Model '{model.Id}' on '{dataset.Id}': {verdict.Message}", location, [], evidence));
            }
        }

        foreach (var grouping in report.Groupings)
        {
            foreach (var group in grouping.Groups)
            {
                var rate = group.SelectionRate;
                measurements.Add(new Measurement
                {
                    CheckId = Id,
                    Metric = $"fairness.{GroupingKey(grouping.Name)}.selection_rate",
                    Subject = $"{subject}: {group.Group}",
                    Value = rate.Value,
                    Lower = rate.Interval?.Lower,
                    Upper = rate.Interval?.Upper,
                    Verdict = Verdict.Info,
                });
            }
        }

        foreach (var warning in report.Warnings)
        {
            findings.Add(Make(
                FairnessRules.SmallGroup,
                FairnessRules.SmallGroup.DefaultSeverity,
                $"Model '{model.Id}' on '{dataset.Id}': {warning.Message}",
                where with { Logical = $"{subject}: {warning.Grouping}: {warning.Group}" },
                [],
                Evidence(model, dataset).Add("grouping", warning.Grouping).Add("group", warning.Group).Add("warning", warning.Code)));
        }
    }

    /// <summary>One bar chart per grouping: each group's selection rate (of the favourable class) with its interval.</summary>
    private static IEnumerable<Chart> SelectionCharts(EvaluationTarget target, ModelFairnessResult result) =>
        result.Report.Groupings.Select(grouping => new Chart
        {
            CheckId = Id,
            Id = $"fairness.{target.Model.Id}.{target.Dataset.Id}.{GroupingKey(grouping.Name)}",
            Title = $"Selection rate by {grouping.Name}: {target.Subject}",
            Kind = ChartKind.Bar,
            XLabel = grouping.Name,
            YLabel = $"selection rate (share predicted '{result.FavourableClass}')",
            YMin = 0,
            YMax = 1,
            Series = [new ChartSeries
            {
                Name = "selection rate",
                Points = [.. grouping.Groups.Select((g, i) => new ChartPoint { X = i, Y = g.SelectionRate.Value, Label = $"{g.Group} (n={g.Counts.Total})", Lower = g.SelectionRate.Interval?.Lower, Upper = g.SelectionRate.Interval?.Upper })],
            }],
            Note = $"Favourable class '{result.FavourableClass}' of '{result.Label}' ({result.FavourableChosenBy}); 95% bootstrap intervals. Demographic parity compares these rates.",
        });

    /// <summary>The per-group rates behind an aggregate, for the finding's message; empty for indices.</summary>
    private static string GroupRates(GroupingReport grouping, string metric)
    {
        Func<GroupMetrics, MetricEstimate>[] rates = metric switch
        {
            _ when metric.Contains("demographic_parity", StringComparison.Ordinal) || metric.Contains("disparate_impact", StringComparison.Ordinal) || metric.Contains("statistical_parity", StringComparison.Ordinal) => [g => g.SelectionRate],
            _ when metric.Contains("equal_opportunity", StringComparison.Ordinal) => [g => g.TruePositiveRate],
            _ when metric.Contains("odds", StringComparison.Ordinal) => [g => g.TruePositiveRate, g => g.FalsePositiveRate],
            _ when metric.Contains("accuracy", StringComparison.Ordinal) => [g => g.Accuracy],
            _ when metric.Contains("error_rate", StringComparison.Ordinal) => [g => g.ErrorRate],
            _ => [],
        };
        if (rates.Length == 0)
        {
            return string.Empty;
        }

        var parts = rates.Select(rate =>
        {
            var name = rate(grouping.Groups[0]).Name;
            return $" {name} by group: " + string.Join("; ", grouping.Groups.Select(g => $"{g.Group} {Shown(rate(g))} (n={g.Counts.Total})")) + ".";
        });
        return string.Concat(parts);
    }

    private static string Shown(MetricEstimate estimate) => !estimate.IsDefined
        ? "undefined"
        : estimate.Interval is { } ci ? $"{F(estimate.Value)} [{F(ci.Lower)}, {F(ci.Upper)}]" : F(estimate.Value);

    private static ImmutableSortedDictionary<string, string> Evidence(ModelAsset model, DatasetAsset dataset) => EvaluationTargets.Evidence(model, dataset);

    private static Finding Make(RuleDescriptor rule, Severity severity, string message, FindingLocation location, ImmutableArray<string> threats, ImmutableSortedDictionary<string, string> evidence) =>
        EvaluationTargets.Make(Id, rule, severity, message, location, threats, evidence);

    private static string F(double value) => EvaluationTargets.F(value);
}
