using System.Globalization;

namespace Rampart.Evaluation.Fairness;

/// <summary>Checks estimates against threshold rules.</summary>
internal static class Verdicts
{
    public static ThresholdVerdict Check(ThresholdRule rule, double threshold, bool isDefault, string grouping, MetricEstimate estimate)
    {
        var level = estimate.Interval is { } ci ? F(ci.Level * 100) + "% CI " + F(ci.Lower) + " to " + F(ci.Upper) : null;
        var shown = level is null ? F(estimate.Value) : $"{F(estimate.Value)} ({level})";
        if (!estimate.IsDefined)
        {
            return new ThresholdVerdict
            {
                Key = rule.Key,
                Metric = rule.Metric,
                Grouping = grouping,
                Threshold = threshold,
                Direction = rule.Direction,
                IsDefault = isDefault,
                Estimate = estimate,
                Outcome = VerdictOutcome.Undefined,
                IntervalAgrees = null,
                Message = $"{grouping}: {rule.Metric} is undefined, so {rule.Key} cannot be checked: {estimate.UndefinedReason}",
            };
        }

        var pass = Passes(rule.Direction, threshold, estimate.Value);
        bool? agrees = estimate.Interval is { } i ? IntervalAgrees(rule.Direction, threshold, pass, i.Lower, i.Upper) : null;
        var bound = rule.Direction switch
        {
            ThresholdDirection.AtMost => $"at most {F(threshold)} in size",
            ThresholdDirection.AtLeast => $"at least {F(threshold)}",
            _ => $"between {F(threshold)} and {F(1 / threshold)}",
        };
        var source = isDefault ? "default" : "policy";
        return new ThresholdVerdict
        {
            Key = rule.Key,
            Metric = rule.Metric,
            Grouping = grouping,
            Threshold = threshold,
            Direction = rule.Direction,
            IsDefault = isDefault,
            Estimate = estimate,
            Outcome = pass ? VerdictOutcome.Pass : VerdictOutcome.Fail,
            IntervalAgrees = agrees,
            Message = $"{grouping}: {rule.Metric} is {shown}; {(pass ? "passes" : "fails")} {rule.Key} ({source}: {bound})"
                + (agrees == false ? "; the interval reaches the other side of the threshold, so the outcome is uncertain." : "."),
        };
    }

    /// <summary>Whether the whole interval lies in the passing region (when passing) or entirely outside it (when failing).</summary>
    private static bool IntervalAgrees(ThresholdDirection direction, double t, bool pass, double lower, double upper) => direction switch
    {
        ThresholdDirection.AtMost => pass ? lower >= -t && upper <= t : upper < -t || lower > t,
        ThresholdDirection.AtLeast => pass ? lower >= t : upper < t,
        _ => pass ? lower >= t && upper <= 1 / t : upper < t || lower > 1 / t,
    };

    private static bool Passes(ThresholdDirection direction, double threshold, double value) => direction switch
    {
        ThresholdDirection.AtMost => Math.Abs(value) <= threshold,
        ThresholdDirection.AtLeast => value >= threshold,
        _ => value >= threshold && value <= 1 / threshold,
    };

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
