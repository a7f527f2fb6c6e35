namespace Rampart.ML.Data;

/// <summary>A value and how often it occurs.</summary>
/// <param name="Value">The value's text.</param>
/// <param name="Count">Its count; an upper bound when the column's statistics say the counts are approximate.</param>
public sealed record CategoryCount(string Value, long Count);
