namespace Rampart.Checks.Governance;

/// <summary>The rules of the governance checks. Each has a page at <c>docs/rules/{Id}.md</c>.</summary>
public static class GovernanceRules
{
    /// <summary>A role with requirements at the system's stages has no named stakeholder.</summary>
    public static readonly RuleDescriptor RoleWithoutOwner = new()
    {
        Id = "RMP-GOV-001",
        Name = "RoleWithoutOwner",
        Summary = "A stakeholder role responsible for requirements at the system's stages has no named owner.",
        Help = "Add an entry under 'stakeholders:' with this role and the person or team responsible.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>An implemented or partial attestation cites no evidence.</summary>
    public static readonly RuleDescriptor AttestationWithoutEvidence = new()
    {
        Id = "RMP-GOV-002",
        Name = "AttestationWithoutEvidence",
        Summary = "An attestation claims a requirement is implemented but cites no evidence file.",
        Help = "Add 'evidence:' with the path of a document that shows the requirement is met, and its sha256.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>An evidence file named by an attestation does not exist.</summary>
    public static readonly RuleDescriptor EvidenceMissing = new()
    {
        Id = "RMP-GOV-003",
        Name = "EvidenceMissing",
        Summary = "An evidence file named by an attestation does not exist.",
        Help = "Restore the file, or correct the path in the attestation.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>An evidence file no longer matches the SHA-256 recorded when it was attested.</summary>
    public static readonly RuleDescriptor EvidenceChanged = new()
    {
        Id = "RMP-GOV-004",
        Name = "EvidenceChanged",
        Summary = "An evidence file has changed since its SHA-256 was recorded in the attestation.",
        Help = "Review the changed evidence, then record its new sha256 and a new attestation date.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>An evidence file has no recorded SHA-256.</summary>
    public static readonly RuleDescriptor EvidenceUnhashed = new()
    {
        Id = "RMP-GOV-005",
        Name = "EvidenceUnhashed",
        Summary = "An evidence file has no recorded SHA-256, so a later change to it would go unnoticed.",
        Help = "Record the sha256 given in the finding's evidence under the attestation's 'evidence:' entry.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>An attestation is older than the policy's evidence review age.</summary>
    public static readonly RuleDescriptor EvidenceStale = new()
    {
        Id = "RMP-GOV-006",
        Name = "EvidenceStale",
        Summary = "An attestation is older than the policy's evidence review age (policy.evidence_max_age_days).",
        Help = "Review the requirement again, refresh the evidence and update the attestation date.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>An attestation is dated in the future.</summary>
    public static readonly RuleDescriptor AttestationFromFuture = new()
    {
        Id = "RMP-GOV-007",
        Name = "AttestationFromFuture",
        Summary = "An attestation is dated after the assessment date.",
        Help = "Correct the attestation date.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>An asset file named in the manifest does not exist.</summary>
    public static readonly RuleDescriptor AssetMissing = new()
    {
        Id = "RMP-GOV-010",
        Name = "AssetMissing",
        Summary = "An asset file named in the manifest does not exist.",
        Help = "Restore the file or correct its path under 'assets:'.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>An asset file no longer matches its recorded SHA-256.</summary>
    public static readonly RuleDescriptor AssetChanged = new()
    {
        Id = "RMP-GOV-011",
        Name = "AssetChanged",
        Summary = "An asset file has changed since its SHA-256 was recorded in the manifest.",
        Help = "Find out who changed the file and why. If the change is approved, record the new sha256.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>An asset file has no recorded SHA-256.</summary>
    public static readonly RuleDescriptor AssetUnhashed = new()
    {
        Id = "RMP-GOV-012",
        Name = "AssetUnhashed",
        Summary = "An asset file has no recorded SHA-256, so unauthorised changes to it cannot be detected.",
        Help = "Record the sha256 given in the finding's evidence under the asset.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>A required requirement has neither an attestation nor a check that verifies it.</summary>
    public static readonly RuleDescriptor RequirementUnaddressed = new()
    {
        Id = "RMP-GOV-020",
        Name = "RequirementUnaddressed",
        Summary = "A required requirement of the system's stages has no attestation and no check that verifies it.",
        Help = "Implement the requirement and attest it under 'attestations:' with evidence, or attest it not-applicable with a justification.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>A requirement is attested as not implemented.</summary>
    public static readonly RuleDescriptor RequirementNotImplemented = new()
    {
        Id = "RMP-GOV-021",
        Name = "RequirementNotImplemented",
        Summary = "A requirement of the system's stages is attested as not implemented.",
        Help = "Implement the requirement, or record a risk decision for the threats it addresses.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>A requirement is attested as partly implemented.</summary>
    public static readonly RuleDescriptor RequirementPartial = new()
    {
        Id = "RMP-GOV-022",
        Name = "RequirementPartial",
        Summary = "A requirement of the system's stages is attested as only partly implemented.",
        Help = "Complete the implementation and update the attestation.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>A not-applicable attestation gives no justification.</summary>
    public static readonly RuleDescriptor NotApplicableWithoutJustification = new()
    {
        Id = "RMP-GOV-023",
        Name = "NotApplicableWithoutJustification",
        Summary = "A requirement is attested not-applicable without a justification in 'notes'.",
        Help = "Say in 'notes' why the requirement does not apply to this system.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>A risk acceptance has expired.</summary>
    public static readonly RuleDescriptor AcceptanceExpired = new()
    {
        Id = "RMP-GOV-030",
        Name = "AcceptanceExpired",
        Summary = "A risk acceptance has passed its expiry date.",
        Help = "Review the risk with its owner and renew the acceptance, or treat the risk.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>A risk is retained without a formal acceptance.</summary>
    public static readonly RuleDescriptor RetainedWithoutAcceptance = new()
    {
        Id = "RMP-GOV-031",
        Name = "RetainedWithoutAcceptance",
        Summary = "A risk is retained without a formal acceptance (owner, date, expiry).",
        Help = "Add 'acceptance:' with the accountable owner, the date and an expiry date.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>An applicable threat has no risk decision.</summary>
    public static readonly RuleDescriptor ThreatWithoutDecision = new()
    {
        Id = "RMP-GOV-032",
        Name = "ThreatWithoutDecision",
        Summary = "A threat that applies to the system's stages and assets has no risk decision (treatment) in the manifest.",
        Help = "Add an entry under 'risks:' for the threat with a treatment (modify, retain, avoid or share) and its rationale.",
        DefaultSeverity = Severity.Low,
    };
}
