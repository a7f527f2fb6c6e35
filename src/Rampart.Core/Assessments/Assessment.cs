using System.Collections.Immutable;
using Rampart.Checks;
using Rampart.Risk;

namespace Rampart.Assessments;

/// <summary>
/// One run over one AI system at one time: what ran, what it found, requirement coverage, the risk register, the
/// statement of applicability and, when asked, a stage-gate decision. Deterministic for the same inputs, seed
/// and time.
/// </summary>
public sealed record Assessment
{
    /// <summary>Rampart's version.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>The catalogue data version.</summary>
    public required string CatalogueVersion { get; init; }

    /// <summary>When the run started (from the injected clock).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The seed given to every check.</summary>
    public required int Seed { get; init; }

    /// <summary>The system assessed.</summary>
    public required AssessedSystem System { get; init; }

    /// <summary>Every check considered, with whether it ran.</summary>
    public required ImmutableArray<CheckRun> Checks { get; init; }

    /// <summary>The rules of the checks that ran, by id.</summary>
    public required ImmutableArray<RuleDescriptor> Rules { get; init; }

    /// <summary>Findings, most severe first.</summary>
    public required ImmutableArray<Finding> Findings { get; init; }

    /// <summary>Measurements, by check and metric.</summary>
    public required ImmutableArray<Measurement> Measurements { get; init; }

    /// <summary>Charts the checks asked for, by check and id.</summary>
    public ImmutableArray<Chart> Charts { get; init; } = [];

    /// <summary>Checks that failed to run (an exception), as tool notifications.</summary>
    public required ImmutableArray<ToolNotification> Notifications { get; init; }

    /// <summary>Requirement coverage for the system's stages.</summary>
    public required ImmutableArray<RequirementStatus> Coverage { get; init; }

    /// <summary>The risk register.</summary>
    public required RiskRegister RiskRegister { get; init; }

    /// <summary>Statement of applicability: every technique.</summary>
    public required ImmutableArray<TechniqueApplicability> Applicability { get; init; }

    /// <summary>The stage-gate decision, when a gate was asked for.</summary>
    public GateDecision? Gate { get; init; }

    /// <summary>The severity at or above which findings fail the run.</summary>
    public required Severity FailOn { get; init; }

    /// <summary>Findings at or above <see cref="FailOn"/>.</summary>
    public int FailingFindings => Findings.Count(f => f.Severity >= FailOn);

    /// <summary>Whether the policy fails the run: failing findings, or a refused gate.</summary>
    public bool PolicyFailed => FailingFindings > 0 || Gate is { Allowed: false };
}

/// <summary>The system as it was when assessed.</summary>
public sealed record AssessedSystem
{
    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Description, or <c>null</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Owner.</summary>
    public required string Owner { get; init; }

    /// <summary>Current stage id.</summary>
    public required string Stage { get; init; }

    /// <summary>Criticality.</summary>
    public required string Criticality { get; init; }

    /// <summary>Impact 1 to 5.</summary>
    public required int Impact { get; init; }

    /// <summary>SHA-256 of the manifest file bytes.</summary>
    public required string ManifestSha256 { get; init; }

    /// <summary>Number of assets by kind.</summary>
    public required ImmutableSortedDictionary<string, int> AssetCounts { get; init; }
}

/// <summary>Whether a check ran, was not applicable, or failed.</summary>
public enum CheckOutcome
{
    /// <summary>Ran to completion.</summary>
    Ran,

    /// <summary>Not applicable to the system's stage or assets.</summary>
    NotApplicable,

    /// <summary>Threw; see the notifications.</summary>
    Error,
}

/// <summary>One check's part in the run.</summary>
public sealed record CheckRun
{
    /// <summary>Check id.</summary>
    public required string Id { get; init; }

    /// <summary>Title.</summary>
    public required string Title { get; init; }

    /// <summary>Outcome.</summary>
    public required CheckOutcome Outcome { get; init; }

    /// <summary>Why it did not run, or <c>null</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>Findings it produced.</summary>
    public int FindingCount { get; init; }

    /// <summary>Techniques it implements.</summary>
    public required ImmutableArray<string> Techniques { get; init; }

    /// <summary>Whether it ran and produced no finding of medium severity or above.</summary>
    public bool Passed { get; init; }

    /// <summary>The requirement ids the run examined (see <see cref="Checks.CheckResult.Covered"/>).</summary>
    public ImmutableArray<string> Covered { get; init; } = [];
}

/// <summary>A check that failed to run; the run continued without it.</summary>
public sealed record ToolNotification
{
    /// <summary>The check.</summary>
    public required string CheckId { get; init; }

    /// <summary>What went wrong.</summary>
    public required string Message { get; init; }

    /// <summary>The exception type name.</summary>
    public required string ExceptionType { get; init; }
}
