namespace Rampart.Evaluation.Mitigation;

/// <summary>The parity a mitigation enforces between groups (fairlearn's constraint and moment names in brackets).</summary>
public enum FairnessConstraint
{
    /// <summary>Equal selection rates P(ŷ = 1 | g) (<c>demographic_parity</c>, <c>DemographicParity</c>).</summary>
    DemographicParity,

    /// <summary>Equal true and false positive rates (<c>equalized_odds</c>, <c>EqualizedOdds</c>).</summary>
    EqualizedOdds,

    /// <summary>Equal true positive rates, also called equal opportunity (<c>true_positive_rate_parity</c>, <c>TruePositiveRateParity</c>).</summary>
    TruePositiveRateParity,

    /// <summary>Equal false positive rates (<c>false_positive_rate_parity</c>, <c>FalsePositiveRateParity</c>).</summary>
    FalsePositiveRateParity,
}
