using System.Collections.Immutable;

namespace Rampart.Risk;

/// <summary>
/// A 5x5 likelihood-by-impact matrix mapping each cell to a risk level. Levels are ordered from least to most
/// serious; the default has <c>low</c>, <c>medium</c>, <c>high</c> and <c>critical</c>.
/// </summary>
public sealed record RiskMatrix
{
    /// <summary>The number of likelihood and of impact steps.</summary>
    public const int Size = 5;

    /// <summary>The default matrix (rows: likelihood 1 to 5; columns: impact 1 to 5).</summary>
    public static readonly RiskMatrix Default = new()
    {
        Levels = ["low", "medium", "high", "critical"],
        Grid =
        [
            ["low", "low", "low", "medium", "medium"],
            ["low", "low", "medium", "medium", "high"],
            ["low", "medium", "medium", "high", "high"],
            ["medium", "medium", "high", "high", "critical"],
            ["medium", "high", "high", "critical", "critical"],
        ],
    };

    /// <summary>Names of the likelihood steps 1 to 5.</summary>
    public static readonly ImmutableArray<string> LikelihoodNames = ["rare", "unlikely", "possible", "likely", "almost certain"];

    /// <summary>Names of the impact steps 1 to 5.</summary>
    public static readonly ImmutableArray<string> ImpactNames = ["negligible", "minor", "moderate", "major", "severe"];

    /// <summary>Risk levels, least serious first.</summary>
    public required ImmutableArray<string> Levels { get; init; }

    /// <summary>Level names by likelihood row (index 0 = likelihood 1) and impact column (index 0 = impact 1).</summary>
    public required ImmutableArray<ImmutableArray<string>> Grid { get; init; }

    /// <summary>The level of a cell.</summary>
    /// <param name="likelihood">1 to 5.</param>
    /// <param name="impact">1 to 5.</param>
    /// <returns>The level name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When either value is outside 1 to 5.</exception>
    public string LevelOf(int likelihood, int impact)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(likelihood, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(likelihood, Size);
        ArgumentOutOfRangeException.ThrowIfLessThan(impact, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(impact, Size);
        return Grid[likelihood - 1][impact - 1];
    }

    /// <summary>The rank of a level (0 = least serious), or -1 when unknown.</summary>
    /// <param name="level">A level name.</param>
    /// <returns>The rank.</returns>
    public int Rank(string level) => Levels.IndexOf(level);
}
