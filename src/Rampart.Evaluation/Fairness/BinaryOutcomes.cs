using Rampart.Diagnostics;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// Turns class labels into the 0/1 outcomes fairness works on: 1 for the favourable class (the decision a person
/// wants, such as a loan repaid or granted), 0 for every other class.
/// </summary>
public static class BinaryOutcomes
{
    /// <summary>Maps class indices to 1 for the favourable class and 0 otherwise.</summary>
    /// <param name="classIndices">One class index per row, into <paramref name="classNames"/>.</param>
    /// <param name="classNames">The class names by index.</param>
    /// <param name="favourableClass">The favourable class's name; problems name it under <paramref name="field"/>.</param>
    /// <param name="field">The field problems are reported under, for example <c>favourable_class</c>.</param>
    /// <returns>The 0/1 outcome per row, or the problems.</returns>
    public static ValidationResult<int[]> FromClasses(ReadOnlySpan<int> classIndices, IReadOnlyList<string> classNames, string favourableClass, string field = "favourable_class")
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(favourableClass);
        var favourable = -1;
        for (var i = 0; i < classNames.Count; i++)
        {
            if (string.Equals(classNames[i], favourableClass, StringComparison.Ordinal))
            {
                favourable = i;
            }
        }

        if (favourable < 0)
        {
            return ValidationResult<int[]>.Failure(
            [
                new Problem { Field = field, Message = $"'{favourableClass}' is not one of the classes ({string.Join(", ", classNames)}).{Suggestions.DidYouMean(favourableClass, classNames)}" },
            ]);
        }

        var outcomes = new int[classIndices.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            if ((uint)classIndices[i] >= (uint)classNames.Count)
            {
                return ValidationResult<int[]>.Failure([new Problem { Field = field, Message = $"Row index {i} holds class index {classIndices[i]}, outside the {classNames.Count} classes." }]);
            }

            outcomes[i] = classIndices[i] == favourable ? 1 : 0;
        }

        return ValidationResult<int[]>.Success(outcomes);
    }

    /// <summary>Maps a dataset's classification label to 0/1 outcomes.</summary>
    /// <param name="label">The label; must be a classification label.</param>
    /// <param name="favourableClass">The favourable class's name, as written in the file (for example <c>0</c> for "did not default").</param>
    /// <returns>The 0/1 outcome per row, or the problems (under <c>favourable_class</c>, or the label column for a regression label).</returns>
    public static ValidationResult<int[]> FromLabel(LabelVector label, string favourableClass)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.Task != LabelTask.Classification)
        {
            return ValidationResult<int[]>.Failure([new Problem { Field = label.Column, Message = "The label is numeric (regression); use the regression fairness evaluator, or declare the column categorical." }]);
        }

        return FromClasses(label.ClassIndices, label.ClassNames, favourableClass);
    }
}
