using Rampart.Diagnostics;

namespace Rampart.Evaluation.Robustness;

/// <summary>Options of <see cref="SquareAttack"/> (L∞); the defaults are ART 1.20's.</summary>
public sealed record SquareOptions
{
    /// <summary>The perturbation budget (L∞); default 0.3.</summary>
    public double Epsilon { get; init; } = 0.3;

    /// <summary>The iterations (one query each per row still attacked); default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>The starting share of features re-drawn per iteration; default 0.8.</summary>
    public double PInit { get; init; } = 0.8;

    /// <summary>The number of restarts for rows not yet fooled; default 1.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>The seed; each row draws from its own stream derived from it.</summary>
    public int Seed { get; init; }

    internal List<Problem> Validate()
    {
        var problems = new List<Problem>();
        GradientChecks.Positive(Epsilon, "epsilon", problems);
        GradientChecks.AtLeast(MaxIterations, 1, "max_iter", problems);
        GradientChecks.AtLeast(Restarts, 1, "nb_restarts", problems);
        if (!(PInit > 0 && PInit <= 1))
        {
            problems.Add(new Problem { Field = "p_init", Message = $"p_init is {PInit}; give a share above 0 and at most 1." });
        }

        return problems;
    }
}
