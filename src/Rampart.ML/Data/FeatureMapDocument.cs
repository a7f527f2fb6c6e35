using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>The stored form of a <see cref="FeatureMap"/>.</summary>
internal sealed record FeatureMapDocument
{
    public required string Schema { get; init; }

    public required int Version { get; init; }

    public UnknownCategoryPolicy UnknownCategories { get; init; }

    public ImmutableArray<FeatureColumn> Columns { get; init; } = [];

    public ImmutableArray<ExcludedColumn> Excluded { get; init; } = [];
}
