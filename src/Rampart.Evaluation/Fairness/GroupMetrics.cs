using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Rampart.Evaluation.Fairness;

/// <summary>The confusion counts and rates of one group (or of all rows), each rate with its interval.</summary>
public sealed record GroupMetrics
{
    /// <summary>The group's label: the value for one feature, the values joined by <c> &amp; </c> for an intersection, <c>(all)</c> overall.</summary>
    public required string Group { get; init; }

    /// <summary>The group's value of each feature of the grouping, in feature order; empty overall.</summary>
    public required ImmutableArray<string> Values { get; init; }

    /// <summary>The confusion counts.</summary>
    public required ConfusionCounts Counts { get; init; }

    /// <summary>Every rate, in the order selection rate, TPR, FPR, FNR, TNR, PPV, NPV, accuracy, base rate, error rate, predicted-positive share.</summary>
    public required ImmutableArray<MetricEstimate> Metrics { get; init; }

    /// <summary>
    /// The group compared with the grouping's privileged group: <c>selection_rate_ratio_to_privileged</c>,
    /// <c>selection_rate_difference_to_privileged</c> and <c>true_positive_rate_difference_to_privileged</c>
    /// (signed, this group minus or over the privileged one). Empty for <see cref="FairnessReport.Overall"/>.
    /// </summary>
    public ImmutableArray<MetricEstimate> ComparedWithPrivileged { get; init; } = [];

    /// <summary>The calibration curve by score bin; empty when no scores were given.</summary>
    public ImmutableArray<CalibrationBin> Calibration { get; init; } = [];

    /// <summary>
    /// Expected calibration error, Σ_bins (n_bin / n) · |observed rate - mean score|; <c>null</c> when no scores were
    /// given. It carries no bootstrap interval.
    /// </summary>
    public MetricEstimate? ExpectedCalibrationError { get; init; }

    /// <summary>P(ŷ = 1).</summary>
    [JsonIgnore]
    public MetricEstimate SelectionRate => Metrics[ConfusionKernel.Sr];

    /// <summary>TP / (TP + FN).</summary>
    [JsonIgnore]
    public MetricEstimate TruePositiveRate => Metrics[ConfusionKernel.Tpr];

    /// <summary>FP / (FP + TN).</summary>
    [JsonIgnore]
    public MetricEstimate FalsePositiveRate => Metrics[ConfusionKernel.Fpr];

    /// <summary>FN / (TP + FN).</summary>
    [JsonIgnore]
    public MetricEstimate FalseNegativeRate => Metrics[ConfusionKernel.Fnr];

    /// <summary>TN / (FP + TN).</summary>
    [JsonIgnore]
    public MetricEstimate TrueNegativeRate => Metrics[ConfusionKernel.Tnr];

    /// <summary>TP / (TP + FP).</summary>
    [JsonIgnore]
    public MetricEstimate PositivePredictiveValue => Metrics[ConfusionKernel.Ppv];

    /// <summary>TN / (TN + FN).</summary>
    [JsonIgnore]
    public MetricEstimate NegativePredictiveValue => Metrics[ConfusionKernel.Npv];

    /// <summary>(TP + TN) / n.</summary>
    [JsonIgnore]
    public MetricEstimate Accuracy => Metrics[ConfusionKernel.Acc];

    /// <summary>P(y = 1).</summary>
    [JsonIgnore]
    public MetricEstimate BaseRate => Metrics[ConfusionKernel.Base];

    /// <summary>(FP + FN) / n.</summary>
    [JsonIgnore]
    public MetricEstimate ErrorRate => Metrics[ConfusionKernel.Err];

    /// <summary>The group's share of all rows predicted 1 (Aequitas ppr).</summary>
    [JsonIgnore]
    public MetricEstimate PredictedPositiveShare => Metrics[ConfusionKernel.Share];
}
