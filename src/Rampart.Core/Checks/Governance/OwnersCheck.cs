using Rampart.Catalogue;

namespace Rampart.Checks.Governance;

/// <summary>GOV-OWNERS: every role responsible for requirements at the system's stages has a named stakeholder.</summary>
public sealed class OwnersCheck : ICheck
{
    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = "GOV-OWNERS",
        Title = "Stakeholder owners",
        Description = "Every stakeholder role that is responsible for requirements at the system's current and earlier stages has a named owner.",
        Techniques = ["TEC-SVC-01"],
        Threats = [],
        Stages = ["planning"],
        AssetKinds = [AssetKind.System],
        Rules = [GovernanceRules.RoleWithoutOwner],
    };

    /// <inheritdoc />
    public ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var stages = context.Catalogue.StagesUpTo(manifest.System.Stage).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var named = manifest.Stakeholders.Select(s => s.Role).ToHashSet(StringComparer.Ordinal);
        var findings = context.Catalogue.Requirements
            .Where(r => stages.Contains(r.Stage))
            .GroupBy(r => r.Role, StringComparer.Ordinal)
            .Where(g => !named.Contains(g.Key))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var role = context.Catalogue.Find<Role>(g.Key);
                var ids = g.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
                return new Finding
                {
                    RuleId = GovernanceRules.RoleWithoutOwner.Id,
                    CheckId = Descriptor.Id,
                    Severity = g.Any(r => r.Level == RequirementLevel.Required) ? Severity.Medium : Severity.Low,
                    Message = $"No stakeholder is named for the role '{role?.Title ?? g.Key}', which is responsible for {ids.Count} requirement(s) at the system's stages ({string.Join(", ", ids)}).",
                    Location = ManifestLocations.At(manifest, manifest.System.Position, "stakeholders"),
                    Requirements = [.. ids],
                    Evidence = FindingEvidence.Of(("role", g.Key)),
                };
            })
            .ToList();
        return ValueTask.FromResult(new CheckResult
        {
            Findings = [.. findings],
            Measurements =
            [
                new Measurement
                {
                    CheckId = Descriptor.Id,
                    Metric = "stakeholders.roles_without_owner",
                    Value = findings.Count,
                    Unit = "count",
                    Threshold = 0,
                    Verdict = findings.Count == 0 ? Verdict.Pass : Verdict.Fail,
                },
            ],
        });
    }
}
