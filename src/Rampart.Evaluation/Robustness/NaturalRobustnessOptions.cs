using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Robustness;

/// <summary>Options of <see cref="NaturalRobustness"/>: the severities of each corruption, the feature map, the seed.</summary>
public sealed record NaturalRobustnessOptions
{
    /// <summary>Noise σ as fractions of each feature's standard deviation; default 0.1, 0.25, 0.5, 1. Empty to skip.</summary>
    public ImmutableArray<double> NoiseSeverities { get; init; } = [0.1, 0.25, 0.5, 1];

    /// <summary>Shares of values made missing (0 to 1); default 0.1, 0.2, 0.3, 0.5. Empty to skip.</summary>
    public ImmutableArray<double> MissingSeverities { get; init; } = [0.1, 0.2, 0.3, 0.5];

    /// <summary>Half-widths s of the scaling factor range [1 − s, 1 + s] (0 to 1); default 0.05, 0.1, 0.2, 0.5. Empty to skip.</summary>
    public ImmutableArray<double> ScalingSeverities { get; init; } = [0.05, 0.1, 0.2, 0.5];

    /// <summary>Probabilities of moving a categorical value to another category (0 to 1); default 0.05, 0.1, 0.2, 0.5. Empty to skip.</summary>
    public ImmutableArray<double> FlipSeverities { get; init; } = [0.05, 0.1, 0.2, 0.5];

    /// <summary>
    /// The feature map the model was trained with: a missing value is then encoded as the map encodes one (the
    /// fitted mean, no category, the missing indicator set). Without it, a missing numeric feature takes the mean of
    /// the rows given (rounded for an integer feature) and one-hot groups are left alone.
    /// </summary>
    public FeatureMap? FeatureMap { get; init; }

    /// <summary>The seed; each corruption and severity draws from its own stream derived from it. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The severities of one corruption.</summary>
    /// <param name="kind">The corruption.</param>
    /// <returns>The severities.</returns>
    public ImmutableArray<double> SeveritiesOf(CorruptionKind kind) => kind switch
    {
        CorruptionKind.GaussianNoise => NoiseSeverities,
        CorruptionKind.MissingValues => MissingSeverities,
        CorruptionKind.Scaling => ScalingSeverities,
        _ => FlipSeverities,
    };

    internal List<Problem> Validate(int featureCount)
    {
        var problems = new List<Problem>();
        Check(NoiseSeverities, "noise_severities", double.PositiveInfinity, problems);
        Check(MissingSeverities, "missing_severities", 1, problems);
        Check(ScalingSeverities, "scaling_severities", 1, problems);
        Check(FlipSeverities, "flip_severities", 1, problems);
        if (FeatureMap is { } map && map.FeatureCount != featureCount)
        {
            problems.Add(new Problem { Field = "feature_map", Message = $"The feature map gives {map.FeatureCount} features but the rows have {featureCount}." });
        }

        return problems;
    }

    private static void Check(ImmutableArray<double> severities, string field, double max, List<Problem> problems)
    {
        if (severities.IsDefault)
        {
            return;
        }

        for (var i = 0; i < severities.Length; i++)
        {
            var s = severities[i];
            if (!(s >= 0 && s <= max) || double.IsNaN(s) || double.IsInfinity(s))
            {
                problems.Add(new Problem { Field = $"{field}[{i}]", Message = $"{s.ToString(CultureInfo.InvariantCulture)} is not a severity; give a finite number from 0{(double.IsFinite(max) ? $" to {max.ToString(CultureInfo.InvariantCulture)}" : " up")}." });
            }
        }
    }
}
