using Rampart.Diagnostics;

namespace Rampart.Evaluation.Robustness;

/// <summary>Options of <see cref="HopSkipJumpAttack"/>; the defaults are ART 1.20's (untargeted).</summary>
public sealed record HopSkipJumpOptions
{
    /// <summary>The norm; default <see cref="PerturbationNorm.L2"/>.</summary>
    public PerturbationNorm Norm { get; init; } = PerturbationNorm.L2;

    /// <summary>The number of iterations; default 50.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>The most queries of one gradient estimate; default 10,000.</summary>
    public int MaxEvaluations { get; init; } = 10_000;

    /// <summary>The queries of the first gradient estimate (growing as √(t + 1)); default 100.</summary>
    public int InitialEvaluations { get; init; } = 100;

    /// <summary>The most random draws when looking for a first adversarial point; default 100.</summary>
    public int InitialSize { get; init; } = 100;

    /// <summary>The seed; each row draws from its own stream derived from it, so results do not depend on row order.</summary>
    public int Seed { get; init; }

    internal List<Problem> Validate()
    {
        var problems = new List<Problem>();
        GradientChecks.Norm(Norm, problems);
        GradientChecks.AtLeast(MaxIterations, 0, "max_iter", problems);
        GradientChecks.AtLeast(InitialEvaluations, 1, "init_eval", problems);
        GradientChecks.AtLeast(MaxEvaluations, 1, "max_eval", problems);
        GradientChecks.AtLeast(InitialSize, 1, "init_size", problems);
        if (MaxEvaluations >= 1 && InitialEvaluations > MaxEvaluations)
        {
            problems.Add(new Problem { Field = "init_eval", Message = $"init_eval ({InitialEvaluations}) is above max_eval ({MaxEvaluations})." });
        }

        return problems;
    }
}
