using System.Collections.Immutable;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Robustness;

/// <summary>One attack's accuracy-versus-ε curve and the attack result behind each point (<c>null</c> at ε = 0).</summary>
/// <param name="Attack">The attack.</param>
/// <param name="Title">How reports name it, with its settings.</param>
/// <param name="Points">Accuracy and success rate at each budget.</param>
/// <param name="Results">The run behind each point; <c>null</c> at ε = 0 and for a minimal-perturbation attack.</param>
public sealed record AttackCurve(RobustnessAttack Attack, string Title, ImmutableArray<CurvePoint> Points, ImmutableArray<AttackResult?> Results)
{
    /// <summary>The single run of a minimal-perturbation attack (HopSkipJump), whose metrics do not depend on ε.</summary>
    public AttackResult? Summary { get; init; }
}

/// <summary>What <see cref="ModelRobustness.EvaluateAsync"/> found for one model on one dataset.</summary>
public sealed record ModelRobustnessResult
{
    /// <summary>The label column.</summary>
    public required string Label { get; init; }

    /// <summary>The rows attacked.</summary>
    public required int Rows { get; init; }

    /// <summary>The rows in the data.</summary>
    public required int TotalRows { get; init; }

    /// <summary>The norm of the gradient and HopSkipJump attacks.</summary>
    public required PerturbationNorm Norm { get; init; }

    /// <summary>The seed.</summary>
    public required int Seed { get; init; }

    /// <summary>The constraints every attack respected.</summary>
    public required FeatureConstraints Constraints { get; init; }

    /// <summary>The feature map from the data's columns to the model's inputs.</summary>
    public required FeatureMap Map { get; init; }

    /// <summary>The columns declared immutable.</summary>
    public required ImmutableArray<string> ImmutableColumns { get; init; }

    /// <summary>Accuracy on the attacked rows without any perturbation.</summary>
    public required double CleanAccuracy { get; init; }

    /// <summary>The adversarial attacks' curves, in the order they ran.</summary>
    public required ImmutableArray<AttackCurve> Attacks { get; init; }

    /// <summary>Why requested attacks did not run.</summary>
    public required ImmutableArray<string> Skipped { get; init; }

    /// <summary>The natural corruptions, when they ran.</summary>
    public NaturalRobustnessReport? Natural { get; init; }

    /// <summary>At each budget, the lowest accuracy any attack reached (the worst case a defender must plan for).</summary>
    public ImmutableArray<CurvePoint> WorstCase => Attacks.IsEmpty
        ? []
        : [.. Attacks[0].Points.Select((p, i) =>
        {
            var at = Attacks.Select(a => a.Points[i]).ToList();
            return new CurvePoint(p.Epsilon, at.Min(q => q.Accuracy), at.Max(q => q.SuccessRate));
        })];
}
