using System.Diagnostics.CodeAnalysis;

namespace Rampart.Evaluation.Mitigation;

/// <summary>Names of <see cref="FairnessConstraint"/> values as written in files (fairlearn's snake_case names) and on the command line.</summary>
public static class FairnessConstraints
{
    /// <summary>Every name accepted by <see cref="TryParse"/>: the file names, then the command-line aliases.</summary>
    public static IReadOnlyList<string> AcceptedNames { get; } =
    [
        "demographic_parity", "equalized_odds", "true_positive_rate_parity", "false_positive_rate_parity",
        "demographic-parity", "equalized-odds", "equal-opportunity", "false-positive-rate-parity",
    ];

    /// <summary>The file name of a constraint, such as <c>demographic_parity</c>.</summary>
    /// <param name="constraint">The constraint.</param>
    /// <returns>The snake_case name fairlearn uses.</returns>
    /// <exception cref="ArgumentOutOfRangeException">For an undefined value.</exception>
    public static string ToName(FairnessConstraint constraint) => constraint switch
    {
        FairnessConstraint.DemographicParity => "demographic_parity",
        FairnessConstraint.EqualizedOdds => "equalized_odds",
        FairnessConstraint.TruePositiveRateParity => "true_positive_rate_parity",
        FairnessConstraint.FalsePositiveRateParity => "false_positive_rate_parity",
        _ => throw new ArgumentOutOfRangeException(nameof(constraint), constraint, "Unknown constraint."),
    };

    /// <summary>
    /// Parses a file name (<c>demographic_parity</c>, <c>equalized_odds</c>, <c>true_positive_rate_parity</c>,
    /// <c>false_positive_rate_parity</c>) or a command-line alias (<c>demographic-parity</c>, <c>equalized-odds</c>,
    /// <c>equal-opportunity</c>, <c>false-positive-rate-parity</c>). Case-sensitive.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="constraint">The constraint when recognised.</param>
    /// <returns>Whether the name was recognised.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out FairnessConstraint constraint)
    {
        (var ok, constraint) = name switch
        {
            "demographic_parity" or "demographic-parity" => (true, FairnessConstraint.DemographicParity),
            "equalized_odds" or "equalized-odds" => (true, FairnessConstraint.EqualizedOdds),
            "true_positive_rate_parity" or "equal-opportunity" or "true-positive-rate-parity" or "equal_opportunity" => (true, FairnessConstraint.TruePositiveRateParity),
            "false_positive_rate_parity" or "false-positive-rate-parity" => (true, FairnessConstraint.FalsePositiveRateParity),
            _ => (false, FairnessConstraint.DemographicParity),
        };
        return ok;
    }
}
