namespace Rampart.Evaluation.Fairness;

/// <summary>One score bin of a group's calibration curve. Bin i holds scores in [i/B, (i+1)/B), the last also 1.</summary>
public sealed record CalibrationBin
{
    /// <summary>The lower edge of the bin.</summary>
    public required double Lower { get; init; }

    /// <summary>The upper edge of the bin.</summary>
    public required double Upper { get; init; }

    /// <summary>Rows of the group whose score falls in the bin (at least 1: empty bins are left out).</summary>
    public required long Count { get; init; }

    /// <summary>The mean score of those rows (the predicted probability).</summary>
    public required double MeanScore { get; init; }

    /// <summary>The share of those rows with y = 1 (the observed frequency).</summary>
    public required double ObservedRate { get; init; }
}
