using System.Collections.Immutable;
using Rampart.Checks;
using Rampart.Risk;

namespace Rampart.Manifest;

/// <summary>The <c>policy:</c> section: what the organisation tolerates for this system.</summary>
public sealed record Policy
{
    /// <summary>The defaults used when the manifest has no <c>policy:</c> section.</summary>
    public static readonly Policy Default = new();

    /// <summary>Findings at or above this severity fail <c>rampart assess</c> (exit code 2). Default: high.</summary>
    public Severity FailOn { get; init; } = Severity.High;

    /// <summary>Evidence older than this many days is stale. Default: 365.</summary>
    public int EvidenceMaxAgeDays { get; init; } = 365;

    /// <summary>The highest residual risk level allowed without a current acceptance. Default: medium.</summary>
    public string RiskTolerance { get; init; } = "medium";

    /// <summary>The risk matrix. Default: <see cref="RiskMatrix.Default"/>.</summary>
    public RiskMatrix RiskMatrix { get; init; } = RiskMatrix.Default;

    /// <summary>Metric thresholds by metric name, used by measurement checks.</summary>
    public ImmutableSortedDictionary<string, double> Thresholds { get; init; } =
        ImmutableSortedDictionary<string, double>.Empty.WithComparers(StringComparer.Ordinal);
}
