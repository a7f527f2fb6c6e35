using System.Collections.Immutable;

namespace Rampart.Evaluation.Mitigation;

/// <summary>Accuracy and fairness of one set of decisions (before or after a mitigation), from <c>FairnessEvaluator</c>.</summary>
public sealed record TradeoffPoint
{
    /// <summary>Share of rows whose decision equals the label.</summary>
    public required double Accuracy { get; init; }

    /// <summary>P(ŷ = 1 | group) for every group of the grouping, by group label.</summary>
    public required ImmutableSortedDictionary<string, double> SelectionRates { get; init; }

    /// <summary>fairlearn's demographic parity difference: max − min selection rate.</summary>
    public required double DemographicParityDifference { get; init; }

    /// <summary>fairlearn's equalized odds difference: the larger of the TPR and FPR gaps (NaN when a group lacks a class).</summary>
    public required double EqualizedOddsDifference { get; init; }
}
