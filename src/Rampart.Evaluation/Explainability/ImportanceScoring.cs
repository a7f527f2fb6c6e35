namespace Rampart.Evaluation.Explainability;

/// <summary>The score permutation importance compares (higher is better for every one, as in scikit-learn).</summary>
public enum ImportanceScoring
{
    /// <summary>Share of rows whose most probable class is the label (classification; scikit-learn's classifier default).</summary>
    Accuracy,

    /// <summary>Minus the mean log loss of the label's probability, clipped to [1e-15, 1 − 1e-15] (classification).</summary>
    NegativeLogLoss,

    /// <summary>Area under the ROC curve of the probability of class 1, ties counted half (binary classification).</summary>
    RocAuc,

    /// <summary>Minus the mean squared error of the output column (regression).</summary>
    NegativeMeanSquaredError,

    /// <summary>The coefficient of determination R² of the output column (regression; scikit-learn's regressor default).</summary>
    RSquared,
}
