using System.Collections.Immutable;

namespace Rampart.Checks;

/// <summary>What one check run produced.</summary>
public sealed record CheckResult
{
    /// <summary>An empty result.</summary>
    public static readonly CheckResult Empty = new();

    /// <summary>Findings.</summary>
    public ImmutableArray<Finding> Findings { get; init; } = [];

    /// <summary>Measurements.</summary>
    public ImmutableArray<Measurement> Measurements { get; init; } = [];

    /// <summary>Charts for the reports, drawn from numbers that are also in <see cref="Measurements"/> or the chart itself.</summary>
    public ImmutableArray<Chart> Charts { get; init; } = [];

    /// <summary>
    /// The requirement ids this run actually examined. A linked requirement counts as verified by the check only
    /// when it is listed here and no finding names it; a check that had nothing to examine (no dataset, say)
    /// verifies nothing.
    /// </summary>
    public ImmutableArray<string> Covered { get; init; } = [];
}
