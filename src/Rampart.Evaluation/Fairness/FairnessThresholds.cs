using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// The policy threshold keys for fairness (<c>policy.thresholds</c> in the manifest): <c>fairness.&lt;metric&gt;</c>
/// for every aggregate, plus <c>fairness.disparate_impact_ratio</c>, the four-fifths rule on the demographic parity
/// ratio. Two are on by default: <c>fairness.demographic_parity_difference</c> ≤ 0.1 and
/// <c>fairness.disparate_impact_ratio</c> ≥ 0.8. Keys outside <c>fairness.</c> belong to other checks and are ignored.
/// </summary>
public static class FairnessThresholds
{
    /// <summary>The prefix of every fairness key.</summary>
    public const string Prefix = "fairness.";

    /// <summary>The four-fifths rule: the demographic parity ratio (min / max selection rate) must be at least this. Default 0.8.</summary>
    public const string DisparateImpactRatio = "fairness.disparate_impact_ratio";

    /// <summary>The demographic parity difference (max - min selection rate) must be at most this. Default 0.1.</summary>
    public const string DemographicParityDifference = "fairness.demographic_parity_difference";

    /// <summary>Every known key, in a stable order.</summary>
    public static ImmutableArray<ThresholdRule> Rules { get; } = BuildRules();

    /// <summary>
    /// The rules in force for a policy's thresholds: defaults, overridden or joined by the policy's <c>fairness.*</c>
    /// keys, with a problem for each unknown fairness key or out-of-range value.
    /// </summary>
    /// <param name="thresholds">The policy's thresholds by key (all of them; non-fairness keys are ignored).</param>
    /// <param name="problems">Receives one problem per bad key, located at <c>policy.thresholds.&lt;key&gt;</c>.</param>
    /// <returns>Each active rule with its threshold and whether it is the default.</returns>
    internal static ImmutableArray<(ThresholdRule Rule, double Threshold, bool IsDefault)> Resolve(IReadOnlyDictionary<string, double> thresholds, List<Problem> problems)
    {
        var byKey = Rules.ToDictionary(r => r.Key, StringComparer.Ordinal);
        foreach (var (key, value) in thresholds)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var field = $"policy.thresholds.{key}";
            if (!byKey.TryGetValue(key, out var rule))
            {
                problems.Add(new Problem { Field = field, Message = $"'{key}' is not a fairness threshold.{Suggestions.DidYouMean(key, byKey.Keys)} The keys are listed in docs/evaluation.md." });
                continue;
            }

            var bad = !double.IsFinite(value)
                || (rule.Direction == ThresholdDirection.AtMost && value < 0)
                || (rule.Direction != ThresholdDirection.AtMost && (value <= 0 || value > 1));
            if (bad)
            {
                problems.Add(new Problem
                {
                    Field = field,
                    Message = rule.Direction == ThresholdDirection.AtMost
                        ? $"{value} is not a valid bound for {rule.Metric}: it must be a finite number of at least 0."
                        : $"{value} is not a valid bound for {rule.Metric}: it must be a ratio above 0 and at most 1.",
                });
            }
        }

        var active = ImmutableArray.CreateBuilder<(ThresholdRule, double, bool)>();
        foreach (var rule in Rules)
        {
            if (thresholds.TryGetValue(rule.Key, out var value))
            {
                active.Add((rule, value, false));
            }
            else if (rule.Default is { } d)
            {
                active.Add((rule, d, true));
            }
        }

        return active.ToImmutable();
    }

    private static ImmutableArray<ThresholdRule> BuildRules()
    {
        var rules = ImmutableArray.CreateBuilder<ThresholdRule>();
        rules.Add(new ThresholdRule { Key = DisparateImpactRatio, Metric = FairnessMetricNames.DemographicParityRatio, Direction = ThresholdDirection.AtLeast, Default = 0.8 });
        var names = ConfusionKernel.AggregateNames.Concat(
        [
            FairnessMetricNames.MeanAbsoluteErrorDifference, FairnessMetricNames.RootMeanSquaredErrorDifference, FairnessMetricNames.MeanResidualDifference,
        ]);
        foreach (var name in names)
        {
            var direction = name is FairnessMetricNames.Aif360DisparateImpact or FairnessMetricNames.Aif360ErrorRateRatio
                ? ThresholdDirection.Within
                : name.Contains("ratio", StringComparison.Ordinal) ? ThresholdDirection.AtLeast : ThresholdDirection.AtMost;
            rules.Add(new ThresholdRule
            {
                Key = Prefix + name,
                Metric = name,
                Direction = direction,
                Default = name == FairnessMetricNames.DemographicParityDifference ? 0.1 : null,
            });
        }

        return rules.ToImmutable();
    }
}
