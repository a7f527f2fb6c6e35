namespace Rampart.ML.Data;

/// <summary>What <see cref="FeatureMap.Encode"/> does with a category that was not seen when the map was fitted.</summary>
public enum UnknownCategoryPolicy
{
    /// <summary>Report a problem naming the column and the value (the default).</summary>
    Error,

    /// <summary>Encode the value as zeros in all of the column's features, as for a missing value.</summary>
    AllZeros,
}
