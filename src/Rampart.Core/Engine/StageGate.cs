using System.Collections.Immutable;
using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Risk;

namespace Rampart.Engine;

/// <summary>
/// Decides whether a system may move to a stage: every required requirement of the stages up to it satisfied by a
/// passing check or a current attestation, and no residual risk above tolerance without a current acceptance.
/// </summary>
public static class StageGate
{
    /// <summary>Decides the gate.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <param name="targetStage">The stage asked for.</param>
    /// <param name="coverage">Requirement coverage covering at least the stages up to the target.</param>
    /// <param name="register">The risk register.</param>
    /// <returns>The decision with every blocker.</returns>
    public static GateDecision Decide(SecurityCatalogue catalogue, string targetStage, IReadOnlyList<RequirementStatus> coverage, RiskRegister register)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(coverage);
        ArgumentNullException.ThrowIfNull(register);
        var stages = catalogue.StagesUpTo(targetStage).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var blockers = ImmutableArray.CreateBuilder<GateBlocker>();
        foreach (var status in coverage.Where(c => c.Level == RequirementLevel.Required && stages.Contains(c.Stage) && !c.Satisfied))
        {
            blockers.Add(new GateBlocker
            {
                Kind = "requirement",
                Id = status.RequirementId,
                Role = status.Role,
                Reason = $"{Describe(status.State)}{(status.Basis.IsEmpty ? string.Empty : $" ({string.Join("; ", status.Basis)})")}",
            });
        }

        foreach (var entry in register.Entries.Where(e => e.AboveTolerance && !e.AcceptanceCurrent))
        {
            blockers.Add(new GateBlocker
            {
                Kind = "risk",
                Id = entry.ThreatId,
                Role = "organization-management",
                Reason = $"residual risk '{entry.ResidualLevel}' of '{entry.Title}' is above the tolerance '{register.Tolerance}'"
                    + (entry.Acceptance is null ? " and has no acceptance" : $" and its acceptance expired on {entry.Acceptance.Expires:yyyy-MM-dd}"),
            });
        }

        return new GateDecision { TargetStage = targetStage, Blockers = blockers.ToImmutable() };
    }

    /// <summary>A short phrase for a coverage state.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The phrase.</returns>
    public static string Describe(CoverageState state) => state switch
    {
        CoverageState.VerifiedByCheck => "verified by a passing check",
        CoverageState.Attested => "attested implemented",
        CoverageState.NotApplicable => "attested not applicable",
        CoverageState.Partial => "only partly implemented",
        CoverageState.NotImplemented => "attested not implemented",
        CoverageState.Stale => "attestation past its review age",
        CoverageState.EvidenceInvalid => "attestation cannot be relied on (evidence missing, changed, absent or unchecked, or dated in the future)",
        CoverageState.Failing => "a verifying check found problems",
        _ => "neither attested nor verified by a check",
    };
}
