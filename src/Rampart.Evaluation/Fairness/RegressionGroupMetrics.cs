using System.Collections.Immutable;

namespace Rampart.Evaluation.Fairness;

/// <summary>The error metrics of one group of a regression model (or of all rows), each with its interval.</summary>
public sealed record RegressionGroupMetrics
{
    /// <summary>The group's label (as in <see cref="GroupMetrics.Group"/>).</summary>
    public required string Group { get; init; }

    /// <summary>The group's value of each feature of the grouping; empty overall.</summary>
    public required ImmutableArray<string> Values { get; init; }

    /// <summary>Rows in the group.</summary>
    public required long Count { get; init; }

    /// <summary>Mean absolute error, mean |ŷ - y|.</summary>
    public required MetricEstimate MeanAbsoluteError { get; init; }

    /// <summary>Root mean squared error, √mean((ŷ - y)²).</summary>
    public required MetricEstimate RootMeanSquaredError { get; init; }

    /// <summary>Mean residual, mean(ŷ - y): positive when the model over-predicts the group, negative when it under-predicts.</summary>
    public required MetricEstimate MeanResidual { get; init; }
}
