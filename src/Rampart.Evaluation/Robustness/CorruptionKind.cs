namespace Rampart.Evaluation.Robustness;

/// <summary>A natural (non-adversarial) corruption of tabular rows.</summary>
public enum CorruptionKind
{
    /// <summary>Gaussian noise on numeric features, σ = severity × the feature's standard deviation.</summary>
    GaussianNoise,

    /// <summary>Each value missing with probability severity, encoded as the feature map encodes a missing value.</summary>
    MissingValues,

    /// <summary>Each numeric value multiplied by a factor drawn uniformly from [1 − severity, 1 + severity].</summary>
    Scaling,

    /// <summary>Each categorical value (one-hot group or 0/1 feature) moved to another category with probability severity.</summary>
    CategoricalFlips,
}
