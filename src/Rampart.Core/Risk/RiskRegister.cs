using System.Collections.Immutable;
using Rampart.Manifest;

namespace Rampart.Risk;

/// <summary>The risk register: one entry per threat that applies to the system's stages and assets.</summary>
public sealed record RiskRegister
{
    /// <summary>The matrix used.</summary>
    public required RiskMatrix Matrix { get; init; }

    /// <summary>The tolerance level: residual risk above it needs a current acceptance.</summary>
    public required string Tolerance { get; init; }

    /// <summary>The stages the register covers (up to the current stage, or the gate's stage when later).</summary>
    public required ImmutableArray<string> Stages { get; init; }

    /// <summary>The entries, most serious residual level first.</summary>
    public required ImmutableArray<RiskEntry> Entries { get; init; }
}

/// <summary>The risk from one threat.</summary>
public sealed record RiskEntry
{
    /// <summary>Threat id.</summary>
    public required string ThreatId { get; init; }

    /// <summary>Threat title.</summary>
    public required string Title { get; init; }

    /// <summary>Inherent likelihood 1 to 5 (before controls).</summary>
    public required int InherentLikelihood { get; init; }

    /// <summary>Residual likelihood 1 to 5 (after controls).</summary>
    public required int ResidualLikelihood { get; init; }

    /// <summary>Impact 1 to 5.</summary>
    public required int Impact { get; init; }

    /// <summary>Inherent level from the matrix.</summary>
    public required string InherentLevel { get; init; }

    /// <summary>Residual level from the matrix.</summary>
    public required string ResidualLevel { get; init; }

    /// <summary>Chosen treatment, or <c>null</c> when none is recorded.</summary>
    public RiskTreatment? Treatment { get; init; }

    /// <summary>The acceptance, or <c>null</c>.</summary>
    public RiskAcceptance? Acceptance { get; init; }

    /// <summary>Whether the acceptance is present and not expired.</summary>
    public required bool AcceptanceCurrent { get; init; }

    /// <summary>Whether the residual level is above the tolerance.</summary>
    public required bool AboveTolerance { get; init; }

    /// <summary>Finding rule ids and failed metrics that raised the likelihood.</summary>
    public required ImmutableArray<string> RaisedBy { get; init; }

    /// <summary>Implemented technique ids that lowered the likelihood.</summary>
    public required ImmutableArray<string> LoweredBy { get; init; }

    /// <summary>The score explained in plain words.</summary>
    public required string Explanation { get; init; }
}
