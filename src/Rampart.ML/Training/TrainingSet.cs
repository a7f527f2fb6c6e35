using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>
/// What a trainer learns from: features (rows x features), labels (class index 0..K-1 stored as float), optional
/// per-row sample weights (for fairness reweighing), and the number of classes.
/// </summary>
public sealed record TrainingSet
{
    /// <summary>Creates a training set and validates its shape.</summary>
    /// <param name="features">Rows x features; finite values.</param>
    /// <param name="labels">One class index per row.</param>
    /// <param name="classCount">Number of classes (2 or more).</param>
    /// <param name="weights">Non-negative weights per row, or <c>null</c> for 1 each.</param>
    /// <exception cref="ArgumentException">When shapes disagree, a label is out of range, a value is not finite or a weight is negative.</exception>
    public TrainingSet(FloatMatrix features, float[] labels, int classCount, float[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (labels.Length != features.Rows)
        {
            throw new ArgumentException($"{labels.Length} labels for {features.Rows} rows.", nameof(labels));
        }

        if (weights is not null && weights.Length != features.Rows)
        {
            throw new ArgumentException($"{weights.Length} weights for {features.Rows} rows.", nameof(weights));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classCount || labels[i] != MathF.Floor(labels[i]))
            {
                throw new ArgumentException($"Row {i}: label {labels[i]} is not a class index from 0 to {classCount - 1}.", nameof(labels));
            }
        }

        if (features.Data.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("Features must be finite: impute missing values first.", nameof(features));
        }

        if (weights is not null && weights.Any(w => !(w >= 0) || !float.IsFinite(w)))
        {
            throw new ArgumentException("Sample weights must be finite and non-negative.", nameof(weights));
        }

        Features = features;
        Labels = labels;
        ClassCount = classCount;
        Weights = weights;
    }

    /// <summary>Rows x features.</summary>
    public FloatMatrix Features { get; }

    /// <summary>Class index per row.</summary>
#pragma warning disable CA1819 // Numeric kernels read the arrays directly.
    public float[] Labels { get; }

    /// <summary>Sample weight per row, or <c>null</c> (all 1).</summary>
    public float[]? Weights { get; }
#pragma warning restore CA1819

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The weight of row <paramref name="i"/>.</summary>
    /// <param name="i">Row index.</param>
    /// <returns>The weight (1 when no weights were given).</returns>
    public float WeightOf(int i) => Weights?[i] ?? 1f;
}
