using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// Evaluates a regression model's error gaps between groups: MAE, RMSE and mean residual per group and their
/// max - min gaps, with stratified bootstrap intervals and verdicts for the policy's regression keys.
/// </summary>
/// <remarks>
/// These metrics are means of per-row values, not functions of a few counts, so the bootstrap resamples rows within
/// each group: O(rows x replicates), made cache-friendly by <see cref="Statistics.BlockResampler"/>. Of <see cref="FairnessOptions"/> it uses the bootstrap settings, the seed,
/// <see cref="FairnessOptions.MinGroupSize"/>, <see cref="FairnessOptions.IncludeIntersection"/> and the thresholds.
/// No regression threshold is on by default.
/// </remarks>
public static class RegressionFairnessEvaluator
{
    private const int MetricCount = 3;

    private static readonly string[] AggregateNames =
    [
        FairnessMetricNames.MeanAbsoluteErrorDifference, FairnessMetricNames.RootMeanSquaredErrorDifference, FairnessMetricNames.MeanResidualDifference,
    ];

    /// <summary>Evaluates the input.</summary>
    /// <param name="input">The validated input.</param>
    /// <param name="options">The options; <c>null</c> for the defaults.</param>
    /// <returns>The report, or every problem with the options.</returns>
    public static ValidationResult<RegressionFairnessReport> Evaluate(RegressionFairnessInput input, FairnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new FairnessOptions();
        var problems = new List<Problem>();
        options.Validate(input.Features, problems);
        var rules = FairnessThresholds.Resolve(options.Thresholds, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<RegressionFairnessReport>.Failure(problems);
        }

        var overall = Evaluate(input.Residuals, new int[input.RowCount], 1, options, Sampling.DeriveSeed(options.Seed, 0));
        var groupings = Grouping.ForFeatures(input.Features, options.IncludeIntersection);
        var reports = ImmutableArray.CreateBuilder<RegressionGroupingReport>();
        var verdicts = ImmutableArray.CreateBuilder<ThresholdVerdict>();
        var warnings = ImmutableArray.CreateBuilder<FairnessWarning>();
        for (var k = 0; k < groupings.Count; k++)
        {
            var grouping = groupings[k];
            var estimates = Evaluate(input.Residuals, grouping.RowGroup, grouping.Count, options, Sampling.DeriveSeed(options.Seed, Sampling.StreamOf(groupings[k].Name)));
            var groups = ImmutableArray.CreateBuilder<RegressionGroupMetrics>(grouping.Count);
            for (var g = 0; g < grouping.Count; g++)
            {
                groups.Add(Group(grouping.GroupNames[g], grouping.GroupValues[g], grouping.Sizes[g], estimates, g));
                if (grouping.Sizes[g] < options.MinGroupSize)
                {
                    warnings.Add(new FairnessWarning
                    {
                        Code = "small-group",
                        Grouping = grouping.Name,
                        Group = grouping.GroupNames[g],
                        Message = $"Group '{grouping.GroupNames[g]}' of {grouping.Name} has {grouping.Sizes[g]} rows (fewer than {options.MinGroupSize}); its errors and the gaps using them are imprecise.",
                    });
                }
            }

            var report = new RegressionGroupingReport
            {
                Name = grouping.Name,
                Features = [.. grouping.Features.Select(f => f.Name)],
                Groups = groups.MoveToImmutable(),
                Aggregates = [.. estimates.Skip(grouping.Count * MetricCount)],
            };
            reports.Add(report);
            foreach (var (rule, threshold, isDefault) in rules)
            {
                if (report.Aggregates.FirstOrDefault(a => a.Name == rule.Metric) is { } estimate)
                {
                    verdicts.Add(Verdicts.Check(rule, threshold, isDefault, report.Name, estimate));
                }
            }
        }

        return ValidationResult<RegressionFairnessReport>.Success(new RegressionFairnessReport
        {
            RowCount = input.RowCount,
            Overall = Group("(all)", [], input.RowCount, overall, 0),
            Groupings = reports.ToImmutable(),
            Verdicts = verdicts.ToImmutable(),
            Warnings = warnings.ToImmutable(),
        });
    }

    private static RegressionGroupMetrics Group(string name, ImmutableArray<string> values, long count, MetricEstimate[] estimates, int g) => new()
    {
        Group = name,
        Values = values,
        Count = count,
        MeanAbsoluteError = estimates[g * MetricCount],
        RootMeanSquaredError = estimates[(g * MetricCount) + 1],
        MeanResidual = estimates[(g * MetricCount) + 2],
    };

    /// <summary>Per group MAE, RMSE, mean residual, then the three gaps; with intervals.</summary>
    private static MetricEstimate[] Evaluate(double[] residuals, int[] rowGroup, int groups, FairnessOptions options, int seed)
    {
        // Lay each group's residuals out contiguously so that a replicate draws indexes within a group's block.
        var starts = new int[groups + 1];
        foreach (var g in rowGroup)
        {
            starts[g + 1]++;
        }

        for (var g = 0; g < groups; g++)
        {
            starts[g + 1] += starts[g];
        }

        var fill = (int[])starts.Clone();
        var ordered = new double[residuals.Length];
        for (var i = 0; i < residuals.Length; i++)
        {
            ordered[fill[rowGroup[i]]++] = residuals[i];
        }

        var valueCount = (groups * MetricCount) + AggregateNames.Length;
        var point = new double[valueCount];
        Compute(ordered, starts, groups, null, point);
        var b = options.BootstrapSamples;
        var replicates = new double[(long)b * valueCount];
        // Each replicate has its own generator derived from the seed, so the replicates can run in parallel and the
        // intervals still do not depend on the number of cores or the scheduling.
        Parallel.For(0, b, r => Compute(ordered, starts, groups, new Xoshiro256(Sampling.DeriveSeed(seed, r)), replicates.AsSpan(r * valueCount, valueCount)));

        var intervals = BootstrapIntervals.Percentile(replicates, b, valueCount, options.ConfidenceLevel);
        string[] names = [FairnessMetricNames.MeanAbsoluteError, FairnessMetricNames.RootMeanSquaredError, FairnessMetricNames.MeanResidual];
        var result = new MetricEstimate[valueCount];
        for (var v = 0; v < valueCount; v++)
        {
            var name = v < groups * MetricCount ? names[v % MetricCount] : AggregateNames[v - (groups * MetricCount)];
            result[v] = new MetricEstimate
            {
                Name = name,
                Value = point[v],
                UndefinedReason = double.IsNaN(point[v]) ? "Gaps need at least two groups." : null,
                Interval = intervals[v],
            };
        }

        return result;
    }

    private static void Compute(double[] ordered, int[] starts, int groups, Xoshiro256? random, Span<double> values)
    {
        for (var g = 0; g < groups; g++)
        {
            int start = starts[g], n = starts[g + 1] - start;
            double abs = 0, square = 0, sum = 0;
            if (random is null)
            {
                for (var k = 0; k < n; k++)
                {
                    var x = ordered[start + k];
                    abs += Math.Abs(x);
                    square += x * x;
                    sum += x;
                }
            }
            else
            {
                (abs, square, sum) = BlockResampler.Sums(random, ordered.AsSpan(start, n), n);
            }

            values[g * MetricCount] = abs / n;
            values[(g * MetricCount) + 1] = Math.Sqrt(square / n);
            values[(g * MetricCount) + 2] = sum / n;
        }

        var offset = groups * MetricCount;
        for (var m = 0; m < MetricCount; m++)
        {
            double max = double.NegativeInfinity, min = double.PositiveInfinity;
            for (var g = 0; g < groups; g++)
            {
                max = Math.Max(max, values[(g * MetricCount) + m]);
                min = Math.Min(min, values[(g * MetricCount) + m]);
            }

            values[offset + m] = groups >= 2 ? max - min : double.NaN;
        }
    }
}
