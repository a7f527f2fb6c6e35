using Rampart.Catalogue;
using Rampart.Manifest;

namespace Rampart.Checks.Governance;

/// <summary>GOV-RISK: risk decisions are complete: retained risks have an acceptance, and acceptances are current.</summary>
public sealed class RiskDecisionsCheck : ICheck
{
    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = "GOV-RISK",
        Title = "Risk decisions",
        Description = "Retained risks carry a formal acceptance, and no acceptance is past its expiry date.",
        Techniques = ["TEC-SVC-01"],
        Threats = [],
        Stages = ["planning"],
        AssetKinds = [AssetKind.System],
        Rules = [GovernanceRules.AcceptanceExpired, GovernanceRules.RetainedWithoutAcceptance],
    };

    /// <inheritdoc />
    public ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var today = context.Today;
        var findings = new List<Finding>();
        foreach (var decision in manifest.Risks)
        {
            var here = ManifestLocations.At(manifest, decision.Position, decision.Threat);
            var title = context.Catalogue.Find<Threat>(decision.Threat)?.Title ?? decision.Threat;
            if (decision.Acceptance is { } acceptance && acceptance.Expires < today)
            {
                findings.Add(Make(GovernanceRules.AcceptanceExpired, $"The acceptance of the risk of '{title}' ({decision.Threat}) by {acceptance.Owner} expired on {acceptance.Expires:yyyy-MM-dd}.", here, decision.Threat));
            }
            else if (decision.Treatment == RiskTreatment.Retain && decision.Acceptance is null)
            {
                findings.Add(Make(GovernanceRules.RetainedWithoutAcceptance, $"The risk of '{title}' ({decision.Threat}) is retained without an acceptance.", here, decision.Threat));
            }
        }

        return ValueTask.FromResult(new CheckResult { Findings = [.. findings] });
    }

    private Finding Make(RuleDescriptor rule, string message, FindingLocation location, string threat) => new()
    {
        RuleId = rule.Id,
        CheckId = Descriptor.Id,
        Severity = rule.DefaultSeverity,
        Message = message,
        Location = location,
        Evidence = FindingEvidence.Of(("threat", threat)),
    };
}
