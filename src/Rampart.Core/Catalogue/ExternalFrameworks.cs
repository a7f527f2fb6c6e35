using System.Text.RegularExpressions;

namespace Rampart.Catalogue;

/// <summary>The external frameworks the catalogue cross-references, with the id format each uses.</summary>
public static partial class ExternalFrameworks
{
    /// <summary>MITRE ATLAS.</summary>
    public const string Atlas = "atlas";

    /// <summary>OWASP Machine Learning Security Top 10, 2023 edition.</summary>
    public const string OwaspMl = "owasp_ml";

    /// <summary>OWASP Top 10 for LLM Applications, 2025 edition.</summary>
    public const string OwaspLlm = "owasp_llm";

    /// <summary>NIST AI Risk Management Framework 1.0 subcategories.</summary>
    public const string NistAiRmf = "nist_ai_rmf";

    /// <summary>Every framework key, in display order.</summary>
    public static IReadOnlyList<string> Keys { get; } = [Atlas, OwaspMl, OwaspLlm, NistAiRmf];

    /// <summary>The display name of a framework key.</summary>
    /// <param name="framework">A key from <see cref="Keys"/>.</param>
    /// <returns>The display name.</returns>
    public static string DisplayName(string framework) => framework switch
    {
        Atlas => "MITRE ATLAS",
        OwaspMl => "OWASP Machine Learning Security Top 10 (2023)",
        OwaspLlm => "OWASP Top 10 for LLM Applications (2025)",
        NistAiRmf => "NIST AI RMF 1.0",
        _ => framework,
    };

    /// <summary>Whether <paramref name="id"/> has the format of an id of <paramref name="framework"/>.</summary>
    /// <param name="framework">A key from <see cref="Keys"/>.</param>
    /// <param name="id">The id to check.</param>
    /// <returns><c>true</c> when the format is right; <c>false</c> for an unknown framework.</returns>
    public static bool IsWellFormed(string framework, string id) => framework switch
    {
        Atlas => AtlasId().IsMatch(id),
        OwaspMl => OwaspMlId().IsMatch(id),
        OwaspLlm => OwaspLlmId().IsMatch(id),
        NistAiRmf => NistId().IsMatch(id),
        _ => false,
    };

    /// <summary>A description of the id format expected for a framework, for error messages.</summary>
    /// <param name="framework">A key from <see cref="Keys"/>.</param>
    /// <returns>The format description.</returns>
    public static string FormatHint(string framework) => framework switch
    {
        Atlas => "AML.T0000, AML.T0000.000 or AML.M0000",
        OwaspMl => "ML01:2023 to ML10:2023",
        OwaspLlm => "LLM01:2025 to LLM10:2025",
        NistAiRmf => "GOVERN|MAP|MEASURE|MANAGE n.n",
        _ => "unknown framework",
    };

    [GeneratedRegex(@"^AML\.(T\d{4}(\.\d{3})?|M\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex AtlasId();

    [GeneratedRegex(@"^ML(0[1-9]|10):2023$", RegexOptions.CultureInvariant)]
    private static partial Regex OwaspMlId();

    [GeneratedRegex(@"^LLM(0[1-9]|10):2025$", RegexOptions.CultureInvariant)]
    private static partial Regex OwaspLlmId();

    [GeneratedRegex(@"^(GOVERN|MAP|MEASURE|MANAGE) [1-9]\.[1-9][0-9]?$", RegexOptions.CultureInvariant)]
    private static partial Regex NistId();
}
