using System.Collections.Immutable;

namespace Rampart.Evaluation.Robustness;

/// <summary>What <see cref="ModelRobustness.EvaluateAsync"/> runs, on how many rows, and with which budgets.</summary>
public sealed record ModelRobustnessOptions
{
    /// <summary>Every attack, in the order they run.</summary>
    public static readonly ImmutableArray<RobustnessAttack> AllAttacks = [RobustnessAttack.Fgsm, RobustnessAttack.Pgd, RobustnessAttack.HopSkipJump, RobustnessAttack.Square, RobustnessAttack.Natural];

    /// <summary>The attacks to run. Default: all.</summary>
    public ImmutableArray<RobustnessAttack> Attacks { get; init; } = AllAttacks;

    /// <summary>The norm of FGSM, PGD and HopSkipJump (Square is L-infinity only and is skipped under L2).</summary>
    public PerturbationNorm Norm { get; init; } = PerturbationNorm.LInfinity;

    /// <summary>The budgets of the accuracy-versus-ε curve, in encoded feature units (standardised numeric columns, 0/1 indicators).</summary>
    public ImmutableArray<double> Epsilons { get; init; } = RobustnessCurve.DefaultEpsilons;

    /// <summary>Columns no attack or corruption may change.</summary>
    public ImmutableArray<string> ImmutableColumns { get; init; } = [];

    /// <summary>At most this many rows are attacked; constraints are inferred from all rows. Default 100.</summary>
    public int MaxRows { get; init; } = 100;

    /// <summary>When there are more rows than <see cref="MaxRows"/>: a seeded sample (in row order) instead of the first rows.</summary>
    public bool SampleRows { get; init; }

    /// <summary>HopSkipJump iterations: ART's default of 50 costs about 24,000 queries per row; 10 costs about 2,200. Default 10.</summary>
    public int HopSkipJumpIterations { get; init; } = 10;

    /// <summary>PGD iterations; the step is ε / 4. Default 20.</summary>
    public int PgdIterations { get; init; } = 20;

    /// <summary>The seed of the row sample, the randomised attacks and the corruptions.</summary>
    public int Seed { get; init; }

    /// <summary>Told when each attack starts (for a progress display); <c>null</c> for none.</summary>
    public IProgress<string>? Progress { get; init; }
}
