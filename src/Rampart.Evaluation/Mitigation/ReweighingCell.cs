using System.Collections.Immutable;

namespace Rampart.Evaluation.Mitigation;

/// <summary>One (group, label) cell of a reweighing: its count, the count expected under independence, and its weight.</summary>
public sealed record ReweighingCell
{
    /// <summary>The group's label: the values of the sensitive features joined by <c> &amp; </c>.</summary>
    public required string Group { get; init; }

    /// <summary>The group's value of each sensitive feature.</summary>
    public required ImmutableArray<string> Values { get; init; }

    /// <summary>The label (class index).</summary>
    public required int Label { get; init; }

    /// <summary>The label's name: the given class name, or the index as text.</summary>
    public required string LabelName { get; init; }

    /// <summary>n_gy: rows in the group with this label (at least 1; empty cells have no rows to weigh and are left out).</summary>
    public required long Count { get; init; }

    /// <summary>n_g · n_y / N: the count expected if label and group were independent.</summary>
    public required double ExpectedCount { get; init; }

    /// <summary>w = n_g · n_y / (N · n_gy) = expected / observed; above 1 for under-represented cells.</summary>
    public required double Weight { get; init; }
}
