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
}
