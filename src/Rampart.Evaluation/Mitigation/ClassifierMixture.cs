using System.Collections.Immutable;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// The randomized classifier <see cref="ExponentiatedGradient"/> returns: a probability distribution over logistic
/// regressions (and constants). It decides 1 for x with probability Σ_h Q(h)·h(x).
/// </summary>
public sealed class ClassifierMixture
{
    internal ClassifierMixture(ImmutableArray<MixtureMember> members, FairnessConstraint constraint, double epsilon, int iterations, int bestIteration, double bestGap, double nu, int classifiersFound, bool fromLinearProgram)
    {
        Members = members;
        Constraint = constraint;
        Epsilon = epsilon;
        Iterations = iterations;
        BestIteration = bestIteration;
        BestGap = bestGap;
        Nu = nu;
        ClassifiersFound = classifiersFound;
        FromLinearProgram = fromLinearProgram;
    }

    /// <summary>The classifiers with a positive weight; the weights sum to 1.</summary>
    public ImmutableArray<MixtureMember> Members { get; }

    /// <summary>The constraint.</summary>
    public FairnessConstraint Constraint { get; }

    /// <summary>The allowed violation ε.</summary>
    public double Epsilon { get; }

    /// <summary>Iterations run.</summary>
    public int Iterations { get; }

    /// <summary>The iteration whose mixture was kept (the last one within 1e-8 of the smallest duality gap), from 0.</summary>
    public int BestIteration { get; }

    /// <summary>The duality gap of the kept mixture.</summary>
    public double BestGap { get; }

    /// <summary>The gap target ν used (given or chosen automatically).</summary>
    public double Nu { get; }

    /// <summary>Best responses found in all (members are those with a positive weight).</summary>
    public int ClassifiersFound { get; }

    /// <summary>Whether the kept weights came from the linear program (otherwise from the exponentiated gradient average of the iterates).</summary>
    public bool FromLinearProgram { get; }

    /// <summary>The probability of deciding 1 for each row: Σ_h Q(h)·h(x) (fairlearn's _pmf_predict).</summary>
    /// <param name="features">Rows x features, encoded as for training.</param>
    /// <returns>One probability per row.</returns>
    public double[] PositiveProbability(FloatMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var p = new double[features.Rows];
        foreach (var member in Members)
        {
            var decisions = member.Decide(features);
            for (var r = 0; r < p.Length; r++)
            {
                p[r] += member.Weight * decisions[r];
            }
        }

        return p;
    }

    /// <summary>
    /// Decides every row as fairlearn's predict(X, random_state) does: 1 when the positive probability is at least a
    /// uniform draw; draws come from <c>new Random(seed)</c>, one per row in order.
    /// </summary>
    /// <param name="features">Rows x features.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>0 or 1 per row.</returns>
    public int[] Predict(FloatMatrix features, int seed)
    {
        var p = PositiveProbability(features);
        var random = new Random(seed);
        var decisions = new int[p.Length];
        for (var r = 0; r < p.Length; r++)
        {
            decisions[r] = p[r] >= random.NextDouble() ? 1 : 0;
        }

        return decisions;
    }
}
