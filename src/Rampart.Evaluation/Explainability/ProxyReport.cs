using System.Collections.Immutable;

namespace Rampart.Evaluation.Explainability;

/// <summary>How strongly a model column is associated with a sensitive attribute.</summary>
/// <param name="Column">The model column.</param>
/// <param name="SensitiveAttribute">The sensitive column.</param>
/// <param name="Measure">"itself", "Cramér's V", "correlation ratio η" or "|Pearson r|".</param>
/// <param name="Value">The association in [0, 1]; NaN when undefined (a constant column, no complete rows).</param>
/// <param name="Rows">Rows where both values were present.</param>
public sealed record ProxyAssociation(string Column, string SensitiveAttribute, string Measure, double Value, int Rows);

/// <summary>A sensitive attribute, or a close proxy of it, drives the model's decisions beyond the policy.</summary>
public sealed record ProxyFinding
{
    /// <summary>The model column.</summary>
    public required string Column { get; init; }

    /// <summary>The sensitive attribute concerned.</summary>
    public required string SensitiveAttribute { get; init; }

    /// <summary><c>true</c> when the column is the sensitive attribute itself.</summary>
    public required bool IsSensitiveAttribute { get; init; }

    /// <summary>The association measure.</summary>
    public required string Measure { get; init; }

    /// <summary>The association (1 for the attribute itself).</summary>
    public required double Association { get; init; }

    /// <summary>The column's share of the model's total importance.</summary>
    public required double ImportanceShare { get; init; }

    /// <summary>The finding in plain words.</summary>
    public required string Message { get; init; }
}

/// <summary>
/// One sensitive attribute's total hold on the model: the importance shares of the attribute itself (when it is a
/// model column) and of every column associated with it at least the policy's threshold, added up. The sum counts
/// the attribute's information however many columns carry it; it can overstate when a proxy is also needed for its
/// own sake, which is for a person to judge.
/// </summary>
public sealed record AttributeShare
{
    /// <summary>The sensitive attribute.</summary>
    public required string SensitiveAttribute { get; init; }

    /// <summary>The columns counted, largest share first, with their association and share.</summary>
    public required ImmutableArray<ProxyFinding> Columns { get; init; }

    /// <summary>The sum of the columns' shares of the model's total importance.</summary>
    public required double ImportanceShare { get; init; }

    /// <summary>Whether <see cref="ImportanceShare"/> is above the policy's limit.</summary>
    public required bool Exceeds { get; init; }

    /// <summary>The result in plain words.</summary>
    public required string Message { get; init; }
}

/// <summary>The result of <see cref="ProxyDetector.Detect"/>.</summary>
public sealed record ProxyReport
{
    /// <summary>The policy applied.</summary>
    public required ProxyPolicy Policy { get; init; }

    /// <summary>Findings, largest importance share first; empty when the model passes.</summary>
    public required ImmutableArray<ProxyFinding> Findings { get; init; }

    /// <summary>Every (column, sensitive attribute) association measured.</summary>
    public required ImmutableArray<ProxyAssociation> Associations { get; init; }

    /// <summary>Model columns not found in the dataset (their association could not be measured).</summary>
    public required ImmutableArray<string> UnmatchedColumns { get; init; }

    /// <summary>Each sensitive attribute's combined share through itself and its proxies, in the order given.</summary>
    public ImmutableArray<AttributeShare> Attributes { get; init; } = [];

    /// <summary><c>true</c> when no column and no attribute's combined share is above the limit.</summary>
    public bool Passed => Findings.IsEmpty && !Attributes.Any(a => a.Exceeds);
}
