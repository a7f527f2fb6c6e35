using System.Collections.Immutable;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// The features of one one-hot encoded column: exactly one of them is 1 (or, for a missing value, none), and a
/// perturbation may only move the row to another of the column's categories.
/// </summary>
/// <param name="Name">The column's name, for messages.</param>
/// <param name="Features">The feature indices, one per category; at least two.</param>
public sealed record OneHotGroup(string Name, ImmutableArray<int> Features);
