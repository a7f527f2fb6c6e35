using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// Per-group (randomized) decision thresholds from <see cref="ThresholdOptimizer"/>, to apply to a model's scores at
/// serving time. Saved as <c>rampart-thresholds/v1</c> JSON (<see cref="ToJson"/>, <see cref="FromJson"/>).
/// </summary>
public sealed partial record ThresholdPolicy
{
    /// <summary>The file format's name and version, the value of the <c>format</c> field.</summary>
    public const string Format = "rampart-thresholds/v1";

    /// <summary>The constraint the thresholds satisfy on the data they were fitted on.</summary>
    public required FairnessConstraint Constraint { get; init; }

    /// <summary>The objective maximised under the constraint; always <c>accuracy</c> (fairlearn's accuracy_score).</summary>
    public string Objective { get; init; } = "accuracy";

    /// <summary>The sensitive features whose intersection makes the groups, in order.</summary>
    public required ImmutableArray<string> Features { get; init; }

    /// <summary>The class whose probability is the score (ŷ = 1 means this class); <c>null</c> when not recorded.</summary>
    public string? FavourableClass { get; init; }

    /// <summary>The label column of the data it was fitted on; <c>null</c> when not recorded.</summary>
    public string? Label { get; init; }

    /// <summary>The grid size used.</summary>
    public required int GridSize { get; init; }

    /// <summary>The common target: the selection rate (demographic parity), TPR (TPR parity) or FPR (FPR parity, equalized odds).</summary>
    public required double TargetRate { get; init; }

    /// <summary>For equalized odds, the common TPR; otherwise <c>null</c>.</summary>
    public double? TargetTruePositiveRate { get; init; }

    /// <summary>The expected accuracy of the policy on the data it was fitted on.</summary>
    public required double ExpectedAccuracy { get; init; }

    /// <summary>One rule per group, in feature-value order.</summary>
    public required ImmutableArray<GroupThresholds> Groups { get; init; }

    /// <summary>The rule of a group.</summary>
    /// <param name="group">The group's label, its values joined by <c> &amp; </c> in feature order.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="KeyNotFoundException">When the policy has no such group (it was not in the fitting data).</exception>
    public GroupThresholds Rule(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var rule in Groups)
        {
            if (rule.Group == group)
            {
                return rule;
            }
        }

        throw new KeyNotFoundException($"The threshold policy has no group '{group}' (it has {string.Join(", ", Groups.Select(g => $"'{g.Group}'"))}).");
    }

    /// <summary>The probability of deciding 1 for a score in a group.</summary>
    /// <param name="score">The score.</param>
    /// <param name="group">The group's label.</param>
    /// <returns>P(ŷ = 1).</returns>
    /// <exception cref="KeyNotFoundException">When the policy has no such group.</exception>
    public double PositiveProbability(double score, string group) => Rule(group).PositiveProbability(score);

    /// <summary>Decides with one uniform draw from <paramref name="random"/>; a seeded <see cref="Random"/> makes the decisions reproducible.</summary>
    /// <param name="score">The score.</param>
    /// <param name="group">The group's label.</param>
    /// <param name="random">The source of the draw.</param>
    /// <returns><c>true</c> for ŷ = 1 (the favourable class).</returns>
    /// <exception cref="KeyNotFoundException">When the policy has no such group.</exception>
    public bool Apply(double score, string group, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Rule(group).Decide(score, random.NextDouble());
    }

    /// <summary>
    /// Decides every row: one draw per row in order from <c>new Random(seed)</c>. The features must be the policy's,
    /// by name and in order; every row's group must be in the policy.
    /// </summary>
    /// <param name="scores">One score per row.</param>
    /// <param name="sensitiveFeatures">The policy's features, one value per row.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <returns>The 0/1 decision per row, or the problems (feature names under <c>sensitive_features</c>, unknown groups under <c>groups</c>).</returns>
    public ValidationResult<int[]> Predict(ReadOnlySpan<double> scores, IReadOnlyList<SensitiveFeature> sensitiveFeatures, int seed)
    {
        ArgumentNullException.ThrowIfNull(sensitiveFeatures);
        var problems = new List<Problem>();
        var names = sensitiveFeatures.Select(f => f.Name).ToArray();
        if (!names.SequenceEqual(Features, StringComparer.Ordinal))
        {
            problems.Add(new Problem { Field = "sensitive_features", Message = $"The policy's features are {string.Join(", ", Features)}, but {string.Join(", ", names)} were given." });
            return ValidationResult<int[]>.Failure(problems);
        }

        var rules = Groups.ToDictionary(g => g.Group, StringComparer.Ordinal);
        var decisions = new int[scores.Length];
        var random = new Random(seed);
        var values = new string[sensitiveFeatures.Count];
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scores.Length; i++)
        {
            var missing = false;
            for (var f = 0; f < values.Length; f++)
            {
                var feature = sensitiveFeatures[f];
                var code = i < feature.RowCount ? feature.Codes[i] : -1;
                missing |= code < 0;
                values[f] = code < 0 ? "(missing)" : feature.Groups[code];
            }

            var label = string.Join(" & ", values);
            var draw = random.NextDouble();
            if (missing || !rules.TryGetValue(label, out var rule))
            {
                unknown.Add(label);
                continue;
            }

            decisions[i] = rule.Decide(scores[i], draw) ? 1 : 0;
        }

        if (unknown.Count > 0)
        {
            problems.Add(new Problem { Field = "groups", Message = $"The policy has no thresholds for the group(s) {string.Join(", ", unknown.Take(10).Select(u => $"'{u}'"))}; fit it on data containing every group." });
            return ValidationResult<int[]>.Failure(problems);
        }

        return ValidationResult<int[]>.Success(decisions);
    }
}
