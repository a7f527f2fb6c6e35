using Rampart.Catalogue;
using Rampart.Manifest;

namespace Rampart.Checks.Governance;

/// <summary>
/// GOV-COVERAGE: every requirement of the system's current and earlier stages is attested (or verified by a
/// check), and attestations say it is implemented.
/// </summary>
public sealed class CoverageCheck : ICheck
{
    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = "GOV-COVERAGE",
        Title = "Requirement coverage",
        Description = "Requirements of the system's current and earlier stages are attested as implemented or verified by a check.",
        Techniques = ["TEC-SVC-01"],
        Threats = [],
        Stages = ["planning"],
        AssetKinds = [AssetKind.System],
        Rules = [GovernanceRules.RequirementUnaddressed, GovernanceRules.RequirementNotImplemented, GovernanceRules.RequirementPartial, GovernanceRules.NotApplicableWithoutJustification],
    };

    /// <inheritdoc />
    public ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var stages = context.Catalogue.StagesUpTo(manifest.System.Stage).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var attestations = manifest.Attestations.ToDictionary(a => a.Subject, StringComparer.Ordinal);
        var applicable = context.Catalogue.Requirements.Where(r => stages.Contains(r.Stage)).ToList();
        var findings = new List<Finding>();
        var attested = 0;

        foreach (var requirement in applicable)
        {
            if (!attestations.TryGetValue(requirement.Id, out var attestation))
            {
                if (requirement.Level == RequirementLevel.Required && requirement.Checks.IsEmpty)
                {
                    findings.Add(Make(GovernanceRules.RequirementUnaddressed, Severity.Medium, requirement,
                        $"Required {requirement.Id} ({RoleTitle(requirement)}) has no attestation and no check that verifies it: {requirement.Statement}",
                        ManifestLocations.At(manifest, manifest.System.Position, requirement.Id)));
                }

                continue;
            }

            attested++;
            var here = ManifestLocations.At(manifest, attestation.Position, requirement.Id);
            switch (attestation.Status)
            {
                case AttestationStatus.NotImplemented:
                    findings.Add(Make(GovernanceRules.RequirementNotImplemented, requirement.Level == RequirementLevel.Required ? Severity.High : Severity.Low, requirement,
                        $"{requirement.Id} is attested not implemented by {attestation.Owner}: {requirement.Statement}", here));
                    break;
                case AttestationStatus.Partial:
                    findings.Add(Make(GovernanceRules.RequirementPartial, Severity.Low, requirement,
                        $"{requirement.Id} is attested only partly implemented by {attestation.Owner}: {requirement.Statement}", here));
                    break;
                case AttestationStatus.NotApplicable when string.IsNullOrWhiteSpace(attestation.Notes):
                    findings.Add(Make(GovernanceRules.NotApplicableWithoutJustification, Severity.Low, requirement,
                        $"{requirement.Id} is attested not applicable without a justification.", here));
                    break;
                default:
                    break;
            }
        }

        var ratio = applicable.Count == 0 ? double.NaN : (double)attested / applicable.Count;
        return ValueTask.FromResult(new CheckResult
        {
            Findings = [.. findings],
            Measurements =
            [
                new Measurement
                {
                    CheckId = Descriptor.Id,
                    Metric = "requirements.attested_ratio",
                    Value = ratio,
                    Verdict = applicable.Count == 0 ? Verdict.Undefined : Verdict.Info,
                    Reason = applicable.Count == 0 ? "No requirements apply at this stage." : $"{attested} of {applicable.Count} applicable requirements are attested.",
                },
            ],
        });

        string RoleTitle(Requirement r) => context.Catalogue.Find<Role>(r.Role)?.Title ?? r.Role;
    }

    private Finding Make(RuleDescriptor rule, Severity severity, Requirement requirement, string message, FindingLocation location) => new()
    {
        RuleId = rule.Id,
        CheckId = Descriptor.Id,
        Severity = severity,
        Message = message,
        Location = location,
        // No threat ids: a missing or negative attestation is a governance gap, not evidence that a threat is
        // more likely, so it does not raise likelihood in the risk register (unimplemented controls already
        // fail to lower it).
        Requirements = [requirement.Id],
        Evidence = FindingEvidence.Of(("requirement", requirement.Id), ("role", requirement.Role), ("level", requirement.Level.ToString().ToLowerInvariant())),
    };
}
