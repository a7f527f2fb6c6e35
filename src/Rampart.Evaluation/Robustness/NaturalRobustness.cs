using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Data;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// Natural robustness: accuracy when rows are corrupted the way real data goes wrong, at increasing severities,
/// seeded. Numeric features are those neither immutable, nor in a one-hot group, nor 0/1 (an integer feature
/// bounded by [0, 1], which is categorical). Noise and scaling round integer features to the nearest whole number
/// and clip into the bounds; no corruption changes an immutable feature.
/// </summary>
public static class NaturalRobustness
{
    /// <summary>Evaluates accuracy under every corruption with severities in the options.</summary>
    /// <param name="model">The model.</param>
    /// <param name="input">The rows, labels and constraints.</param>
    /// <param name="options">The options; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report, or every problem with the options (the severities, <c>feature_map</c>).</returns>
    /// <exception cref="PredictorException">When the model's answers do not fit.</exception>
    public static async ValueTask<ValidationResult<NaturalRobustnessReport>> EvaluateAsync(IPredictor model, RobustnessInput input, NaturalRobustnessOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new NaturalRobustnessOptions();
        var problems = options.Validate(input.Projection.FeatureCount);
        if (problems.Count > 0)
        {
            return ValidationResult<NaturalRobustnessReport>.Failure(problems);
        }

        var cleanPredictions = await Vectors.PredictClassesAsync(model, input.Features, cancellationToken).ConfigureAwait(false);
        var clean = RobustnessMetrics.Accuracy(input.Labels.AsSpan(), cleanPredictions);
        var curves = ImmutableArray.CreateBuilder<CorruptionCurve>();
        foreach (var kind in Enum.GetValues<CorruptionKind>())
        {
            var severities = options.SeveritiesOf(kind);
            if (severities.IsDefaultOrEmpty)
            {
                continue;
            }

            var points = ImmutableArray.CreateBuilder<CurvePoint>();
            points.Add(new CurvePoint(0, clean, 0));
            foreach (var severity in severities.Where(s => s > 0).Distinct().Order())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var corrupted = Corrupt(input, kind, severity, options.Seed, options.FeatureMap);
                var predicted = await Vectors.PredictClassesAsync(model, corrupted, cancellationToken).ConfigureAwait(false);
                var changed = predicted.Where((c, r) => c != cleanPredictions[r]).Count() / (double)predicted.Length;
                points.Add(new CurvePoint(severity, RobustnessMetrics.Accuracy(input.Labels.AsSpan(), predicted), changed));
            }

            curves.Add(new CorruptionCurve(kind, points.ToImmutable()));
        }

        return ValidationResult<NaturalRobustnessReport>.Success(new NaturalRobustnessReport { CleanAccuracy = clean, Corruptions = curves.ToImmutable(), Seed = options.Seed });
    }

    /// <summary>A corrupted copy of the rows; the same seed, corruption and severity give the same copy.</summary>
    /// <param name="input">The rows and constraints.</param>
    /// <param name="kind">The corruption.</param>
    /// <param name="severity">Its severity (see <see cref="CorruptionKind"/>); at least 0.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="featureMap">For <see cref="CorruptionKind.MissingValues"/>, the model's feature map (see <see cref="NaturalRobustnessOptions.FeatureMap"/>).</param>
    /// <returns>The corrupted rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the severity is negative or not finite.</exception>
    public static FloatMatrix Corrupt(RobustnessInput input, CorruptionKind kind, double severity, int seed, FeatureMap? featureMap = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(severity >= 0) || !double.IsFinite(severity))
        {
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "A severity is a finite number of at least 0.");
        }

        var bits = BitConverter.DoubleToInt64Bits(severity);
        var stream = unchecked(((int)kind * 1_000_003) ^ (int)(bits ^ (bits >>> 32)));
        var random = new Xoshiro256(Sampling.DeriveSeed(seed, stream));
        var projection = input.Projection;
        var features = projection.FeatureCount;
        var numeric = Enumerable.Range(0, features).Where(f => projection.IsMutable(f) && projection.GroupOf(f) < 0 && !IsBinary(projection, f)).ToArray();
        var result = input.Features.Clone();
        var original = new double[features];
        var row = new double[features];
        switch (kind)
        {
            case CorruptionKind.GaussianNoise:
                var sd = StandardDeviations(input.Features);
                var gaussian = new GaussianSource(random);
                EachRow(r =>
                {
                    foreach (var f in numeric)
                    {
                        row[f] += severity * sd[f] * gaussian.Next();
                    }
                });
                break;
            case CorruptionKind.Scaling:
                EachRow(r =>
                {
                    foreach (var f in numeric)
                    {
                        row[f] *= 1 + (severity * ((2 * random.NextDouble()) - 1));
                    }
                });
                break;
            case CorruptionKind.CategoricalFlips:
                EachRow(r =>
                {
                    for (var g = 0; g < projection.GroupCount; g++)
                    {
                        var group = projection.Group(g);
                        if (projection.GroupIsMutable(g) && random.NextDouble() < severity)
                        {
                            var current = -1;
                            for (var k = 0; k < group.Length; k++)
                            {
                                current = row[group[k]] >= 0.5 ? k : current;
                            }

                            var next = random.NextInt(group.Length - (current >= 0 ? 1 : 0));
                            next = current >= 0 && next >= current ? next + 1 : next;
                            for (var k = 0; k < group.Length; k++)
                            {
                                row[group[k]] = k == next ? 1 : 0;
                            }
                        }
                    }

                    for (var f = 0; f < features; f++)
                    {
                        if (projection.IsMutable(f) && projection.GroupOf(f) < 0 && IsBinary(projection, f) && random.NextDouble() < severity)
                        {
                            row[f] = 1 - row[f];
                        }
                    }
                });
                break;
            default:
                return Missing(input, severity, random, featureMap);
        }

        return result;

        void EachRow(Action<int> corrupt)
        {
            for (var r = 0; r < result.Rows; r++)
            {
                var source = input.Features.Row(r);
                for (var f = 0; f < features; f++)
                {
                    original[f] = source[f];
                    row[f] = source[f];
                }

                corrupt(r);
                projection.Project(original, row, IntegerRounding.Nearest);
                Vectors.SetRow(result, r, row);
            }
        }
    }

    private static bool IsBinary(FeatureProjection projection, int feature) =>
        projection.IsInteger(feature) && projection.LowerBound(feature) == 0 && projection.UpperBound(feature) == 1;

    private static double[] StandardDeviations(FloatMatrix data)
    {
        var sd = new double[data.Columns];
        for (var f = 0; f < data.Columns; f++)
        {
            double mean = 0;
            for (var r = 0; r < data.Rows; r++)
            {
                mean += data[r, f];
            }

            mean /= data.Rows;
            double squares = 0;
            for (var r = 0; r < data.Rows; r++)
            {
                squares += (data[r, f] - mean) * (data[r, f] - mean);
            }

            sd[f] = Math.Sqrt(squares / data.Rows);
        }

        return sd;
    }

    private static FloatMatrix Missing(RobustnessInput input, double severity, Xoshiro256 random, FeatureMap? map)
    {
        var projection = input.Projection;
        var result = input.Features.Clone();

        // Each unit is one column's features, written as the map encodes a missing value (without a map: one
        // numeric feature taking the rows' mean).
        var units = new List<(int First, float[] Encoded)>();
        if (map is not null)
        {
            foreach (var column in map.Columns)
            {
                if (!projection.IsMutable(column.FirstFeature))
                {
                    continue;
                }

                var encoded = new float[column.FeatureCount];
                if (column.Type == ColumnType.Numeric)
                {
                    encoded[0] = (float)(((column.ImputedValue ?? 0) - (column.Mean ?? 0)) / (column.StandardDeviation ?? 1));
                }
                else if (column.Type == ColumnType.Boolean)
                {
                    encoded[0] = (float)(column.ImputedValue ?? 0);
                }

                if (column.MissingIndicator)
                {
                    encoded[^1] = 1;
                }

                units.Add((column.FirstFeature, encoded));
            }
        }
        else
        {
            var means = new double[result.Columns];
            for (var r = 0; r < result.Rows; r++)
            {
                for (var f = 0; f < result.Columns; f++)
                {
                    means[f] += result[r, f] / (double)result.Rows;
                }
            }

            for (var f = 0; f < result.Columns; f++)
            {
                if (projection.IsMutable(f) && projection.GroupOf(f) < 0)
                {
                    units.Add((f, [(float)(projection.IsInteger(f) ? Math.Round(means[f]) : means[f])]));
                }
            }
        }

        for (var r = 0; r < result.Rows; r++)
        {
            var row = result.Row(r);
            foreach (var (first, encoded) in units)
            {
                if (random.NextDouble() < severity)
                {
                    encoded.CopyTo(row[first..]);
                }
            }
        }

        return result;
    }
}
