using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>How one dataset column becomes a run of consecutive features; fitted on training data and stored with the model.</summary>
public sealed record FeatureColumn
{
    /// <summary>The dataset column's name.</summary>
    public required string Name { get; init; }

    /// <summary>The column's type when fitted.</summary>
    public required ColumnType Type { get; init; }

    /// <summary>For a categorical column, its encoding; <c>null</c> otherwise.</summary>
    public CategoricalEncoding? Encoding { get; init; }

    /// <summary>
    /// For a categorical column, the categories seen when fitting, in feature order; for a boolean column, the false
    /// then the true spelling. Empty otherwise.
    /// </summary>
    public ImmutableArray<string> Categories { get; init; } = [];

    /// <summary>For numeric and boolean columns, the value used for a missing one (the fitted mean); <c>null</c> otherwise.</summary>
    public double? ImputedValue { get; init; }

    /// <summary>Whether a 0/1 "is missing" feature follows the column's value features.</summary>
    public bool MissingIndicator { get; init; }

    /// <summary>For a standardised numeric column, the fitted mean subtracted; <c>null</c> when not standardised.</summary>
    public double? Mean { get; init; }

    /// <summary>For a standardised numeric column, the fitted standard deviation divided by (1 when it was 0); <c>null</c> when not standardised.</summary>
    public double? StandardDeviation { get; init; }

    /// <summary>The index of the column's first feature.</summary>
    public int FirstFeature { get; init; }

    /// <summary>How many features the column has, including its missing indicator.</summary>
    public int FeatureCount { get; init; }
}
