namespace Rampart.ML.Data;

/// <summary>How a <see cref="FeatureMap"/> turns a categorical column into features.</summary>
public enum CategoricalEncoding
{
    /// <summary>One 0/1 feature per category seen when fitting (the default).</summary>
    OneHot,

    /// <summary>A single feature holding the category's position in the sorted category list, plus one (0 is kept for missing or unknown).</summary>
    Ordinal,
}
