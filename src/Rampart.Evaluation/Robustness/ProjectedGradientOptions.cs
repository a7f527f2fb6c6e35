using Rampart.Diagnostics;

namespace Rampart.Evaluation.Robustness;

/// <summary>Options of <see cref="ProjectedGradientAttack"/> (PGD); the defaults are ART 1.20's.</summary>
public sealed record ProjectedGradientOptions
{
    /// <summary>The norm; default <see cref="PerturbationNorm.LInfinity"/>.</summary>
    public PerturbationNorm Norm { get; init; } = PerturbationNorm.LInfinity;

    /// <summary>The perturbation budget; default 0.3.</summary>
    public double Epsilon { get; init; } = 0.3;

    /// <summary>The size of each step; default 0.1.</summary>
    public double EpsilonStep { get; init; } = 0.1;

    /// <summary>The most steps; default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Whether to start from a uniformly random point of the budget ball (ART's <c>num_random_init</c> 1); default <c>false</c>.</summary>
    public bool RandomInit { get; init; }

    /// <summary>The seed of the random start; default 0.</summary>
    public int Seed { get; init; }

    internal List<Problem> Validate()
    {
        var problems = new List<Problem>();
        GradientChecks.Positive(Epsilon, "epsilon", problems);
        GradientChecks.Positive(EpsilonStep, "epsilon_step", problems);
        GradientChecks.Norm(Norm, problems);
        GradientChecks.AtLeast(MaxIterations, 1, "max_iter", problems);

        return problems;
    }
}
