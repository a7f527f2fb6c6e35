namespace Rampart.Evaluation.Fairness;

/// <summary>Options of <see cref="ModelFairness.EvaluateAsync"/>.</summary>
public sealed record ModelFairnessOptions
{
    /// <summary>
    /// The favourable class of the label, as written in the data (for a label <c>default</c> that is 1 for a default,
    /// <c>0</c>). Default <c>null</c>: the label's most frequent class (ties: the first in the label's class order),
    /// which fits labels that mark an adverse event (default, fraud, churn) but not labels that mark a selection.
    /// </summary>
    public string? FavourableClass { get; init; }

    /// <summary>The fairness options (bootstrap, seed, privileged groups, thresholds). Default: the defaults.</summary>
    public FairnessOptions Fairness { get; init; } = new();
}
