namespace Rampart.Tests.Manifest;

internal static class ManifestSamples
{
    public const string Valid = """
        rampart: 1
        system:
          name: credit-scoring
          description: Scores loan applications.
          owner: Ana Ruiz
          stage: deployment
          criticality: high
        stakeholders:
          - { role: organization-management, name: Ana Ruiz, contact: ana@example.org }
          - { role: ai-developer, name: Dev Team }
        assets:
          datasets:
            - id: train
              path: data/train.csv
              role: train
              label: default
              sensitive: [sex, age_band]
          services:
            - { id: api, protocol: kserve-v2, url: "http://127.0.0.1:8080" }
          dependencies:
            - { id: lock, path: requirements.lock }
        attestations:
          - requirement: PRC-ORG-01
            status: implemented
            owner: Ana Ruiz
            date: 2026-06-01
            evidence:
              - path: evidence/policy.md
        risks:
          - threat: THR-008
            treatment: retain
            acceptance: { owner: Ana Ruiz, date: 2026-06-01, expires: 2027-06-01 }
        policy:
          fail_on: high
          evidence_max_age_days: 365
          risk_tolerance: medium
          thresholds:
            fairness.demographic_parity_difference: 0.1
        """;
}
