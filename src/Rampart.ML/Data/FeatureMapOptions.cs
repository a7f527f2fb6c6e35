using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>How <see cref="FeatureMap.Fit"/> turns dataset columns into features.</summary>
public sealed record FeatureMapOptions
{
    /// <summary>How categorical columns are encoded; default <see cref="CategoricalEncoding.OneHot"/>.</summary>
    public CategoricalEncoding CategoricalEncoding { get; init; } = CategoricalEncoding.OneHot;

    /// <summary>What encoding does with a category not seen when fitting; default <see cref="UnknownCategoryPolicy.Error"/>.</summary>
    public UnknownCategoryPolicy UnknownCategories { get; init; } = UnknownCategoryPolicy.Error;

    /// <summary>Whether sensitive columns become features; default <c>false</c> (they are kept out, and recorded as excluded).</summary>
    public bool IncludeSensitive { get; init; }

    /// <summary>Whether a column that had missing values when fitting gets an extra 0/1 "is missing" feature; default <c>false</c>.</summary>
    public bool MissingIndicators { get; init; }

    /// <summary>Whether numeric features are standardised to mean 0 and standard deviation 1 (as fitted); default <c>false</c>.</summary>
    public bool Standardize { get; init; }

    /// <summary>Further columns to keep out of the features; default none.</summary>
    public ImmutableArray<string> Exclude { get; init; } = [];
}
