using Rampart.Diagnostics;

namespace Rampart.Evaluation.Mitigation;

/// <summary>Settings of <see cref="ThresholdOptimizer"/>, with fairlearn's defaults; the objective is always accuracy.</summary>
public sealed record ThresholdOptimizerOptions
{
    /// <summary>The constraint. Default <see cref="FairnessConstraint.DemographicParity"/>.</summary>
    public FairnessConstraint Constraint { get; init; } = FairnessConstraint.DemographicParity;

    /// <summary>The target rates tried are k / GridSize for k = 0..GridSize. Default 1,000; 1 to 1,000,000.</summary>
    public int GridSize { get; init; } = 1000;

    /// <summary>The favourable class the scores are the probability of, recorded in the policy; <c>null</c> when not known.</summary>
    public string? FavourableClass { get; init; }

    /// <summary>The label column, recorded in the policy; <c>null</c> when not known.</summary>
    public string? Label { get; init; }

    internal void Validate(List<Problem> problems)
    {
        if (!Enum.IsDefined(Constraint))
        {
            problems.Add(new Problem { Field = "constraint", Message = $"{(int)Constraint} is not a constraint." });
        }

        if (GridSize is < 1 or > 1_000_000)
        {
            problems.Add(new Problem { Field = "grid_size", Message = $"{GridSize} is out of range: use 1 to 1000000." });
        }
    }
}
