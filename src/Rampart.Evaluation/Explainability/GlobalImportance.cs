namespace Rampart.Evaluation.Explainability;

/// <summary>The global importance of one feature or column: the mean absolute Shapley value over explained rows.</summary>
/// <param name="Feature">The feature or column name.</param>
/// <param name="MeanAbsoluteShap">mean over rows of |φ|.</param>
/// <param name="Share">Its share of the sum of every feature's mean |φ| (0 when that sum is 0).</param>
public sealed record GlobalImportance(string Feature, double MeanAbsoluteShap, double Share);

/// <summary>One feature's contribution to one row's prediction.</summary>
/// <param name="Feature">The feature or column name.</param>
/// <param name="Contribution">Its Shapley value φ for the row.</param>
public sealed record FeatureContribution(string Feature, double Contribution);
