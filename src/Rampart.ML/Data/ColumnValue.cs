namespace Rampart.ML.Data;

/// <summary>A column's value as text, as recovered by <see cref="FeatureMap.Decode"/>.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Value">The value, or <c>null</c> when missing, unknown or not recoverable.</param>
public sealed record ColumnValue(string Column, string? Value);
