using System.Collections.Immutable;

namespace Rampart.Assessments;

/// <summary>Whether a system may move to a stage, and what blocks it.</summary>
public sealed record GateDecision
{
    /// <summary>The stage asked for.</summary>
    public required string TargetStage { get; init; }

    /// <summary>Whether the move is allowed.</summary>
    public bool Allowed => Blockers.IsEmpty;

    /// <summary>What blocks the move; empty when allowed.</summary>
    public required ImmutableArray<GateBlocker> Blockers { get; init; }
}

/// <summary>One reason a gate is refused.</summary>
public sealed record GateBlocker
{
    /// <summary><c>requirement</c> or <c>risk</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The requirement or threat id.</summary>
    public required string Id { get; init; }

    /// <summary>The responsible role id (requirement owner, or organization-management for risks).</summary>
    public required string Role { get; init; }

    /// <summary>Why it blocks.</summary>
    public required string Reason { get; init; }
}
