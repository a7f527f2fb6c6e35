using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// AIF360's Reweighing (Kamiran and Calders), a pre-processing mitigation: each (group, label) cell gets the weight
/// w(g, y) = P(g)·P(y) / P(g, y) = n_g·n_y / (N·n_gy), so that under the weights the label is independent of the group
/// while every group keeps its total size. Groups are the intersection of all sensitive features given.
/// </summary>
public static class Reweighing
{
    /// <summary>Computes the weights.</summary>
    /// <param name="labels">The label (class index, 0 or more) of each row; problems are reported under <c>labels</c>.</param>
    /// <param name="sensitiveFeatures">At least one feature, each with a value on every row and at least two groups.</param>
    /// <param name="labelNames">Optional class names by index, used in the cells CSV; <c>null</c> writes indexes.</param>
    /// <returns>The weights, or every problem found.</returns>
    public static ValidationResult<ReweighingResult> Compute(ReadOnlySpan<int> labels, IReadOnlyList<SensitiveFeature> sensitiveFeatures, IReadOnlyList<string>? labelNames = null)
    {
        ArgumentNullException.ThrowIfNull(sensitiveFeatures);
        var problems = new List<Problem>();
        var rows = labels.Length;
        if (rows == 0)
        {
            problems.Add(new Problem { Field = "labels", Message = "There are no rows to weigh." });
        }

        var maxLabel = -1;
        var bad = 0;
        var first = -1;
        for (var i = 0; i < rows; i++)
        {
            if (labels[i] < 0)
            {
                bad++;
                first = first < 0 ? i : first;
            }

            maxLabel = Math.Max(maxLabel, labels[i]);
        }

        if (bad > 0)
        {
            problems.Add(new Problem { Field = "labels", Message = string.Create(CultureInfo.InvariantCulture, $"Row index {first} holds {labels[first]}, but labels must be class indexes of 0 or more ({bad} row(s) are not).") });
        }
        else if (labelNames is not null && maxLabel >= labelNames.Count)
        {
            problems.Add(new Problem { Field = "label_names", Message = $"There are {labelNames.Count} label names, but the labels go up to {maxLabel}." });
        }

        FairnessInput.CheckFeatures(sensitiveFeatures, rows, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<ReweighingResult>.Failure(problems);
        }

        var grouping = Grouping.Build([.. sensitiveFeatures]);
        var classes = maxLabel + 1;
        var counts = new long[grouping.Count * classes];
        var labelTotals = new long[classes];
        for (var i = 0; i < rows; i++)
        {
            counts[(grouping.RowGroup[i] * classes) + labels[i]]++;
            labelTotals[labels[i]]++;
        }

        var cellWeights = new double[counts.Length];
        var cells = ImmutableArray.CreateBuilder<ReweighingCell>();
        for (var g = 0; g < grouping.Count; g++)
        {
            for (var y = 0; y < classes; y++)
            {
                var n = counts[(g * classes) + y];
                if (n == 0)
                {
                    continue;
                }

                var expected = (double)grouping.Sizes[g] * labelTotals[y] / rows;
                var weight = expected / n;
                cellWeights[(g * classes) + y] = weight;
                cells.Add(new ReweighingCell
                {
                    Group = grouping.GroupNames[g],
                    Values = grouping.GroupValues[g],
                    Label = y,
                    LabelName = labelNames?[y] ?? y.ToString(CultureInfo.InvariantCulture),
                    Count = n,
                    ExpectedCount = expected,
                    Weight = weight,
                });
            }
        }

        var rowWeights = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            rowWeights[i] = cellWeights[(grouping.RowGroup[i] * classes) + labels[i]];
        }

        return ValidationResult<ReweighingResult>.Success(new ReweighingResult([.. sensitiveFeatures.Select(f => f.Name)], cells.ToImmutable(), rowWeights));
    }
}
