using System.Collections.Immutable;
using Rampart.Catalogue;

namespace Rampart.Assessments;

/// <summary>Where a requirement stands for the system.</summary>
public enum CoverageState
{
    /// <summary>Linked checks ran and passed.</summary>
    VerifiedByCheck,

    /// <summary>Attested implemented, evidence current and intact.</summary>
    Attested,

    /// <summary>Attested not applicable with a justification.</summary>
    NotApplicable,

    /// <summary>Attested partly implemented.</summary>
    Partial,

    /// <summary>Attested not implemented.</summary>
    NotImplemented,

    /// <summary>Attested, but the attestation is past its review age.</summary>
    Stale,

    /// <summary>Attested, but its evidence is missing, changed or absent.</summary>
    EvidenceInvalid,

    /// <summary>A linked check found a problem.</summary>
    Failing,

    /// <summary>Neither attested nor verified.</summary>
    Unaddressed,
}

/// <summary>One requirement's coverage.</summary>
public sealed record RequirementStatus
{
    /// <summary>Requirement id.</summary>
    public required string RequirementId { get; init; }

    /// <summary>Stage id.</summary>
    public required string Stage { get; init; }

    /// <summary>Role id.</summary>
    public required string Role { get; init; }

    /// <summary>Level.</summary>
    public required RequirementLevel Level { get; init; }

    /// <summary>State.</summary>
    public required CoverageState State { get; init; }

    /// <summary>Whether the state satisfies the requirement (verified, attested or not applicable).</summary>
    public bool Satisfied => State is CoverageState.VerifiedByCheck or CoverageState.Attested or CoverageState.NotApplicable;

    /// <summary>What the state rests on: check ids, attestation owner and date, finding rule ids.</summary>
    public required ImmutableArray<string> Basis { get; init; }
}
