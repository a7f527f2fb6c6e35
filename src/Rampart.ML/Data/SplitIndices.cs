using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>Row indices of a train/test split or of one cross-validation fold, each list in ascending order.</summary>
/// <param name="Train">The training rows.</param>
/// <param name="Test">The held-out rows.</param>
public sealed record SplitIndices(ImmutableArray<int> Train, ImmutableArray<int> Test);
