using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// fairlearn's _Lagrangian: L(Q, λ) = error(Q) + λ·(γ(Q) − bound), the best responses found so far, the duality gap
/// of a mixture, and the linear program over the classifiers found.
/// </summary>
internal sealed class ReductionLagrangian
{
    public const double Precision = 1e-8;

    private readonly FloatMatrix _x;
    private readonly int[] _y;
    private readonly ParityMoment _moment;
    private readonly LogisticRegressionOptions? _learner;
    private readonly CancellationToken _cancellationToken;
    private int _lastLinprogCount = -1;
    private (double[] Q, double[] Lambda, Gap Result)? _lastLinprog;

    public ReductionLagrangian(FloatMatrix x, int[] y, ParityMoment moment, double bound, LogisticRegressionOptions? learner, CancellationToken cancellationToken)
    {
        _x = x;
        _y = y;
        _moment = moment;
        B = bound;
        _learner = learner;
        _cancellationToken = cancellationToken;
    }

    public double B { get; }

    public List<Hypothesis> Hypotheses { get; } = [];

    public int ConstraintCount => 2 * _moment.Pairs;

    /// <summary>The best response to λ (cost-sensitive classification by weighted relabelling), kept when it beats every earlier one by more than the precision.</summary>
    public int BestH(ReadOnlySpan<double> lambda)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var n = _y.Length;
        var constraintWeights = _moment.SignedWeights(lambda);
        var labels = new float[n];
        var weights = new float[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            // ErrorRate's signed weight 2y − 1 plus the constraints': the benefit of deciding 1.
            var signed = (2 * _y[i]) - 1 + constraintWeights[i];
            labels[i] = signed > 0 ? 1 : 0;
            constraintWeights[i] = Math.Abs(signed);
            sum += constraintWeights[i];
        }

        for (var i = 0; i < n; i++)
        {
            weights[i] = sum > 0 ? (float)(n * constraintWeights[i] / sum) : 1f;
        }

        LinearModel? model = null;
        var constant = (int)labels[0];
        if (labels.Any(l => l != labels[0]))
        {
            model = LogisticRegressionTrainer.Fit(new TrainingSet(_x, labels, 2, weights), _learner, null, _cancellationToken);
        }

        var candidate = new MixtureMember { Weight = 0, Index = Hypotheses.Count, Model = model, Constant = constant, TrainingError = 0 };
        var decisions = candidate.Decide(_x).Select(d => (double)d).ToArray();
        var error = 0.0;
        for (var i = 0; i < n; i++)
        {
            error += Math.Abs(_y[i] - decisions[i]);
        }

        error /= n;
        var gamma = _moment.Gamma(decisions);
        var value = error + Dot(gamma, lambda);
        var bestIndex = -1;
        var bestValue = double.PositiveInfinity;
        for (var h = 0; h < Hypotheses.Count; h++)
        {
            var v = Hypotheses[h].Error + Dot(Hypotheses[h].Gamma, lambda);
            if (v < bestValue)
            {
                (bestIndex, bestValue) = (h, v);
            }
        }

        if (value < bestValue - Precision)
        {
            Hypotheses.Add(new Hypothesis(candidate with { TrainingError = error }, decisions, error, gamma));
            return Hypotheses.Count - 1;
        }

        return bestIndex;
    }

    /// <summary>L, L_high, γ and error of a mixture Q over the hypotheses (fairlearn's _eval with opt_lambda).</summary>
    public (double L, double LHigh, double Error) Evaluate(ReadOnlySpan<double> q, ReadOnlySpan<double> lambda)
    {
        var error = 0.0;
        var gamma = new double[ConstraintCount];
        for (var h = 0; h < q.Length; h++)
        {
            if (q[h] == 0)
            {
                continue;
            }

            error += q[h] * Hypotheses[h].Error;
            for (var j = 0; j < gamma.Length; j++)
            {
                gamma[j] += q[h] * Hypotheses[h].Gamma[j];
            }
        }

        // The bound of every constraint is 0 (ratio 1, no difference bound: fairlearn's default moments).
        var projected = _moment.Project(lambda);
        var l = error + Dot(projected, gamma);
        var max = gamma.Max();
        var high = max <= 0 ? error : error + (B * max);
        return (l, high, error);
    }

    /// <summary>fairlearn's eval_gap: L_low is the best response's Lagrangian at λ̂, 2λ̂, 5λ̂, 10λ̂ until the gap exceeds ν.</summary>
    public Gap EvalGap(double[] q, double[] lambdaHat, double nu)
    {
        var (l, high, _) = Evaluate(q, lambdaHat);
        var low = l;
        foreach (var mul in (ReadOnlySpan<double>)[1.0, 2.0, 5.0, 10.0])
        {
            var scaled = lambdaHat.Select(v => v * mul).ToArray();
            var h = BestH(scaled);
            var single = new double[Hypotheses.Count];
            single[h] = 1;
            var (lowMul, _, _) = Evaluate(single, lambdaHat);
            low = Math.Min(low, lowMul);
            if (Math.Max(l - low, high - l) > nu + Precision)
            {
                break;
            }
        }

        return new Gap(l, low, high);
    }

    /// <summary>
    /// The saddle point over the convex hull of the hypotheses found: min_Q Σ Q_h error_h + B·s subject to
    /// Σ Q_h γ_h − s ≤ 0, Σ Q = 1; solved through its dual max_λ min_h L(h, λ) (λ ≥ 0, Σλ ≤ B), whose final
    /// tableau also gives Q. <c>null</c> when the simplex fails, in which case the iterate average is kept.
    /// </summary>
    public (double[] Q, double[] Lambda, Gap Result)? SolveLinprog(double nu)
    {
        var hs = Hypotheses.Count;
        if (_lastLinprogCount == hs)
        {
            return _lastLinprog;
        }

        var k = ConstraintCount;

        // Variables: λ (k), μ⁺, μ⁻. Minimise −μ⁺ + μ⁻.
        var c = new double[k + 2];
        c[k] = -1;
        c[k + 1] = 1;
        var a = new double[hs + 1][];
        var b = new double[hs + 1];
        for (var h = 0; h < hs; h++)
        {
            a[h] = new double[k + 2];
            for (var j = 0; j < k; j++)
            {
                a[h][j] = -Hypotheses[h].Gamma[j];
            }

            a[h][k] = 1;
            a[h][k + 1] = -1;
            b[h] = Hypotheses[h].Error;
        }

        a[hs] = new double[k + 2];
        for (var j = 0; j < k; j++)
        {
            a[hs][j] = 1;
        }

        b[hs] = B;
        var solved = DenseSimplex.Minimize(c, a, b);
        _lastLinprogCount = hs;
        if (solved is not { } s)
        {
            _lastLinprog = null;
            return null;
        }

        // Reduced costs are non-negative at the optimum up to rounding; clamp the rounding away.
        var q = s.Duals.AsSpan(0, hs).ToArray().Select(v => Math.Max(v, 0)).ToArray();
        var total = q.Sum();
        if (!(total > 0))
        {
            _lastLinprog = null;
            return null;
        }

        for (var h = 0; h < hs; h++)
        {
            q[h] /= total;
        }

        var lambda = s.X.AsSpan(0, k).ToArray();
        _lastLinprog = (q, lambda, EvalGap(q, lambda, nu));
        return _lastLinprog;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>A best response: the classifier, its decisions, error and constraint vector on the training data.</summary>
    internal sealed record Hypothesis(MixtureMember Member, double[] Decisions, double Error, double[] Gamma);

    /// <summary>The duality gap's parts: gap = max(L − L_low, L_high − L).</summary>
    internal readonly record struct Gap(double L, double LLow, double LHigh)
    {
        public double Value => Math.Max(L - LLow, LHigh - L);
    }
}
