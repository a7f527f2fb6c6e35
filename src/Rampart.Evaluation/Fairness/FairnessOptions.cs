using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Fairness;

/// <summary>How to evaluate fairness. Every setting has a documented default; <see cref="FairnessEvaluator"/> validates them all at once.</summary>
public sealed record FairnessOptions
{
    /// <summary>Bootstrap replicates for the confidence intervals; 0 turns intervals off. Default 1,000; at most 100,000.</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>The confidence level of the intervals, strictly between 0 and 1. Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The bootstrap seed: the same seed and data give the same intervals. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Groups with fewer rows get a <c>small-group</c> warning. Default 30.</summary>
    public int MinGroupSize { get; init; } = 30;

    /// <summary>Groups with fewer rows with y = 1 (or y = 0) get a <c>few-positives</c> (<c>few-negatives</c>) warning. Default 5.</summary>
    public int MinClassCount { get; init; } = 5;

    /// <summary>Equal-width score bins of the calibration curves, 1 to 1,000. Default 10.</summary>
    public int CalibrationBins { get; init; } = 10;

    /// <summary>α of the generalized entropy index (AIF360's default is 2). Any finite number. Default 2.</summary>
    public double GeneralizedEntropyAlpha { get; init; } = 2;

    /// <summary>Whether to add the intersection of all sensitive features as a grouping when there are two or more. Default <c>true</c>.</summary>
    public bool IncludeIntersection { get; init; } = true;

    /// <summary>
    /// The privileged group per feature name, for the AIF360 metrics. A feature not named here uses its largest group
    /// (ties: the first in order). The intersection's privileged group is the cell where every feature is privileged,
    /// when every feature names one and that cell has rows. Default: none.
    /// </summary>
    public ImmutableDictionary<string, string> PrivilegedGroups { get; init; } = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>
    /// Policy thresholds by key, as in the manifest's <c>policy.thresholds</c>; only <c>fairness.*</c> keys are read
    /// (see <see cref="FairnessThresholds"/>). Default: none, so only the two default thresholds apply.
    /// </summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = ImmutableDictionary<string, double>.Empty;

    internal void Validate(IReadOnlyList<SensitiveFeature> features, List<Problem> problems)
    {
        if (BootstrapSamples is < 0 or > 100_000)
        {
            problems.Add(new Problem { Field = "bootstrap_samples", Message = $"{BootstrapSamples} is out of range: use 0 (no intervals) to 100000." });
        }

        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
        {
            problems.Add(new Problem { Field = "confidence_level", Message = $"{ConfidenceLevel} is out of range: use a level strictly between 0 and 1, such as 0.95." });
        }

        if (MinGroupSize < 1)
        {
            problems.Add(new Problem { Field = "min_group_size", Message = $"{MinGroupSize} is out of range: use 1 or more." });
        }

        if (MinClassCount < 0)
        {
            problems.Add(new Problem { Field = "min_class_count", Message = $"{MinClassCount} is out of range: use 0 or more." });
        }

        if (CalibrationBins is < 1 or > 1000)
        {
            problems.Add(new Problem { Field = "calibration_bins", Message = $"{CalibrationBins} is out of range: use 1 to 1000." });
        }

        if (!double.IsFinite(GeneralizedEntropyAlpha))
        {
            problems.Add(new Problem { Field = "generalized_entropy_alpha", Message = "α must be a finite number." });
        }

        foreach (var (name, group) in PrivilegedGroups)
        {
            var feature = features.FirstOrDefault(f => f.Name == name);
            if (feature is null)
            {
                problems.Add(new Problem { Field = $"privileged_groups.{name}", Message = $"'{name}' is not a sensitive feature.{Suggestions.DidYouMean(name, features.Select(f => f.Name))}" });
            }
            else if (!feature.Groups.Contains(group, StringComparer.Ordinal))
            {
                problems.Add(new Problem { Field = $"privileged_groups.{name}", Message = $"'{group}' is not a group of '{name}'.{Suggestions.DidYouMean(group, feature.Groups)}" });
            }
        }
    }
}
