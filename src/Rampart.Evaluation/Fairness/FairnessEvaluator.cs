using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// Evaluates the fairness of a binary classifier's predictions: rates per group and per intersection, fairlearn and
/// AIF360 aggregates, inequality indices, calibration by score bin, bootstrap intervals, small-group warnings and
/// policy verdicts.
/// </summary>
/// <remarks>
/// One pass over the rows counts (group, y, ŷ); every metric is a function of those counts. The bootstrap is
/// stratified by group: resampling a group's n_g rows with replacement gives exactly a Multinomial(n_g, cell shares)
/// draw of its four confusion counts, so each replicate draws the counts directly, in O(groups) rather than O(rows).
/// </remarks>
public static class FairnessEvaluator
{
    /// <summary>Evaluates the input under the options.</summary>
    /// <param name="input">The validated input.</param>
    /// <param name="options">The options; <c>null</c> for the defaults.</param>
    /// <returns>The report, or every problem with the options and thresholds.</returns>
    public static ValidationResult<FairnessReport> Evaluate(FairnessInput input, FairnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new FairnessOptions();
        var problems = new List<Problem>();
        options.Validate(input.Features, problems);
        var rules = FairnessThresholds.Resolve(options.Thresholds, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<FairnessReport>.Failure(problems);
        }

        var groupings = Grouping.ForFeatures(input.Features, options.IncludeIntersection);
        var reports = ImmutableArray.CreateBuilder<GroupingReport>(groupings.Count);
        var verdicts = ImmutableArray.CreateBuilder<ThresholdVerdict>();
        var warnings = ImmutableArray.CreateBuilder<FairnessWarning>();
        for (var k = 0; k < groupings.Count; k++)
        {
            var report = EvaluateGrouping(input, groupings[k], options, Sampling.DeriveSeed(options.Seed, Sampling.StreamOf(groupings[k].Name)), warnings);
            reports.Add(report);
            foreach (var (rule, threshold, isDefault) in rules)
            {
                if (report.Aggregates.FirstOrDefault(a => a.Name == rule.Metric) is { } estimate)
                {
                    verdicts.Add(Verdicts.Check(rule, threshold, isDefault, report.Name, estimate));
                }
            }
        }

        return ValidationResult<FairnessReport>.Success(new FairnessReport
        {
            RowCount = input.RowCount,
            Overall = EvaluateOverall(input, options),
            Groupings = reports.ToImmutable(),
            Verdicts = verdicts.ToImmutable(),
            Warnings = warnings.ToImmutable(),
            Options = options,
        });
    }

    private static GroupMetrics EvaluateOverall(FairnessInput input, FairnessOptions options)
    {
        var cells = new long[ConfusionKernel.CellCount];
        foreach (var c in input.Cells)
        {
            cells[c]++;
        }

        var point = new double[ConfusionKernel.RateCount];
        var pp = cells[ConfusionKernel.Tp] + cells[ConfusionKernel.Fp];
        ConfusionKernel.Rates(cells[0], cells[1], cells[2], cells[3], pp, point);
        var b = options.BootstrapSamples;
        var replicates = new double[b * ConfusionKernel.RateCount];
        var random = new Xoshiro256(Sampling.DeriveSeed(options.Seed, 0));
        Span<long> draw = stackalloc long[ConfusionKernel.CellCount];
        for (var r = 0; r < b; r++)
        {
            Sampling.Multinomial(random, input.RowCount, cells, draw);
            ConfusionKernel.Rates(draw[0], draw[1], draw[2], draw[3], draw[ConfusionKernel.Tp] + draw[ConfusionKernel.Fp], replicates.AsSpan(r * ConfusionKernel.RateCount, ConfusionKernel.RateCount));
        }

        var intervals = BootstrapIntervals.Percentile(replicates, b, ConfusionKernel.RateCount, options.ConfidenceLevel);
        var metrics = ImmutableArray.CreateBuilder<MetricEstimate>(ConfusionKernel.RateCount);
        for (var m = 0; m < ConfusionKernel.RateCount; m++)
        {
            metrics.Add(new MetricEstimate
            {
                Name = ConfusionKernel.RateNames[m],
                Value = point[m],
                UndefinedReason = double.IsNaN(point[m]) ? $"The data has {ConfusionKernel.RateWhy(m)}." : null,
                Interval = intervals[m],
            });
        }

        var (bins, ece) = Calibrate(input, null, 1, options.CalibrationBins)[0];
        return new GroupMetrics
        {
            Group = "(all)",
            Values = [],
            Counts = Counts(cells),
            Metrics = metrics.MoveToImmutable(),
            Calibration = bins,
            ExpectedCalibrationError = ece,
        };
    }

    private static GroupingReport EvaluateGrouping(FairnessInput input, Grouping grouping, FairnessOptions options, int seed, ImmutableArray<FairnessWarning>.Builder warnings)
    {
        var groups = grouping.Count;
        var cells = new long[groups * ConfusionKernel.CellCount];
        var rowGroup = grouping.RowGroup;
        var rowCells = input.Cells;
        for (var i = 0; i < rowCells.Length; i++)
        {
            cells[(rowGroup[i] * ConfusionKernel.CellCount) + rowCells[i]]++;
        }

        var (privileged, chosenBy) = grouping.Privileged(options.PrivilegedGroups);
        var valueCount = ConfusionKernel.ValueCount(groups);
        var point = new double[valueCount];
        var explain = new Explanation(valueCount, grouping.GroupNames);
        var alpha = options.GeneralizedEntropyAlpha;
        ConfusionKernel.Compute(cells, groups, privileged, alpha, point, explain);

        var b = options.BootstrapSamples;
        var replicates = new double[(long)b * valueCount];
        var random = new Xoshiro256(seed);
        var draw = new long[cells.Length];
        for (var r = 0; r < b; r++)
        {
            for (var g = 0; g < groups; g++)
            {
                var slice = cells.AsSpan(g * ConfusionKernel.CellCount, ConfusionKernel.CellCount);
                Sampling.Multinomial(random, grouping.Sizes[g], slice, draw.AsSpan(g * ConfusionKernel.CellCount, ConfusionKernel.CellCount));
            }

            ConfusionKernel.Compute(draw, groups, privileged, alpha, replicates.AsSpan(r * valueCount, valueCount), null);
        }

        var intervals = BootstrapIntervals.Percentile(replicates, b, valueCount, options.ConfidenceLevel);
        MetricEstimate Estimate(int index, string name) => new()
        {
            Name = name,
            Value = point[index],
            UndefinedReason = explain.Reasons[index],
            Note = explain.Notes[index],
            Interval = intervals[index],
        };

        var calibration = Calibrate(input, rowGroup, groups, options.CalibrationBins);
        var groupMetrics = ImmutableArray.CreateBuilder<GroupMetrics>(groups);
        for (var g = 0; g < groups; g++)
        {
            var metrics = ImmutableArray.CreateBuilder<MetricEstimate>(ConfusionKernel.RateCount);
            for (var m = 0; m < ConfusionKernel.RateCount; m++)
            {
                metrics.Add(Estimate(((g + 1) * ConfusionKernel.RateCount) + m, ConfusionKernel.RateNames[m]));
            }

            var comparisons = ImmutableArray.CreateBuilder<MetricEstimate>(ConfusionKernel.ComparisonNames.Length);
            for (var m = 0; m < ConfusionKernel.ComparisonNames.Length; m++)
            {
                comparisons.Add(Estimate(ConfusionKernel.ComparisonOffset(groups) + (g * ConfusionKernel.ComparisonNames.Length) + m, ConfusionKernel.ComparisonNames[m]));
            }

            var counts = Counts(cells.AsSpan(g * ConfusionKernel.CellCount, ConfusionKernel.CellCount));
            var (bins, ece) = calibration[g];
            groupMetrics.Add(new GroupMetrics
            {
                Group = grouping.GroupNames[g],
                Values = grouping.GroupValues[g],
                Counts = counts,
                Metrics = metrics.MoveToImmutable(),
                ComparedWithPrivileged = comparisons.MoveToImmutable(),
                Calibration = bins,
                ExpectedCalibrationError = ece,
            });
            Warn(grouping.Name, grouping.GroupNames[g], counts, options, warnings);
        }

        var offset = ConfusionKernel.AggregateOffset(groups);
        var aggregates = ImmutableArray.CreateBuilder<MetricEstimate>(ConfusionKernel.AggregateNames.Length);
        for (var a = 0; a < ConfusionKernel.AggregateNames.Length; a++)
        {
            aggregates.Add(Estimate(offset + a, ConfusionKernel.AggregateNames[a]));
        }

        return new GroupingReport
        {
            Name = grouping.Name,
            Features = [.. grouping.Features.Select(f => f.Name)],
            Groups = groupMetrics.MoveToImmutable(),
            PrivilegedGroup = grouping.GroupNames[privileged],
            PrivilegedChosenBy = chosenBy,
            Aggregates = aggregates.MoveToImmutable(),
        };
    }

    private static void Warn(string grouping, string group, ConfusionCounts counts, FairnessOptions options, ImmutableArray<FairnessWarning>.Builder warnings)
    {
        if (counts.Total < options.MinGroupSize)
        {
            warnings.Add(new FairnessWarning
            {
                Code = "small-group",
                Grouping = grouping,
                Group = group,
                Message = $"Group '{group}' of {grouping} has {counts.Total} rows (fewer than {options.MinGroupSize}); its rates and the aggregates using them are imprecise.",
            });
        }

        if (counts.Positives < options.MinClassCount)
        {
            warnings.Add(new FairnessWarning
            {
                Code = "few-positives",
                Grouping = grouping,
                Group = group,
                Message = $"Group '{group}' of {grouping} has {counts.Positives} rows with y = 1 (fewer than {options.MinClassCount}); its true and false negative rates, equal opportunity and equalized odds are unreliable.",
            });
        }

        if (counts.Negatives < options.MinClassCount)
        {
            warnings.Add(new FairnessWarning
            {
                Code = "few-negatives",
                Grouping = grouping,
                Group = group,
                Message = $"Group '{group}' of {grouping} has {counts.Negatives} rows with y = 0 (fewer than {options.MinClassCount}); its false positive and true negative rates and equalized odds are unreliable.",
            });
        }
    }

    /// <summary>The calibration bins and expected calibration error of every group, in one pass over the rows.</summary>
    private static (ImmutableArray<CalibrationBin> Bins, MetricEstimate? Ece)[] Calibrate(FairnessInput input, int[]? rowGroup, int groups, int binCount)
    {
        var result = new (ImmutableArray<CalibrationBin>, MetricEstimate?)[groups];
        if (input.Scores is not { } scores)
        {
            Array.Fill(result, ([], null));
            return result;
        }

        var counts = new long[groups * binCount];
        var positives = new long[groups * binCount];
        var sums = new double[groups * binCount];
        for (var i = 0; i < scores.Length; i++)
        {
            var cell = ((rowGroup?[i] ?? 0) * binCount) + Math.Min((int)(scores[i] * binCount), binCount - 1);
            counts[cell]++;
            sums[cell] += scores[i];
            positives[cell] += input.Cells[i] >> 1;
        }

        for (var g = 0; g < groups; g++)
        {
            var bins = ImmutableArray.CreateBuilder<CalibrationBin>();
            double ece = 0;
            long n = 0;
            for (var k = 0; k < binCount; k++)
            {
                var cell = (g * binCount) + k;
                if (counts[cell] == 0)
                {
                    continue;
                }

                var mean = sums[cell] / counts[cell];
                var observed = (double)positives[cell] / counts[cell];
                ece += counts[cell] * Math.Abs(observed - mean);
                n += counts[cell];
                bins.Add(new CalibrationBin { Lower = (double)k / binCount, Upper = (double)(k + 1) / binCount, Count = counts[cell], MeanScore = mean, ObservedRate = observed });
            }

            result[g] = (bins.ToImmutable(), new MetricEstimate { Name = "expected_calibration_error", Value = ece / n });
        }

        return result;
    }

    private static ConfusionCounts Counts(ReadOnlySpan<long> c) =>
        new(c[ConfusionKernel.Tp], c[ConfusionKernel.Fp], c[ConfusionKernel.Tn], c[ConfusionKernel.Fn]);
}
