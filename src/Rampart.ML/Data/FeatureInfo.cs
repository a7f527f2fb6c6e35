namespace Rampart.ML.Data;

/// <summary>One feature (a column of the encoded matrix) in the user's terms.</summary>
/// <param name="Index">The feature index.</param>
/// <param name="Column">The dataset column it comes from.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Value">For a one-hot feature, its category; for a boolean, the true spelling; otherwise <c>null</c>.</param>
/// <param name="Description">For example <c>purpose = car</c>, <c>income</c> or <c>income is missing</c>.</param>
public sealed record FeatureInfo(int Index, string Column, FeatureKind Kind, string? Value, string Description);
