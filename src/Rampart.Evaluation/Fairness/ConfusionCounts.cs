namespace Rampart.Evaluation.Fairness;

/// <summary>The confusion counts of a set of rows, with the label 1 as the positive (favourable) outcome.</summary>
/// <param name="TruePositives">Rows with y = 1 and ŷ = 1.</param>
/// <param name="FalsePositives">Rows with y = 0 and ŷ = 1.</param>
/// <param name="TrueNegatives">Rows with y = 0 and ŷ = 0.</param>
/// <param name="FalseNegatives">Rows with y = 1 and ŷ = 0.</param>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>All rows.</summary>
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Rows with y = 1.</summary>
    public long Positives => TruePositives + FalseNegatives;

    /// <summary>Rows with y = 0.</summary>
    public long Negatives => FalsePositives + TrueNegatives;

    /// <summary>Rows with ŷ = 1 (selected).</summary>
    public long PredictedPositives => TruePositives + FalsePositives;

    /// <summary>Rows with ŷ = 0.</summary>
    public long PredictedNegatives => TrueNegatives + FalseNegatives;
}
