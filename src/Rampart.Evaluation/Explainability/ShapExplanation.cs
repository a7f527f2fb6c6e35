using System.Collections.Immutable;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Shapley values of explained rows with respect to a background set: for every row, f(x) = base value + Σ φ_i
/// (efficiency). Values are interventional: a feature "absent" from a coalition takes its background values.
/// </summary>
public sealed record ShapExplanation
{
    /// <summary>How the values were computed (for example <c>KernelSHAP (exact enumeration)</c>).</summary>
    public required string Method { get; init; }

    /// <summary>What was explained (for example <c>P(class = 1)</c> or <c>raw score</c>).</summary>
    public required string Output { get; init; }

    /// <summary>Feature names, one per contribution.</summary>
    public required ImmutableArray<string> FeatureNames { get; init; }

    /// <summary>The mean model output over the background set, E_bg[f].</summary>
    public required double BaseValue { get; init; }

    /// <summary>One explanation per explained row, in input order.</summary>
    public required ImmutableArray<LocalExplanation> Rows { get; init; }

    /// <summary><c>true</c> when the values are exact Shapley values (up to rounding); <c>false</c> when estimated from sampled coalitions.</summary>
    public required bool Exact { get; init; }

    /// <summary>Model rows evaluated to compute the explanation (0 for closed forms such as linear or tree SHAP).</summary>
    public required long ModelEvaluations { get; init; }

    /// <summary>Coalitions evaluated per explained row (KernelSHAP), or 0.</summary>
    public int Coalitions { get; init; }
}

/// <summary>The explanation of one row.</summary>
public sealed record LocalExplanation
{
    /// <summary>The row's index in the explained input.</summary>
    public required int Row { get; init; }

    /// <summary>The model output f(x) for this row.</summary>
    public required double Prediction { get; init; }

    /// <summary>The Shapley value of each feature, in <see cref="ShapExplanation.FeatureNames"/> order.</summary>
    public required ImmutableArray<double> Contributions { get; init; }
}
