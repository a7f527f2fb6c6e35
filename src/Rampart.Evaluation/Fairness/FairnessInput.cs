using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// Validated input of a binary classification fairness evaluation: true labels, predictions, optional scores and the
/// sensitive features, one value each per row. Labels and predictions are 0 or 1, with 1 the favourable (selected)
/// outcome; map class names to 0/1 before. Create with <see cref="Create"/>, which lists every problem at once.
/// </summary>
public sealed class FairnessInput
{
    private FairnessInput(byte[] cells, double[]? scores, ImmutableArray<SensitiveFeature> features)
    {
        Cells = cells;
        Scores = scores;
        Features = features;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount => Cells.Length;

    /// <summary>The sensitive features.</summary>
    public ImmutableArray<SensitiveFeature> Features { get; }

    /// <summary>Whether scores were given (for calibration).</summary>
    public bool HasScores => Scores is not null;

    /// <summary>Per row, 2·y + ŷ.</summary>
    internal byte[] Cells { get; }

    internal double[]? Scores { get; }

    /// <summary>Validates and copies the input.</summary>
    /// <param name="yTrue">The true label of each row: 0 or 1. Problems are reported under <c>y_true</c>.</param>
    /// <param name="yPred">The predicted label of each row: 0 or 1 (<c>y_pred</c>).</param>
    /// <param name="sensitiveFeatures">At least one feature, each with a value on every row and at least two groups (<c>sensitive_features.&lt;name&gt;</c>).</param>
    /// <param name="scores">Optional predicted probabilities of y = 1, finite and within [0, 1] (<c>scores</c>); <c>null</c> for none.</param>
    /// <returns>The input, or every problem found.</returns>
    public static ValidationResult<FairnessInput> Create(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, IReadOnlyList<SensitiveFeature> sensitiveFeatures, double[]? scores = null)
    {
        ArgumentNullException.ThrowIfNull(sensitiveFeatures);
        var problems = new List<Problem>();
        var rows = yTrue.Length;
        if (rows == 0)
        {
            problems.Add(new Problem { Field = "y_true", Message = "There are no rows: fairness needs labelled rows in at least two groups." });
        }

        CheckBinary(yTrue, "y_true", "label", problems);
        if (yPred.Length != rows)
        {
            problems.Add(new Problem { Field = "y_pred", Message = $"There are {yPred.Length} predictions for {rows} labels (y_true); give one per row." });
        }
        else
        {
            CheckBinary(yPred, "y_pred", "prediction", problems);
        }

        if (scores is not null)
        {
            if (scores.Length != rows)
            {
                problems.Add(new Problem { Field = "scores", Message = $"There are {scores.Length} scores for {rows} labels (y_true); give one per row." });
            }
            else
            {
                CheckScores(scores, problems);
            }
        }

        CheckFeatures(sensitiveFeatures, rows, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<FairnessInput>.Failure(problems);
        }

        var cells = new byte[rows];
        for (var i = 0; i < rows; i++)
        {
            cells[i] = (byte)((2 * yTrue[i]) + yPred[i]);
        }

        return ValidationResult<FairnessInput>.Success(new FairnessInput(cells, scores?.ToArray(), [.. sensitiveFeatures]));
    }

    internal static void CheckFeatures(IReadOnlyList<SensitiveFeature> features, int rows, List<Problem> problems)
    {
        if (features.Count == 0)
        {
            problems.Add(new Problem { Field = "sensitive_features", Message = "No sensitive feature was given: name at least one (for example sex or age_band)." });
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            ArgumentNullException.ThrowIfNull(feature, nameof(features));
            var field = $"sensitive_features.{feature.Name}";
            if (!seen.Add(feature.Name))
            {
                problems.Add(new Problem { Field = field, Message = $"The feature '{feature.Name}' is given twice." });
                continue;
            }

            if (feature.RowCount != rows)
            {
                problems.Add(new Problem { Field = field, Message = $"The feature has {feature.RowCount} values for {rows} rows; give one per row." });
                continue;
            }

            var missing = 0;
            var first = -1;
            var present = new HashSet<int>();
            var codes = feature.Codes;
            for (var i = 0; i < codes.Length; i++)
            {
                if (codes[i] < 0)
                {
                    missing++;
                    first = first < 0 ? i : first;
                }
                else
                {
                    present.Add(codes[i]);
                }
            }

            if (missing > 0)
            {
                problems.Add(new Problem
                {
                    Field = field,
                    Message = $"{missing} row(s) have no value, the first at row index {first}; fill them (for example with 'unknown') or drop those rows, since every row needs a group.",
                });
            }

            if (rows > 0 && present.Count < 2)
            {
                var only = present.Count == 1 ? $"only one group ('{feature.Groups[present.First()]}')" : "no group";
                problems.Add(new Problem { Field = field, Message = $"The rows have {only}; comparing groups needs at least two." });
            }
        }
    }

    internal static void CheckBinary(ReadOnlySpan<int> values, string field, string what, List<Problem> problems)
    {
        var bad = 0;
        var first = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not (0 or 1))
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
                Message = string.Create(CultureInfo.InvariantCulture, $"Row index {first} holds {values[first]}, but every {what} must be 0 or 1 ({bad} row(s) are not); map the favourable class to 1 and the other to 0."),
            });
        }
    }

    private static void CheckScores(double[] scores, List<Problem> problems)
    {
        var bad = 0;
        var first = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!(scores[i] >= 0 && scores[i] <= 1))
            {
                bad++;
                first = first < 0 ? i : first;
            }
        }

        if (bad > 0)
        {
            problems.Add(new Problem
            {
                Field = "scores",
                Message = string.Create(CultureInfo.InvariantCulture, $"Row index {first} holds {scores[first]}, but scores must be probabilities from 0 to 1 and not NaN ({bad} row(s) are not)."),
            });
        }
    }
}
