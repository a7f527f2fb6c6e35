using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// fairlearn's ExponentiatedGradient (Agarwal et al. 2018, "A Reductions Approach to Fair Classification"), an
/// in-processing mitigation with the built-in logistic regression as the learner: a game between the learner and
/// Lagrange multipliers λ on the constraint violations, bounded by B = 1/ε.
/// </summary>
/// <remarks>
/// Each iteration sets λ = B·exp(θ) / (1 + Σ exp(θ)), asks the learner for the best response (the rows are relabelled
/// by the sign of their signed weight 2y − 1 + constraint term and weighted by its size, normalised to n), adds it to
/// the running average of iterates Q_EG, evaluates the duality gap of Q_EG against the average λ, and (with the
/// linear-program step, fairlearn's default) also solves the saddle point over all classifiers found and keeps
/// whichever has the smaller gap. It stops after at least 5 iterations once the gap is below ν, shrinks the
/// learning rate (×0.8) when the best gap stops improving, and finally keeps the last iteration within 1e-8 of the
/// smallest gap. Constants are fairlearn's (_ACCURACY_MUL 0.5, _REGRET_CHECK_START_T 5, _REGRET_CHECK_INCREASE_T 1.6,
/// _SHRINK_REGRET 0.8, _SHRINK_ETA 0.8, _MIN_ITER 5, _PRECISION 1e-8). Groups are the intersection of the
/// sensitive features. Deterministic: the learner uses no randomness.
/// </remarks>
public static class ExponentiatedGradient
{
    private const double AccuracyMul = 0.5;
    private const int RegretCheckStart = 5;
    private const double RegretCheckIncrease = 1.6;
    private const double ShrinkRegret = 0.8;
    private const double ShrinkEta = 0.8;
    private const int MinIterations = 5;

    /// <summary>Fits a mixture of logistic regressions under the constraint.</summary>
    /// <param name="features">Rows x features: the encoded training inputs (finite; standardised inputs suit the learner's L2 penalty). Problems under <c>features</c>.</param>
    /// <param name="labels">The outcome per row, 1 for the favourable class and 0 otherwise (<c>labels</c>).</param>
    /// <param name="sensitiveFeatures">At least one feature, each with a value on every row and at least two groups.</param>
    /// <param name="options">The options; <c>null</c> for fairlearn's defaults.</param>
    /// <param name="cancellationToken">Cancels between best responses.</param>
    /// <returns>The mixture, or every problem with the input and options.</returns>
    public static ValidationResult<ClassifierMixture> Fit(FloatMatrix features, ReadOnlySpan<int> labels, IReadOnlyList<SensitiveFeature> sensitiveFeatures, ExponentiatedGradientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(sensitiveFeatures);
        options ??= new ExponentiatedGradientOptions();
        var problems = new List<Problem>();
        options.Validate(problems);
        var n = labels.Length;
        if (n < 2)
        {
            problems.Add(new Problem { Field = "labels", Message = $"There are {n} row(s); training needs at least two." });
        }

        FairnessInput.CheckBinary(labels, "labels", "label", problems);
        if (features.Rows != n)
        {
            problems.Add(new Problem { Field = "features", Message = $"There are {features.Rows} feature rows for {n} labels; give one per row." });
        }
        else
        {
            var bad = Array.FindIndex(features.Data, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                problems.Add(new Problem { Field = "features", Message = string.Create(CultureInfo.InvariantCulture, $"Row index {bad / Math.Max(1, features.Columns)}, feature {bad % Math.Max(1, features.Columns)} is not a finite number; impute missing values first.") });
            }
        }

        FairnessInput.CheckFeatures(sensitiveFeatures, n, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<ClassifierMixture>.Failure(problems);
        }

        var y = labels.ToArray();
        var grouping = Grouping.Build([.. sensitiveFeatures]);
        var moment = new ParityMoment(options.Constraint, y, grouping.RowGroup, grouping.Count);
        var b = 1 / options.Epsilon;
        var lagrangian = new ReductionLagrangian(features, y, moment, b, options.Learner, cancellationToken);
        var k = lagrangian.ConstraintCount;
        var theta = new double[k];
        var lambdaSum = new double[k];
        var qSum = new Dictionary<int, double>();
        var gapsEg = new List<double>();
        var gaps = new List<double>();
        var qs = new List<(double[] Q, bool FromLp)>();
        var lastRegretChecked = (double)RegretCheckStart;
        var lastGap = double.PositiveInfinity;
        var nu = options.Nu ?? 0;
        var eta = 0.0;
        var iterations = 0;
        for (var t = 0; t < options.MaxIterations; t++)
        {
            iterations = t + 1;
            // λ = B·exp(θ) / (1 + Σ exp(θ)), computed with the largest exponent taken out so that it cannot overflow.
            var top = Math.Max(0, theta.Max());
            var denominator = Math.Exp(-top) + theta.Sum(v => Math.Exp(v - top));
            var lambda = theta.Select(v => b * Math.Exp(v - top) / denominator).ToArray();
            for (var j = 0; j < k; j++)
            {
                lambdaSum[j] += lambda[j];
            }

            var lambdaEg = lambdaSum.Select(v => v / (t + 1)).ToArray();
            var h = lagrangian.BestH(lambda);
            if (t == 0)
            {
                if (options.Nu is null)
                {
                    nu = AccuracyMul * StandardDeviation(lagrangian.Hypotheses[h].Decisions, y) / Math.Sqrt(n);
                }

                eta = options.Eta0 / b;
            }

            qSum[h] = qSum.GetValueOrDefault(h) + 1;
            var gamma = lagrangian.Hypotheses[h].Gamma;
            var total = qSum.Values.Sum();
            var qEg = new double[lagrangian.Hypotheses.Count];
            foreach (var (index, count) in qSum)
            {
                qEg[index] = count / total;
            }

            var gapEg = lagrangian.EvalGap(qEg, lambdaEg, nu).Value;
            gapsEg.Add(gapEg);
            var gapLp = double.PositiveInfinity;
            double[]? qLp = null;
            if (t > 0 && options.RunLinprogStep && lagrangian.SolveLinprog(nu) is { } lp)
            {
                (qLp, gapLp) = (lp.Q, lp.Result.Value);
            }

            if (qLp is null || gapEg < gapLp)
            {
                qs.Add((qEg, false));
                gaps.Add(gapEg);
            }
            else
            {
                qs.Add((qLp, true));
                gaps.Add(gapLp);
            }

            options.Progress?.Report(string.Create(CultureInfo.InvariantCulture, $"iteration {t + 1}: duality gap {gaps[t]:G4} (stops below ν = {nu:G4})"));
            if (gaps[t] < nu && t >= MinIterations)
            {
                break;
            }

            if (t >= lastRegretChecked * RegretCheckIncrease)
            {
                var bestGap = gapsEg.Min();
                if (bestGap > lastGap * ShrinkRegret)
                {
                    eta *= ShrinkEta;
                }

                lastRegretChecked = t;
                lastGap = bestGap;
            }

            for (var j = 0; j < k; j++)
            {
                theta[j] += eta * gamma[j];
            }
        }

        var minGap = gaps.Min();
        var best = gaps.FindLastIndex(g => g <= minGap + ReductionLagrangian.Precision);
        var (weights, fromLp) = qs[best];
        var members = ImmutableArray.CreateBuilder<MixtureMember>();
        for (var h = 0; h < weights.Length; h++)
        {
            if (weights[h] > 0)
            {
                members.Add(lagrangian.Hypotheses[h].Member with { Weight = weights[h] });
            }
        }

        return ValidationResult<ClassifierMixture>.Success(new ClassifierMixture(members.ToImmutable(), options.Constraint, options.Epsilon, iterations, best, gaps[best], nu, lagrangian.Hypotheses.Count, fromLp));
    }

    /// <summary>The sample standard deviation (ddof 1, as pandas) of |h(x) − y|.</summary>
    private static double StandardDeviation(double[] decisions, int[] y)
    {
        var n = y.Length;
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += Math.Abs(decisions[i] - y[i]);
        }

        mean /= n;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = Math.Abs(decisions[i] - y[i]) - mean;
            sum += d * d;
        }

        return Math.Sqrt(sum / (n - 1));
    }
}
