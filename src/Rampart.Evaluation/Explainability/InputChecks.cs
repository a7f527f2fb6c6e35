using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>Argument checks shared by the explainers: widths, emptiness and NaN, naming the argument and the cell.</summary>
internal static class InputChecks
{
    /// <summary>Checks the width, emptiness and (unless <paramref name="allowNaN"/>, for trees that route NaN) NaN cells.</summary>
    public static void Matrix(FloatMatrix? matrix, int featureCount, string name, bool allowEmpty = false, bool allowNaN = false)
    {
        ArgumentNullException.ThrowIfNull(matrix, name);
        if (matrix.Columns != featureCount)
        {
            throw new ArgumentException($"{name} has {matrix.Columns} columns; the model takes {featureCount} features.", name);
        }

        if (!allowEmpty && matrix.Rows == 0)
        {
            throw new ArgumentException($"{name} has no rows.", name);
        }

        if (allowNaN)
        {
            return;
        }

        var data = matrix.Data;
        for (var i = 0; i < data.Length; i++)
        {
            if (float.IsNaN(data[i]))
            {
                throw new ArgumentException($"{name}[{i / featureCount}, {i % featureCount}] is NaN; impute or encode missing values first (FeatureMap does).", name);
            }
        }
    }

    public static string[] Names(IReadOnlyList<string>? names, int featureCount, string parameter)
    {
        if (names is null || names.Count == 0)
        {
            return [.. Enumerable.Range(0, featureCount).Select(i => $"x{i}")];
        }

        if (names.Count != featureCount)
        {
            throw new ArgumentException($"{parameter} has {names.Count} names for {featureCount} features.", parameter);
        }

        return [.. names];
    }
}
