using Rampart.Catalogue;
using Rampart.IO;
using Rampart.Manifest;

namespace Rampart.Checks.Governance;

/// <summary>
/// GOV-EVIDENCE: attestations cite evidence files that exist, still match the SHA-256 recorded when attested,
/// and are younger than the policy's review age.
/// </summary>
public sealed class EvidenceCheck : ICheck
{
    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = "GOV-EVIDENCE",
        Title = "Attestation evidence",
        Description = "Attestations that claim implementation cite evidence files that exist, are unchanged since attested, and are not past their review age.",
        Techniques = ["TEC-SVC-01"],
        Threats = [],
        Stages = ["planning"],
        AssetKinds = [AssetKind.System],
        Rules =
        [
            GovernanceRules.AttestationWithoutEvidence, GovernanceRules.EvidenceMissing, GovernanceRules.EvidenceChanged,
            GovernanceRules.EvidenceUnhashed, GovernanceRules.EvidenceStale, GovernanceRules.AttestationFromFuture,
        ],
    };

    /// <inheritdoc />
    public async ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var today = context.Today;
        var maxAge = manifest.Policy.EvidenceMaxAgeDays;
        var findings = new List<Finding>();
        var checkedFiles = 0;

        foreach (var attestation in manifest.Attestations)
        {
            var claimsImplementation = attestation.Status is AttestationStatus.Implemented or AttestationStatus.Partial;
            var requirements = RequirementsOf(attestation);
            var here = ManifestLocations.At(manifest, attestation.Position, attestation.Subject);

            if (claimsImplementation && attestation.Evidence.IsEmpty)
            {
                findings.Add(Make(GovernanceRules.AttestationWithoutEvidence, $"'{attestation.Subject}' is attested {Format(attestation.Status)} by {attestation.Owner} without any evidence file.", here, requirements));
            }

            if (attestation.Date > today)
            {
                findings.Add(Make(GovernanceRules.AttestationFromFuture, $"The attestation of '{attestation.Subject}' is dated {attestation.Date:yyyy-MM-dd}, after the assessment date {today:yyyy-MM-dd}.", here, requirements));
            }
            else if (claimsImplementation && attestation.Date.AddDays(maxAge) < today)
            {
                var age = today.DayNumber - attestation.Date.DayNumber;
                findings.Add(Make(GovernanceRules.EvidenceStale, $"The attestation of '{attestation.Subject}' is {age} days old, past the review age of {maxAge} days.", here, requirements) with
                {
                    Evidence = FindingEvidence.Of(("attested", attestation.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("age_days", age.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("max_age_days", maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                });
            }

            foreach (var evidence in attestation.Evidence)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var unreadable = SystemFiles.Resolve(manifest.BaseDirectory, evidence.Path, out var full);
                var location = ManifestLocations.File(evidence.Path, attestation.Subject);
                if (unreadable is not null)
                {
                    findings.Add(Make(GovernanceRules.EvidenceMissing, $"The evidence file '{evidence.Path}' for '{attestation.Subject}' cannot be read: {unreadable}.", ManifestLocations.At(manifest, evidence.Position, attestation.Subject), requirements));
                    continue;
                }

                checkedFiles++;
                var actual = await FileHasher.Sha256HexAsync(full, cancellationToken).ConfigureAwait(false);
                if (evidence.Sha256 is null)
                {
                    findings.Add(Make(GovernanceRules.EvidenceUnhashed, $"The evidence file '{evidence.Path}' for '{attestation.Subject}' has no recorded sha256.", location, []) with
                    {
                        Evidence = FindingEvidence.Of(("sha256", actual)),
                    });
                }
                else if (!string.Equals(actual, evidence.Sha256, StringComparison.Ordinal))
                {
                    findings.Add(Make(GovernanceRules.EvidenceChanged, $"The evidence file '{evidence.Path}' for '{attestation.Subject}' has changed since it was attested.", location, requirements) with
                    {
                        Evidence = FindingEvidence.Of(("recorded_sha256", evidence.Sha256), ("actual_sha256", actual)),
                    });
                }
            }
        }

        return new CheckResult
        {
            Findings = [.. findings],
            Measurements =
            [
                new Measurement { CheckId = Descriptor.Id, Metric = "evidence.files_checked", Value = checkedFiles, Unit = "count", Verdict = Verdict.Info },
            ],
        };

        Finding Make(Rampart.Checks.RuleDescriptor rule, string message, FindingLocation location, IReadOnlyList<string> reqs) => new()
        {
            RuleId = rule.Id,
            CheckId = Descriptor.Id,
            Severity = rule.DefaultSeverity,
            Message = message,
            Location = location,
            Requirements = [.. reqs],
        };

        IReadOnlyList<string> RequirementsOf(Attestation attestation) =>
            context.Catalogue.Find<Requirement>(attestation.Subject) is { } r ? [r.Id] : [];
    }

    internal static string Format(AttestationStatus status) => status switch
    {
        AttestationStatus.Implemented => "implemented",
        AttestationStatus.Partial => "partial",
        AttestationStatus.NotImplemented => "not-implemented",
        _ => "not-applicable",
    };
}
