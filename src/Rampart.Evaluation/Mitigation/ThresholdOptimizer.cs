using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// fairlearn's ThresholdOptimizer (Hardt, Price and Srebro 2016), a post-processing mitigation: per group, the
/// trade-off curve of the constrained rate against the objective (accuracy) over every score threshold, its upper
/// convex hull (points between two thresholds are reached by mixing them at random), and one common target rate on
/// the grid k / grid_size chosen to maximise overall accuracy. Groups are the intersection of the sensitive features.
/// </summary>
/// <remarks>
/// Demographic parity puts the selection rate on the x axis, true (false) positive rate parity the TPR (FPR); the
/// y axis is the group's accuracy and the target maximises Σ_g (n_g / n) · accuracy_g(x). Equalized odds works on
/// the ROC curve (x = FPR, y = TPR): the groups' hulls are intersected (pointwise minimum of TPR), the FPR maximising
/// P(y=1)·TPR − P(y=0)·FPR is chosen, and each group above the common TPR mixes in a constant decision
/// (probability p_ignore) to come down to it. Thresholds select rows whose score is strictly above them, as
/// fairlearn's <c>ThresholdOperation('&gt;', t)</c>; fairlearn's default <c>flip=False</c> is kept.
/// </remarks>
public static class ThresholdOptimizer
{
    /// <summary>Fits a policy.</summary>
    /// <param name="scores">The score of each row: the probability of the favourable class (any finite number works; only the order matters). Problems under <c>scores</c>.</param>
    /// <param name="labels">The true outcome of each row, 1 for the favourable class and 0 otherwise (<c>labels</c>).</param>
    /// <param name="sensitiveFeatures">At least one feature, each with a value on every row and at least two groups.</param>
    /// <param name="options">The options; <c>null</c> for the defaults.</param>
    /// <returns>The policy, or every problem: lengths, non-binary labels, non-finite scores, missing groups, bad options, and
    /// a group without positives (TPR parity, equalized odds) or negatives (FPR parity, equalized odds).</returns>
    public static ValidationResult<ThresholdPolicy> Fit(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, IReadOnlyList<SensitiveFeature> sensitiveFeatures, ThresholdOptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sensitiveFeatures);
        options ??= new ThresholdOptimizerOptions();
        var problems = new List<Problem>();
        options.Validate(problems);
        var rows = labels.Length;
        if (rows == 0)
        {
            problems.Add(new Problem { Field = "labels", Message = "There are no rows to fit thresholds on." });
        }

        FairnessInput.CheckBinary(labels, "labels", "label", problems);
        if (scores.Length != rows)
        {
            problems.Add(new Problem { Field = "scores", Message = $"There are {scores.Length} scores for {rows} labels; give one per row." });
        }
        else
        {
            for (var i = 0; i < rows; i++)
            {
                if (!double.IsFinite(scores[i]))
                {
                    problems.Add(new Problem { Field = "scores", Message = string.Create(CultureInfo.InvariantCulture, $"Row index {i} holds {scores[i]}; scores must be finite numbers.") });
                    break;
                }
            }
        }

        FairnessInput.CheckFeatures(sensitiveFeatures, rows, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<ThresholdPolicy>.Failure(problems);
        }

        var grouping = Grouping.Build([.. sensitiveFeatures]);
        var members = new List<int>[grouping.Count];
        for (var g = 0; g < members.Length; g++)
        {
            members[g] = [];
        }

        for (var i = 0; i < rows; i++)
        {
            members[grouping.RowGroup[i]].Add(i);
        }

        var constraint = options.Constraint;
        for (var g = 0; g < grouping.Count; g++)
        {
            var positives = 0;
            foreach (var i in members[g])
            {
                positives += labels[i];
            }

            var negatives = members[g].Count - positives;
            var needsPositives = constraint is FairnessConstraint.TruePositiveRateParity or FairnessConstraint.EqualizedOdds;
            var needsNegatives = constraint is FairnessConstraint.FalsePositiveRateParity or FairnessConstraint.EqualizedOdds;
            if ((needsPositives && positives == 0) || (needsNegatives && negatives == 0))
            {
                problems.Add(new Problem
                {
                    Field = $"groups.{grouping.GroupNames[g]}",
                    Message = $"The group has {positives} row(s) with label 1 and {negatives} with label 0; {FairnessConstraints.ToName(constraint)} needs {(needsPositives && needsNegatives ? "both labels" : needsPositives ? "a row with label 1" : "a row with label 0")} in every group (fairlearn raises the same).",
                });
            }
        }

        if (problems.Count > 0)
        {
            return ValidationResult<ThresholdPolicy>.Failure(problems);
        }

        var grid = options.GridSize;
        var curves = new Interpolated[grouping.Count];
        for (var g = 0; g < grouping.Count; g++)
        {
            curves[g] = Interpolate(Hull(Curve(scores, labels, members[g], constraint)), grid);
        }

        var policyGroups = ImmutableArray.CreateBuilder<GroupThresholds>(grouping.Count);
        double target;
        double? targetTpr = null;
        double expectedAccuracy;
        if (constraint == FairnessConstraint.EqualizedOdds)
        {
            var totalPositives = 0;
            foreach (var y in labels)
            {
                totalPositives += y;
            }

            var best = -1;
            var bestValue = double.NegativeInfinity;
            var yMin = new double[grid + 1];
            for (var k = 0; k <= grid; k++)
            {
                yMin[k] = curves.Min(c => c.Y[k]);
                var value = ((double)totalPositives / rows * yMin[k]) - ((double)(rows - totalPositives) / rows * X(k, grid));
                if (value > bestValue)
                {
                    (best, bestValue) = (k, value);
                }
            }

            target = X(best, grid);
            targetTpr = yMin[best];
            expectedAccuracy = ((double)totalPositives / rows * yMin[best]) + ((double)(rows - totalPositives) / rows * (1 - target));
            for (var g = 0; g < grouping.Count; g++)
            {
                var y = curves[g].Y[best];

                // p_ignore·x_best + (1 − p_ignore)·y = y_best: mixing in the constant decision x_best lowers the TPR to the common one.
                var ignore = y == target ? 0 : Math.Clamp((y - targetTpr.Value) / (y - target), 0, 1);
                policyGroups.Add(Rule(grouping, g, curves[g], best, members[g].Count) with { IgnoreProbability = ignore, ConstantProbability = target });
            }
        }
        else
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var k = 0; k <= grid; k++)
            {
                var value = 0.0;
                for (var g = 0; g < grouping.Count; g++)
                {
                    value += (double)grouping.Sizes[g] / rows * curves[g].Y[k];
                }

                if (value > bestValue)
                {
                    (best, bestValue) = (k, value);
                }
            }

            target = X(best, grid);
            expectedAccuracy = bestValue;
            for (var g = 0; g < grouping.Count; g++)
            {
                policyGroups.Add(Rule(grouping, g, curves[g], best, members[g].Count));
            }
        }

        return ValidationResult<ThresholdPolicy>.Success(new ThresholdPolicy
        {
            Constraint = constraint,
            Features = [.. sensitiveFeatures.Select(f => f.Name)],
            FavourableClass = options.FavourableClass,
            Label = options.Label,
            GridSize = grid,
            TargetRate = target,
            TargetTruePositiveRate = targetTpr,
            ExpectedAccuracy = expectedAccuracy,
            Groups = policyGroups.MoveToImmutable(),
        });
    }

    private static double X(int k, int grid) => (double)k / grid;

    private static GroupThresholds Rule(Grouping grouping, int g, Interpolated curve, int k, long count) => new()
    {
        Group = grouping.GroupNames[g],
        Values = grouping.GroupValues[g],
        Threshold0 = curve.Threshold0[k],
        Threshold1 = curve.Threshold1[k],
        Probability0 = curve.P0[k],
        Count = count,
    };

    /// <summary>
    /// The points of every threshold, from +∞ (select nobody) down through each distinct score to −∞ (select
    /// everybody); the threshold after a score level is the next lower score, so "score &gt; t" selects that level.
    /// </summary>
    private static List<Point> Curve(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, List<int> rows, FairnessConstraint constraint)
    {
        var order = rows.ToArray();
        var keys = new double[order.Length];
        for (var j = 0; j < order.Length; j++)
        {
            keys[j] = -scores[order[j]];
        }

        Array.Sort(keys, order);
        var n = order.Length;
        var positives = 0;
        foreach (var i in order)
        {
            positives += labels[i];
        }

        var negatives = n - positives;
        var points = new List<Point>(n + 1);
        long tp = 0;
        long fp = 0;
        Point Make(double threshold)
        {
            var accuracy = (double)(tp + negatives - fp) / n;
            return constraint switch
            {
                FairnessConstraint.DemographicParity => new Point((double)(tp + fp) / n, accuracy, threshold),
                FairnessConstraint.TruePositiveRateParity => new Point((double)tp / positives, accuracy, threshold),
                FairnessConstraint.FalsePositiveRateParity => new Point((double)fp / negatives, accuracy, threshold),
                _ => new Point((double)fp / negatives, (double)tp / positives, threshold),
            };
        }

        points.Add(Make(double.PositiveInfinity));
        var at = 0;
        while (at < n)
        {
            var level = scores[order[at]];
            while (at < n && scores[order[at]] == level)
            {
                if (labels[order[at]] == 1)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                at++;
            }

            points.Add(Make(at < n ? scores[order[at]] : double.NegativeInfinity));
        }

        return points;
    }

    /// <summary>The upper convex hull, left to right; of points with equal x only the highest (the first such) is kept.</summary>
    private static List<Point> Hull(List<Point> points)
    {
        var sorted = points.Select((p, i) => (p, i)).OrderBy(t => t.p.X).ThenByDescending(t => t.p.Y).ThenBy(t => t.i).Select(t => t.p).ToList();
        var hull = new List<Point>(sorted.Count);
        foreach (var r2 in sorted)
        {
            if (hull.Count > 0 && hull[^1].X == r2.X)
            {
                continue;
            }

            while (hull.Count >= 2)
            {
                var r1 = hull[^1];
                var r0 = hull[^2];

                // r1 on or below the line r0 → r2 is not needed (fairlearn's _filter_points_to_get_convex_hull).
                if ((r1.Y - r0.Y) * (r2.X - r0.X) <= (r2.Y - r0.Y) * (r1.X - r0.X))
                {
                    hull.RemoveAt(hull.Count - 1);
                }
                else
                {
                    break;
                }
            }

            hull.Add(r2);
        }

        return hull;
    }

    private static Interpolated Interpolate(List<Point> hull, int grid)
    {
        var result = new Interpolated(grid + 1);
        var j = 0;
        for (var k = 0; k <= grid; k++)
        {
            var x = X(k, grid);
            while (j < hull.Count - 2 && x > hull[j + 1].X)
            {
                j++;
            }

            var left = hull[j];
            var right = hull[Math.Min(j + 1, hull.Count - 1)];
            var p0 = right.X == left.X ? 1 : Math.Clamp((right.X - x) / (right.X - left.X), 0, 1);
            result.Y[k] = (p0 * left.Y) + ((1 - p0) * right.Y);
            result.P0[k] = p0;
            result.Threshold0[k] = left.Threshold;
            result.Threshold1[k] = right.Threshold;
        }

        return result;
    }

    private readonly record struct Point(double X, double Y, double Threshold);

    private sealed class Interpolated(int length)
    {
        public double[] Y { get; } = new double[length];

        public double[] P0 { get; } = new double[length];

        public double[] Threshold0 { get; } = new double[length];

        public double[] Threshold1 { get; } = new double[length];
    }
}
