using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.Checks;

/// <summary>Where a finding points: a file (with line, byte offset or node), a feature, an endpoint.</summary>
public sealed record FindingLocation
{
    /// <summary>File path relative to the system folder, or <c>null</c>.</summary>
    public string? File { get; init; }

    /// <summary>One-based line in <see cref="File"/>, or 0.</summary>
    public int Line { get; init; }

    /// <summary>One-based column, or 0.</summary>
    public int Column { get; init; }

    /// <summary>Byte offset in <see cref="File"/>, or <c>null</c>.</summary>
    public long? Offset { get; init; }

    /// <summary>A logical location: asset id, graph node, feature, endpoint, requirement id.</summary>
    public string? Logical { get; init; }
}

/// <summary>Confidence that a finding is a true positive.</summary>
public enum Confidence
{
    /// <summary>Heuristic.</summary>
    Low,

    /// <summary>Likely.</summary>
    Medium,

    /// <summary>Certain (proven from the data).</summary>
    High,
}

/// <summary>One problem a check found.</summary>
public sealed record Finding
{
    /// <summary>The rule that fired, for example <c>RMP-GOV-003</c>.</summary>
    public required string RuleId { get; init; }

    /// <summary>The check that produced it.</summary>
    public required string CheckId { get; init; }

    /// <summary>Severity.</summary>
    public required Severity Severity { get; init; }

    /// <summary>Confidence.</summary>
    public Confidence Confidence { get; init; } = Confidence.High;

    /// <summary>What was found, in plain words.</summary>
    public required string Message { get; init; }

    /// <summary>Where.</summary>
    public required FindingLocation Location { get; init; }

    /// <summary>Supporting facts (hashes, values), sorted by key.</summary>
    public ImmutableSortedDictionary<string, string> Evidence { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Threat ids the finding bears on (raises their likelihood).</summary>
    public ImmutableArray<string> Threats { get; init; } = [];

    /// <summary>Requirement ids the finding bears on (they are not satisfied while it stands).</summary>
    public ImmutableArray<string> Requirements { get; init; } = [];

    /// <summary>A stable fingerprint: the same problem in the same place gets the same value across runs.</summary>
    public string Fingerprint => ComputeFingerprint(RuleId, Location.File, Location.Logical, Message);

    private static string ComputeFingerprint(string rule, string? file, string? logical, string message)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{rule}\n{file}\n{logical}\n{message}"));
        return Convert.ToHexStringLower(bytes)[..32];
    }
}

/// <summary>How a measured value compares with its threshold.</summary>
public enum Verdict
{
    /// <summary>Within the threshold.</summary>
    Pass,

    /// <summary>Beyond the threshold.</summary>
    Fail,

    /// <summary>No threshold applies; informational.</summary>
    Info,

    /// <summary>The metric is undefined for this input (see the reason).</summary>
    Undefined,
}

/// <summary>One number a check measured, with its threshold and verdict.</summary>
public sealed record Measurement
{
    /// <summary>The check that measured it.</summary>
    public required string CheckId { get; init; }

    /// <summary>Metric name, for example <c>requirements.coverage</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>What was measured (asset id, group), or <c>null</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>The value; <c>NaN</c> when undefined.</summary>
    public required double Value { get; init; }

    /// <summary>Lower bound of the confidence interval, or <c>null</c>.</summary>
    public double? Lower { get; init; }

    /// <summary>Upper bound of the confidence interval, or <c>null</c>.</summary>
    public double? Upper { get; init; }

    /// <summary>The threshold compared against, or <c>null</c>.</summary>
    public double? Threshold { get; init; }

    /// <summary>Unit, for example <c>ratio</c> or <c>count</c>.</summary>
    public string Unit { get; init; } = "ratio";

    /// <summary>The verdict.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>Why the metric is undefined, or other context.</summary>
    public string? Reason { get; init; }

    /// <summary>Threat ids a failed verdict raises.</summary>
    public ImmutableArray<string> Threats { get; init; } = [];
}
