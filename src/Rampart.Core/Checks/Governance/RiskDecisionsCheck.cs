using Rampart.Catalogue;
using Rampart.Manifest;
using Rampart.Risk;

namespace Rampart.Checks.Governance;

/// <summary>
/// GOV-RISK: the risk register is complete: every threat that applies to the system has a risk decision, retained
/// risks carry a formal acceptance, and no acceptance is past its expiry date.
/// </summary>
public sealed class RiskDecisionsCheck : ICheck
{
    // The requirements on recording a treatment for every risk and keeping acceptances current. Findings name
    // them so that requirement coverage fails exactly those requirements and not every one linked to GOV-RISK.
    internal static readonly string[] TreatmentRequirements = ["REQ-PLN-04", "REQ-DES-05", "REQ-DEP-05"];
    internal static readonly string[] AcceptanceRequirements = ["REQ-DEP-05", "REQ-DEP-06"];

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = "GOV-RISK",
        Title = "Risk decisions",
        Description = "Every applicable threat has a risk decision, retained risks carry a formal acceptance, and no acceptance is past its expiry date.",
        Techniques = ["TEC-SVC-01"],
        Threats = [],
        Stages = ["planning"],
        AssetKinds = [AssetKind.System],
        Rules = [GovernanceRules.AcceptanceExpired, GovernanceRules.RetainedWithoutAcceptance, GovernanceRules.ThreatWithoutDecision],
    };

    /// <inheritdoc />
    public ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var catalogue = context.Catalogue;
        var today = context.Today;
        var findings = new List<Finding>();
        foreach (var decision in manifest.Risks)
        {
            var here = ManifestLocations.At(manifest, decision.Position, decision.Threat);
            var title = catalogue.Find<Threat>(decision.Threat)?.Title ?? decision.Threat;
            if (decision.Acceptance is { } acceptance && acceptance.Expires < today)
            {
                findings.Add(Make(GovernanceRules.AcceptanceExpired, $"The acceptance of the risk of '{title}' ({decision.Threat}) by {acceptance.Owner} expired on {acceptance.Expires:yyyy-MM-dd}.", here, decision.Threat, AcceptanceRequirements));
            }
            else if (decision.Treatment == RiskTreatment.Retain && decision.Acceptance is null)
            {
                findings.Add(Make(GovernanceRules.RetainedWithoutAcceptance, $"The risk of '{title}' ({decision.Threat}) is retained without an acceptance.", here, decision.Threat, AcceptanceRequirements));
            }
        }

        var stages = catalogue.StagesUpTo(manifest.System.Stage).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var kinds = ThreatApplicability.KindsOf(manifest);
        var decided = manifest.Risks.Select(r => r.Threat).ToHashSet(StringComparer.Ordinal);
        var undecided = catalogue.Threats.Where(t => ThreatApplicability.Applies(t, stages, kinds) && !decided.Contains(t.Id)).ToList();
        foreach (var threat in undecided)
        {
            findings.Add(Make(GovernanceRules.ThreatWithoutDecision, $"The threat '{threat.Title}' ({threat.Id}) applies to this system but has no risk decision.", ManifestLocations.At(manifest, manifest.System.Position, threat.Id), threat.Id, TreatmentRequirements));
        }

        var applicable = catalogue.Threats.Count(t => ThreatApplicability.Applies(t, stages, kinds));
        return ValueTask.FromResult(new CheckResult
        {
            Findings = [.. findings],

            // The assessment builds the register (identification, analysis against the matrix, evaluation against
            // the tolerance) and this check examines every applicable threat's decision, so it speaks for every
            // requirement the catalogue links to it.
            Covered = [.. catalogue.Requirements.Where(r => r.Checks.Contains(Descriptor.Id, StringComparer.Ordinal)).Select(r => r.Id)],
            Measurements =
            [
                new Measurement
                {
                    CheckId = Descriptor.Id,
                    Metric = "risks.decided_ratio",
                    Value = applicable == 0 ? double.NaN : (applicable - undecided.Count) / (double)applicable,
                    Verdict = applicable == 0 ? Verdict.Undefined : Verdict.Info,
                    Reason = $"{applicable - undecided.Count} of {applicable} applicable threats have a risk decision.",
                },
            ],
        });

        Finding Make(RuleDescriptor rule, string message, FindingLocation location, string threat, string[] requirements) => new()
        {
            RuleId = rule.Id,
            CheckId = Descriptor.Id,
            Severity = rule.DefaultSeverity,
            Message = message,
            Location = location,
            Evidence = FindingEvidence.Of(("threat", threat)),
            Requirements = [.. requirements.Where(id => catalogue.Find<Requirement>(id) is not null)],
        };
    }
}
