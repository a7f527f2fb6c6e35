using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Fairness;

/// <summary>Validated input of a regression fairness evaluation: targets, predictions and sensitive features per row.</summary>
public sealed class RegressionFairnessInput
{
    private RegressionFairnessInput(double[] residuals, ImmutableArray<SensitiveFeature> features)
    {
        Residuals = residuals;
        Features = features;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount => Residuals.Length;

    /// <summary>The sensitive features.</summary>
    public ImmutableArray<SensitiveFeature> Features { get; }

    /// <summary>Per row, ŷ - y.</summary>
    internal double[] Residuals { get; }

    /// <summary>Validates and copies the input.</summary>
    /// <param name="yTrue">The target of each row; finite (<c>y_true</c>).</param>
    /// <param name="yPred">The prediction of each row; finite (<c>y_pred</c>).</param>
    /// <param name="sensitiveFeatures">At least one feature, each with a value on every row and at least two groups.</param>
    /// <returns>The input, or every problem found.</returns>
    public static ValidationResult<RegressionFairnessInput> Create(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, IReadOnlyList<SensitiveFeature> sensitiveFeatures)
    {
        ArgumentNullException.ThrowIfNull(sensitiveFeatures);
        var problems = new List<Problem>();
        var rows = yTrue.Length;
        if (rows == 0)
        {
            problems.Add(new Problem { Field = "y_true", Message = "There are no rows: fairness needs rows in at least two groups." });
        }

        CheckFinite(yTrue, "y_true", problems);
        if (yPred.Length != rows)
        {
            problems.Add(new Problem { Field = "y_pred", Message = $"There are {yPred.Length} predictions for {rows} targets (y_true); give one per row." });
        }
        else
        {
            CheckFinite(yPred, "y_pred", problems);
        }

        FairnessInput.CheckFeatures(sensitiveFeatures, rows, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<RegressionFairnessInput>.Failure(problems);
        }

        var residuals = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            residuals[i] = yPred[i] - yTrue[i];
        }

        return ValidationResult<RegressionFairnessInput>.Success(new RegressionFairnessInput(residuals, [.. sensitiveFeatures]));
    }

    private static void CheckFinite(ReadOnlySpan<double> values, string field, List<Problem> problems)
    {
        var bad = 0;
        var first = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                bad++;
                first = first < 0 ? i : first;
            }
        }

        if (bad > 0)
        {
            problems.Add(new Problem
            {
                Field = field,
                Message = string.Create(CultureInfo.InvariantCulture, $"Row index {first} holds {values[first]}, but every value must be a finite number ({bad} row(s) are not)."),
            });
        }
    }
}
