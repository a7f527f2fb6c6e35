using System.Collections.Immutable;

namespace Rampart.Evaluation.Fairness;

/// <summary>The fairness of a model's predictions on a dataset, with how the outcomes were defined.</summary>
public sealed record ModelFairnessResult
{
    /// <summary>The fairness report (predictions: the model's most probable class; scores: its probability of the favourable class).</summary>
    public required FairnessReport Report { get; init; }

    /// <summary>The label column.</summary>
    public required string Label { get; init; }

    /// <summary>The favourable class (outcome 1).</summary>
    public required string FavourableClass { get; init; }

    /// <summary>How the favourable class was chosen: <c>given</c> or <c>most frequent class</c>.</summary>
    public required string FavourableChosenBy { get; init; }

    /// <summary>The model's class names, in output order.</summary>
    public required ImmutableArray<string> ModelClasses { get; init; }

    /// <summary>Number of features the model was given per row.</summary>
    public required int FeatureCount { get; init; }
}
