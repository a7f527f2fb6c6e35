namespace Rampart.ML.Data;

/// <summary>A dataset column that a <see cref="FeatureMap"/> keeps out of the features, and why.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Reason">Why: <c>label</c>, <c>identifier</c>, <c>sensitive</c>, <c>excluded</c> (by the caller) or <c>no values</c>.</param>
public sealed record ExcludedColumn(string Name, string Reason);
