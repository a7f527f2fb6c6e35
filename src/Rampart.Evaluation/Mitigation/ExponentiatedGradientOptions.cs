using System.Globalization;
using Rampart.Diagnostics;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Mitigation;

/// <summary>Settings of <see cref="ExponentiatedGradient"/>, with fairlearn's defaults.</summary>
public sealed record ExponentiatedGradientOptions
{
    /// <summary>The constraint (fairlearn's moment). Default <see cref="FairnessConstraint.DemographicParity"/>.</summary>
    public FairnessConstraint Constraint { get; init; } = FairnessConstraint.DemographicParity;

    /// <summary>The allowed violation of the constraint, ε; the multipliers are bounded by B = 1/ε. Default 0.01; above 0.</summary>
    public double Epsilon { get; init; } = 0.01;

    /// <summary>Iteration cap. Default 50; 1 to 10,000.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>The initial learning rate, divided by B. Default 2.0; above 0.</summary>
    public double Eta0 { get; init; } = 2.0;

    /// <summary>
    /// The duality gap at which iteration stops (after at least 5 iterations); <c>null</c> (the default) chooses it as
    /// fairlearn does: 0.5 · std(|h₀(x) − y|) / √n for the first best response h₀.
    /// </summary>
    public double? Nu { get; init; }

    /// <summary>Whether each iteration also solves the linear program over the classifiers found so far and keeps its solution when its gap is smaller (fairlearn's run_linprog_step). Default <c>true</c>.</summary>
    public bool RunLinprogStep { get; init; } = true;

    /// <summary>The logistic regression settings of every best response; <c>null</c> for the trainer's defaults (C = 1).</summary>
    public LogisticRegressionOptions? Learner { get; init; }

    /// <summary>Told after each iteration (its number and duality gap), for a progress display; <c>null</c> for none.</summary>
    public IProgress<string>? Progress { get; init; }

    internal void Validate(List<Problem> problems)
    {
        if (!Enum.IsDefined(Constraint))
        {
            problems.Add(new Problem { Field = "constraint", Message = $"{(int)Constraint} is not a constraint." });
        }

        if (!(Epsilon > 0 && double.IsFinite(Epsilon)))
        {
            problems.Add(new Problem { Field = "eps", Message = string.Create(CultureInfo.InvariantCulture, $"{Epsilon} is out of range: use a number above 0, such as 0.01.") });
        }

        if (MaxIterations is < 1 or > 10_000)
        {
            problems.Add(new Problem { Field = "max_iter", Message = $"{MaxIterations} is out of range: use 1 to 10000." });
        }

        if (!(Eta0 > 0 && double.IsFinite(Eta0)))
        {
            problems.Add(new Problem { Field = "eta0", Message = string.Create(CultureInfo.InvariantCulture, $"{Eta0} is out of range: use a number above 0.") });
        }

        if (Nu is { } nu && !(nu > 0 && double.IsFinite(nu)))
        {
            problems.Add(new Problem { Field = "nu", Message = string.Create(CultureInfo.InvariantCulture, $"{nu} is out of range: use a number above 0, or leave it unset.") });
        }

        if (Learner is { } learner && !(learner.C > 0))
        {
            problems.Add(new Problem { Field = "learner.c", Message = "C must be above 0." });
        }
    }
}
