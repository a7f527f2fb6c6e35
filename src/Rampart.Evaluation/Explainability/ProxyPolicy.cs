namespace Rampart.Evaluation.Explainability;

/// <summary>When <see cref="ProxyDetector"/> reports a sensitive attribute or a proxy of it.</summary>
public sealed record ProxyPolicy
{
    /// <summary>
    /// The largest share of the model's total importance (sum of the columns' mean |φ|) a sensitive attribute or a
    /// proxy may hold; more is a finding. Default 0.1: a tenth of the model's attribution, the same order as the
    /// demographic parity limit of 0.1 used for fairness.
    /// </summary>
    public double ImportanceShareLimit { get; init; } = 0.1;

    /// <summary>
    /// The association (Cramér's V, correlation ratio η or |Pearson r|, all in [0, 1]) from which a column counts as a
    /// proxy of a sensitive attribute. Default 0.5, a "large" association in Cohen's terms.
    /// </summary>
    public double AssociationThreshold { get; init; } = 0.5;
}
