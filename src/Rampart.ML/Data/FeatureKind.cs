namespace Rampart.ML.Data;

/// <summary>What one feature of a <see cref="FeatureMap"/> holds.</summary>
public enum FeatureKind
{
    /// <summary>A numeric column's value (imputed when missing, standardised when asked).</summary>
    Number,

    /// <summary>A boolean column as 0 (false) or 1 (true); the fitted share of true when missing.</summary>
    Boolean,

    /// <summary>1 when a categorical column has one given category, else 0.</summary>
    OneHot,

    /// <summary>A categorical column's category position plus one (0 for missing or unknown).</summary>
    Ordinal,

    /// <summary>1 when the column's value is missing, else 0.</summary>
    MissingIndicator,
}
