namespace Rampart.Evaluation.Fairness;

/// <summary>A percentile bootstrap confidence interval.</summary>
public sealed record ConfidenceInterval
{
    /// <summary>The lower bound: the (1 - level) / 2 quantile of the replicates where the metric was defined.</summary>
    public required double Lower { get; init; }

    /// <summary>The upper bound: the (1 + level) / 2 quantile of the replicates where the metric was defined.</summary>
    public required double Upper { get; init; }

    /// <summary>The confidence level, for example 0.95.</summary>
    public required double Level { get; init; }

    /// <summary>Bootstrap replicates drawn.</summary>
    public required int Replicates { get; init; }

    /// <summary>Replicates in which the metric was defined (the quantiles are taken over these only).</summary>
    public required int DefinedReplicates { get; init; }
}
