using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// The accuracy / fairness trade-off of a mitigation: the same metrics before and after, computed by
/// <see cref="FairnessEvaluator"/> on the grouping the mitigation worked on (the intersection of the sensitive features).
/// </summary>
public sealed record MitigationTradeoff
{
    /// <summary>The grouping compared: the feature name, or the names joined by <c> &amp; </c>.</summary>
    public required string Grouping { get; init; }

    /// <summary>Number of rows.</summary>
    public required int RowCount { get; init; }

    /// <summary>The decisions before mitigation.</summary>
    public required TradeoffPoint Before { get; init; }

    /// <summary>The decisions after mitigation (for a randomized mitigation, one seeded draw of its decisions).</summary>
    public required TradeoffPoint After { get; init; }

    /// <summary>Evaluates both sets of decisions.</summary>
    /// <param name="labels">The true outcome per row (1 favourable, 0 not).</param>
    /// <param name="before">The decisions before mitigation, 0 or 1.</param>
    /// <param name="after">The decisions after mitigation, 0 or 1.</param>
    /// <param name="sensitiveFeatures">The sensitive features.</param>
    /// <returns>The trade-off, or the problems of the input (as <see cref="FairnessInput.Create"/> reports them).</returns>
    public static ValidationResult<MitigationTradeoff> Compute(ReadOnlySpan<int> labels, ReadOnlySpan<int> before, ReadOnlySpan<int> after, IReadOnlyList<SensitiveFeature> sensitiveFeatures)
    {
        ArgumentNullException.ThrowIfNull(sensitiveFeatures);
        var first = Point(labels, before, sensitiveFeatures);
        var second = Point(labels, after, sensitiveFeatures);
        if (!first.IsValid || !second.IsValid)
        {
            return ValidationResult<MitigationTradeoff>.Failure([.. first.Problems, .. second.Problems]);
        }

        return ValidationResult<MitigationTradeoff>.Success(new MitigationTradeoff
        {
            Grouping = string.Join(" & ", sensitiveFeatures.Select(f => f.Name)),
            RowCount = labels.Length,
            Before = first.Value!,
            After = second.Value!,
        });
    }

    private static ValidationResult<TradeoffPoint> Point(ReadOnlySpan<int> labels, ReadOnlySpan<int> decisions, IReadOnlyList<SensitiveFeature> features)
    {
        var input = FairnessInput.Create(labels, decisions, features);
        if (!input.IsValid)
        {
            return ValidationResult<TradeoffPoint>.Failure(input.Problems);
        }

        var report = FairnessEvaluator.Evaluate(input.Value!, new FairnessOptions { BootstrapSamples = 0, IncludeIntersection = true });
        if (!report.IsValid)
        {
            return ValidationResult<TradeoffPoint>.Failure(report.Problems);
        }

        var value = report.Value!;
        var grouping = value.Grouping(string.Join(" & ", features.Select(f => f.Name)));
        return ValidationResult<TradeoffPoint>.Success(new TradeoffPoint
        {
            Accuracy = value.Overall.Accuracy.Value,
            SelectionRates = grouping.Groups.ToImmutableSortedDictionary(g => g.Group, g => g.SelectionRate.Value, StringComparer.Ordinal),
            DemographicParityDifference = grouping.Aggregate(FairnessMetricNames.DemographicParityDifference).Value,
            EqualizedOddsDifference = grouping.Aggregate(FairnessMetricNames.EqualizedOddsDifference).Value,
        });
    }
}
