using static Rampart.Evaluation.Fairness.FairnessMetricNames;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// Every classification fairness metric as a function of the confusion counts per group. Because nothing else is
/// needed, the point estimate and each bootstrap replicate cost O(groups), whatever the number of rows.
/// </summary>
/// <remarks>
/// Value layout for G groups: the overall rates, then each group's rates (<see cref="RateCount"/> each), then the
/// aggregates in <see cref="AggregateNames"/> order. Undefined values are NaN; when an <see cref="Explanation"/> is
/// given (point estimates only) the reasons and notes are filled in too.
/// </remarks>
internal static class ConfusionKernel
{
    // Cell index of a row: 2 * y + ŷ.
    public const int Tn = 0;
    public const int Fp = 1;
    public const int Fn = 2;
    public const int Tp = 3;
    public const int CellCount = 4;

    public const int Sr = 0;
    public const int Tpr = 1;
    public const int Fpr = 2;
    public const int Fnr = 3;
    public const int Tnr = 4;
    public const int Ppv = 5;
    public const int Npv = 6;
    public const int Acc = 7;
    public const int Base = 8;
    public const int Err = 9;
    public const int Share = 10;
    public const int RateCount = 11;

    public static readonly string[] RateNames =
    [
        SelectionRate, TruePositiveRate, FalsePositiveRate, FalseNegativeRate, TrueNegativeRate,
        PositivePredictiveValue, NegativePredictiveValue, Accuracy, BaseRate, ErrorRate, PredictedPositiveShare,
    ];

    public static readonly string[] AggregateNames =
    [
        DemographicParityDifference, DemographicParityRatio, DemographicParityDifferenceToOverall, DemographicParityRatioToOverall,
        EqualizedOddsDifference, EqualizedOddsDifferenceMean, EqualizedOddsRatio, EqualizedOddsRatioMean,
        EqualOpportunityDifference, EqualOpportunityRatio, AccuracyDifference,
        Aif360StatisticalParityDifference, Aif360DisparateImpact, Aif360EqualOpportunityDifference, Aif360AverageOddsDifference,
        Aif360AverageAbsOddsDifference, Aif360EqualizedOddsDifference, Aif360ErrorRateDifference, Aif360ErrorRateRatio,
        Aif360AveragePredictiveValueDifference,
        GeneralizedEntropyIndex, TheilIndex, CoefficientOfVariation,
        BetweenGroupGeneralizedEntropyIndex, BetweenGroupTheilIndex, BetweenGroupCoefficientOfVariation,
    ];

    /// <summary>Per group, comparisons with the privileged group (Aequitas-style disparities).</summary>
    public static readonly string[] ComparisonNames =
    [
        FairnessMetricNames.SelectionRateRatioToPrivileged, FairnessMetricNames.SelectionRateDifferenceToPrivileged,
        FairnessMetricNames.TruePositiveRateDifferenceToPrivileged,
    ];

    public static int ValueCount(int groups) => AggregateOffset(groups) + AggregateNames.Length;

    public static int ComparisonOffset(int groups) => (groups + 1) * RateCount;

    public static int AggregateOffset(int groups) => ComparisonOffset(groups) + (groups * ComparisonNames.Length);

    /// <summary>The rates of one set of counts.</summary>
    public static void Rates(long tn, long fp, long fn, long tp, long allPredictedPositives, Span<double> r)
    {
        double n = tn + fp + fn + tp;
        double pos = tp + fn;
        double neg = tn + fp;
        double pp = tp + fp;
        double pn = tn + fn;
        r[Sr] = n > 0 ? pp / n : double.NaN;
        r[Tpr] = pos > 0 ? tp / pos : double.NaN;
        r[Fpr] = neg > 0 ? fp / neg : double.NaN;
        r[Fnr] = pos > 0 ? fn / pos : double.NaN;
        r[Tnr] = neg > 0 ? tn / neg : double.NaN;
        r[Ppv] = pp > 0 ? tp / pp : double.NaN;
        r[Npv] = pn > 0 ? tn / pn : double.NaN;
        r[Acc] = n > 0 ? (tp + tn) / n : double.NaN;
        r[Base] = n > 0 ? pos / n : double.NaN;
        r[Err] = n > 0 ? (fp + fn) / n : double.NaN;
        r[Share] = allPredictedPositives > 0 ? pp / allPredictedPositives : double.NaN;
    }

    /// <summary>Why a rate is undefined, in words that complete "... because the group has".</summary>
    public static string RateWhy(int rate) => rate switch
    {
        Tpr or Fnr => "no rows with y = 1",
        Fpr or Tnr => "no rows with y = 0",
        Ppv => "no rows predicted 1 (ŷ = 1)",
        Npv => "no rows predicted 0 (ŷ = 0)",
        Share => "no rows predicted 1 in any group",
        _ => "no rows",
    };

    /// <summary>Computes every value from the cells (G x 4, row-major by group).</summary>
    public static void Compute(ReadOnlySpan<long> cells, int groups, int privileged, double alpha, Span<double> values, Explanation? explain)
    {
        long tn = 0, fp = 0, fn = 0, tp = 0;
        for (var g = 0; g < groups; g++)
        {
            tn += cells[(g * CellCount) + Tn];
            fp += cells[(g * CellCount) + Fp];
            fn += cells[(g * CellCount) + Fn];
            tp += cells[(g * CellCount) + Tp];
        }

        var allPp = tp + fp;
        Rates(tn, fp, fn, tp, allPp, values[..RateCount]);
        for (var g = 0; g < groups; g++)
        {
            var c = cells.Slice(g * CellCount, CellCount);
            Rates(c[Tn], c[Fp], c[Fn], c[Tp], allPp, values.Slice((g + 1) * RateCount, RateCount));
        }

        if (explain is not null)
        {
            for (var g = -1; g < groups; g++)
            {
                for (var r = 0; r < RateCount; r++)
                {
                    var index = ((g + 1) * RateCount) + r;
                    if (double.IsNaN(values[index]))
                    {
                        explain.Reasons[index] = g < 0
                            ? $"The data has {RateWhy(r)}."
                            : $"Group '{explain.GroupNames[g]}' has {RateWhy(r)}.";
                    }
                }
            }
        }

        var comparisons = values.Slice(ComparisonOffset(groups), groups * ComparisonNames.Length);
        var privilegedRates = values.Slice((privileged + 1) * RateCount, RateCount);
        for (var g = 0; g < groups; g++)
        {
            var rates = values.Slice((g + 1) * RateCount, RateCount);
            var c = g * ComparisonNames.Length;
            comparisons[c] = privilegedRates[Sr] > 0 ? rates[Sr] / privilegedRates[Sr] : double.NaN;
            comparisons[c + 1] = rates[Sr] - privilegedRates[Sr];
            comparisons[c + 2] = rates[Tpr] - privilegedRates[Tpr];
            if (explain is not null)
            {
                var at = ComparisonOffset(groups) + c;
                var who = $"the privileged group '{explain.GroupNames[privileged]}'";
                explain.Undefined(at, comparisons[c], $"The selection rate of {who} is 0, so the ratio is undefined.");
                explain.Undefined(at + 2, comparisons[c + 2], double.IsNaN(privilegedRates[Tpr])
                    ? $"The true positive rate of {who} is undefined: it has no rows with y = 1."
                    : $"The true positive rate of group '{explain.GroupNames[g]}' is undefined: it has no rows with y = 1.");
            }
        }

        var overall = values[..RateCount];
        var groupRates = values.Slice(RateCount, groups * RateCount);
        var agg = values.Slice(AggregateOffset(groups), AggregateNames.Length);
        var offset = AggregateOffset(groups);
        var a = 0;

        // fairlearn, between groups and to overall.
        var sr = Spread(groupRates, groups, Sr);
        var tpr = Spread(groupRates, groups, Tpr);
        var fpr = Spread(groupRates, groups, Fpr);
        var acc = Spread(groupRates, groups, Acc);
        agg[a++] = sr.Difference;
        agg[a++] = sr.Ratio;
        explain?.Undefined(offset + 1, agg[1], "Every group has a selection rate of 0, so min / max is 0 / 0.");
        var toOverallDiff = 0.0;
        var toOverallRatio = double.PositiveInfinity;
        for (var g = 0; g < groups; g++)
        {
            var s = groupRates[(g * RateCount) + Sr];
            toOverallDiff = Math.Max(toOverallDiff, Math.Abs(s - overall[Sr]));
            toOverallRatio = Math.Min(toOverallRatio, s == 0 ? 0 : Math.Min(s / overall[Sr], overall[Sr] / s));
        }

        agg[a++] = toOverallDiff;
        agg[a++] = overall[Sr] > 0 ? toOverallRatio : double.NaN;
        explain?.Undefined(offset + 3, agg[3], "The overall selection rate is 0, so the ratios to it are undefined.");

        // Math.Max and Math.Min propagate NaN, so an undefined part makes the whole undefined.
        agg[a++] = Math.Max(tpr.Difference, fpr.Difference);
        agg[a++] = (tpr.Difference + fpr.Difference) / 2;
        agg[a++] = Math.Min(tpr.Ratio, fpr.Ratio);
        agg[a++] = (tpr.Ratio + fpr.Ratio) / 2;
        agg[a++] = tpr.Difference;
        agg[a++] = tpr.Ratio;
        agg[a++] = acc.Difference;
        if (explain is not null)
        {
            var tprWhy = tpr.Why("true positive rate", "no rows with y = 1", groupRates, groups, Tpr, explain);
            var fprWhy = fpr.Why("false positive rate", "no rows with y = 0", groupRates, groups, Fpr, explain);
            var oddsDiffWhy = tprWhy.DifferenceReason ?? fprWhy.DifferenceReason;
            var oddsRatioWhy = tprWhy.RatioReason ?? fprWhy.RatioReason;
            var oddsNote = Join(tprWhy.Note, fprWhy.Note);
            explain.Set(offset + 4, agg[4], oddsDiffWhy, oddsNote);
            explain.Set(offset + 5, agg[5], oddsDiffWhy, oddsNote);
            explain.Set(offset + 6, agg[6], oddsRatioWhy, oddsNote);
            explain.Set(offset + 7, agg[7], oddsRatioWhy, oddsNote);
            explain.Set(offset + 8, agg[8], tprWhy.DifferenceReason, tprWhy.Note);
            explain.Set(offset + 9, agg[9], tprWhy.RatioReason, tprWhy.Note);
        }

        // AIF360: the privileged group against every other row pooled.
        Span<double> p = stackalloc double[RateCount];
        Span<double> u = stackalloc double[RateCount];
        var pc = cells.Slice(privileged * CellCount, CellCount);
        Rates(pc[Tn], pc[Fp], pc[Fn], pc[Tp], allPp, p);
        Rates(tn - pc[Tn], fp - pc[Fp], fn - pc[Fn], tp - pc[Tp], allPp, u);
        var first = a;
        agg[a++] = u[Sr] - p[Sr];
        agg[a++] = p[Sr] > 0 ? u[Sr] / p[Sr] : double.NaN;
        agg[a++] = u[Tpr] - p[Tpr];
        agg[a++] = ((u[Fpr] - p[Fpr]) + (u[Tpr] - p[Tpr])) / 2;
        agg[a++] = (Math.Abs(u[Fpr] - p[Fpr]) + Math.Abs(u[Tpr] - p[Tpr])) / 2;
        agg[a++] = Math.Max(Math.Abs(u[Fpr] - p[Fpr]), Math.Abs(u[Tpr] - p[Tpr]));
        agg[a++] = u[Err] - p[Err];
        agg[a++] = p[Err] > 0 ? u[Err] / p[Err] : double.NaN;
        agg[a++] = ((u[Ppv] - p[Ppv]) + (u[Npv] - p[Npv])) / 2;
        if (explain is not null)
        {
            var who = $"the privileged group '{explain.GroupNames[privileged]}'";
            var pa = p.ToArray();
            var ua = u.ToArray();
            string? Side(params int[] rates)
            {
                foreach (var r in rates)
                {
                    if (double.IsNaN(pa[r]))
                    {
                        return $"The {RateNames[r].Replace('_', ' ')} is undefined for {who}, which has {RateWhy(r)}.";
                    }

                    if (double.IsNaN(ua[r]))
                    {
                        return $"The {RateNames[r].Replace('_', ' ')} is undefined for the unprivileged rows (all but {who}), which have {RateWhy(r)}.";
                    }
                }

                return null;
            }

            explain.Set(offset + first + 1, agg[first + 1], $"The selection rate of {who} is 0, so the ratio is undefined.", null);
            explain.Set(offset + first + 2, agg[first + 2], Side(Tpr), null);
            explain.Set(offset + first + 3, agg[first + 3], Side(Tpr, Fpr), null);
            explain.Set(offset + first + 4, agg[first + 4], Side(Tpr, Fpr), null);
            explain.Set(offset + first + 5, agg[first + 5], Side(Tpr, Fpr), null);
            explain.Set(offset + first + 7, agg[first + 7], $"The error rate of {who} is 0, so the ratio is undefined.", null);
            explain.Set(offset + first + 8, agg[first + 8], Side(Ppv, Npv), null);
        }

        // AIF360 inequality indices of b = ŷ - y + 1: b = 0 for a false negative, 1 when correct, 2 for a false positive.
        Span<double> bValues = [0, 1, 2];
        Span<double> bWeights = [fn, tp + tn, fp];
        string? why;
        agg[a] = Entropy(bValues, bWeights, alpha, out why);
        explain?.Set(offset + a, agg[a], why, null);
        a++;
        agg[a] = Entropy(bValues, bWeights, 1, out why);
        explain?.Set(offset + a, agg[a], why, null);
        a++;
        agg[a] = Math.Sqrt(2 * Entropy(bValues, bWeights, 2, out why));
        explain?.Set(offset + a, agg[a], why, null);
        a++;

        Span<double> means = groups <= 64 ? stackalloc double[groups] : new double[groups];
        Span<double> sizes = groups <= 64 ? stackalloc double[groups] : new double[groups];
        for (var g = 0; g < groups; g++)
        {
            var c = cells.Slice(g * CellCount, CellCount);
            sizes[g] = c[Tn] + c[Fp] + c[Fn] + c[Tp];
            means[g] = sizes[g] > 0 ? (c[Tp] + c[Tn] + (2.0 * c[Fp])) / sizes[g] : 0;
        }

        agg[a] = Entropy(means, sizes, alpha, out why);
        explain?.Set(offset + a, agg[a], why, null);
        a++;
        agg[a] = Entropy(means, sizes, 1, out why);
        explain?.Set(offset + a, agg[a], why, null);
        a++;
        agg[a] = Math.Sqrt(2 * Entropy(means, sizes, 2, out why));
        explain?.Set(offset + a, agg[a], why, null);
        a++;
        System.Diagnostics.Debug.Assert(a == AggregateNames.Length, "Every aggregate is written once.");
    }

    /// <summary>
    /// Generalized entropy GE(α) of values v with weights (counts) w: 1/(N α(α-1)) Σ w[(v/μ)^α - 1], the Theil form
    /// (1/N) Σ w (v/μ) ln(v/μ) at α = 1 and -(1/N) Σ w ln(v/μ) at α = 0.
    /// </summary>
    public static double Entropy(ReadOnlySpan<double> v, ReadOnlySpan<double> w, double alpha, out string? why)
    {
        double n = 0, sum = 0;
        var hasZero = false;
        for (var i = 0; i < v.Length; i++)
        {
            n += w[i];
            sum += w[i] * v[i];
            hasZero |= w[i] > 0 && v[i] == 0;
        }

        why = null;
        if (n <= 0 || sum <= 0)
        {
            why = "Every row has b = ŷ - y + 1 = 0 (all are false negatives), so the mean benefit is 0 and the index is undefined.";
            return double.NaN;
        }

        if (alpha <= 0 && hasZero)
        {
            why = $"GE({alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}) is infinite when a row has b = 0 (a false negative).";
            return double.NaN;
        }

        var mu = sum / n;
        double total = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (w[i] <= 0)
            {
                continue;
            }

            var x = v[i] / mu;
            total += alpha switch
            {
                1 => x > 0 ? w[i] * x * Math.Log(x) : 0,
                0 => -w[i] * Math.Log(x),
                _ => w[i] * (Math.Pow(x, alpha) - 1),
            };
        }

        return alpha is 1 or 0 ? total / n : total / (n * alpha * (alpha - 1));
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + " " + b;

    private static Range Spread(ReadOnlySpan<double> groupRates, int groups, int rate)
    {
        var max = double.NegativeInfinity;
        var min = double.PositiveInfinity;
        var defined = 0;
        for (var g = 0; g < groups; g++)
        {
            var x = groupRates[(g * RateCount) + rate];
            if (!double.IsNaN(x))
            {
                defined++;
                max = Math.Max(max, x);
                min = Math.Min(min, x);
            }
        }

        return defined < 2
            ? new Range(double.NaN, double.NaN, defined)
            : new Range(max - min, max > 0 ? min / max : double.NaN, defined);
    }

    private readonly record struct Range(double Difference, double Ratio, int Defined)
    {
        public (string? DifferenceReason, string? RatioReason, string? Note) Why(string what, string lack, ReadOnlySpan<double> groupRates, int groups, int rate, Explanation explain)
        {
            var left = new List<string>();
            for (var g = 0; g < groups; g++)
            {
                if (double.IsNaN(groupRates[(g * RateCount) + rate]))
                {
                    left.Add($"'{explain.GroupNames[g]}'");
                }
            }

            string? note = left.Count > 0 && Defined >= 2
                ? $"Groups with {lack} have no {what} and were left out: {string.Join(", ", left)}."
                : null;
            string? differenceReason = Defined < 2
                ? $"The {what} is defined in {Defined} group(s) only; the others have {lack}."
                : null;
            var ratioReason = differenceReason ?? (double.IsNaN(Ratio) ? $"Every group has a {what} of 0, so min / max is 0 / 0." : null);
            return (differenceReason, ratioReason, note);
        }
    }
}
