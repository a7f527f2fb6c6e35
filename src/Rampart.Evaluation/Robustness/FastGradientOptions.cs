using Rampart.Diagnostics;

namespace Rampart.Evaluation.Robustness;

/// <summary>Options of <see cref="FastGradientAttack"/> (FGSM for L∞, FGM for L2); the defaults are ART 1.20's.</summary>
public sealed record FastGradientOptions
{
    /// <summary>The norm; default <see cref="PerturbationNorm.LInfinity"/> (FGSM).</summary>
    public PerturbationNorm Norm { get; init; } = PerturbationNorm.LInfinity;

    /// <summary>The perturbation budget; default 0.3.</summary>
    public double Epsilon { get; init; } = 0.3;

    /// <summary>The step of the minimal search (<see cref="Minimal"/>); default 0.1.</summary>
    public double EpsilonStep { get; init; } = 0.1;

    /// <summary>
    /// Whether to search, per row, the smallest budget step, 2·step, ... up to <see cref="Epsilon"/> that changes the
    /// class (ART's <c>minimal=True</c>); default <c>false</c>.
    /// </summary>
    public bool Minimal { get; init; }

    /// <summary>Whether to start from a uniformly random point of the budget ball; default <c>false</c>.</summary>
    public bool RandomInit { get; init; }

    /// <summary>The seed of the random start; default 0.</summary>
    public int Seed { get; init; }

    internal List<Problem> Validate()
    {
        var problems = new List<Problem>();
        GradientChecks.Positive(Epsilon, "epsilon", problems);
        GradientChecks.Positive(EpsilonStep, "epsilon_step", problems);
        GradientChecks.Norm(Norm, problems);
        return problems;
    }
}
