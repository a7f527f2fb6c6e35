using System.Collections.Immutable;

namespace Rampart.Evaluation.Robustness;

/// <summary>Accuracy under natural corruptions.</summary>
public sealed record NaturalRobustnessReport
{
    /// <summary>The accuracy on the clean rows.</summary>
    public required double CleanAccuracy { get; init; }

    /// <summary>One curve per corruption with at least one severity, in <see cref="CorruptionKind"/> order.</summary>
    public required ImmutableArray<CorruptionCurve> Corruptions { get; init; }

    /// <summary>The seed used.</summary>
    public required int Seed { get; init; }

    /// <summary>One corruption's curve.</summary>
    /// <param name="kind">The corruption.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="KeyNotFoundException">When the corruption was not run (no severities).</exception>
    public CorruptionCurve Curve(CorruptionKind kind) =>
        Corruptions.FirstOrDefault(c => c.Kind == kind) ?? throw new KeyNotFoundException($"The corruption {kind} was not run; give it severities.");
}
