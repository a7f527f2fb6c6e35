using System.Collections.Immutable;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Permutation feature importance with scikit-learn's semantics (<c>permutation_importance</c>): importance =
/// baseline score − score with one feature's column shuffled across rows, repeated <see cref="PermutationImportanceOptions.Repeats"/>
/// times with seeded permutations; mean, population standard deviation and a percentile interval over the repeats.
/// Feature j's permutations come from their own seeded stream, so they do not depend on the other features.
/// </summary>
public static class PermutationImportance
{
    /// <summary>Computes the importances.</summary>
    /// <param name="predictor">The model.</param>
    /// <param name="rows">Evaluation rows (at least one; no NaN).</param>
    /// <param name="labels">One per row: the class index for classification, the target for regression.</param>
    /// <param name="options">Settings; <c>null</c> for the defaults.</param>
    /// <param name="featureNames">Names; <c>null</c> for the predictor's names, else x0, x1, ….</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The importances.</returns>
    /// <exception cref="ArgumentException">When inputs are empty, of the wrong width or hold NaN; a label is not a class index; the scoring does not fit the model; an option is out of range.</exception>
    public static async Task<PermutationImportanceResult> ComputeAsync(IPredictor predictor, FloatMatrix rows, IReadOnlyList<double> labels, PermutationImportanceOptions? options = null, IReadOnlyList<string>? featureNames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new PermutationImportanceOptions();
        var info = predictor.Info;
        var m = info.FeatureCount;
        InputChecks.Matrix(rows, m, nameof(rows));
        var names = InputChecks.Names(featureNames ?? (info.FeatureNames.Length == m ? info.FeatureNames : null), m, nameof(featureNames));
        var classification = info.Kind == PredictionKind.Classification;
        var scoring = options.Scoring ?? (classification ? ImportanceScoring.Accuracy : ImportanceScoring.RSquared);
        Validate(info, rows.Rows, labels, options, scoring);

        var start = predictor.Queries.Rows;
        var baseline = Score(scoring, await predictor.PredictAsync(rows, cancellationToken).ConfigureAwait(false), labels, options.OutputColumn);
        var features = ImmutableArray.CreateBuilder<FeatureImportance>(m);
        var permuted = rows.Clone();
        var column = new float[rows.Rows];
        for (var j = 0; j < m; j++)
        {
            for (var r = 0; r < rows.Rows; r++)
            {
                column[r] = rows[r, j];
            }

            var random = new Xoshiro256(Sampling.DeriveSeed(options.Seed, j));
            var repeats = new double[options.Repeats];
            for (var k = 0; k < options.Repeats; k++)
            {
                var order = Permutation(random, rows.Rows);
                for (var r = 0; r < rows.Rows; r++)
                {
                    permuted[r, j] = column[order[r]];
                }

                var output = await predictor.PredictAsync(permuted, cancellationToken).ConfigureAwait(false);
                repeats[k] = baseline - Score(scoring, output, labels, options.OutputColumn);
            }

            for (var r = 0; r < rows.Rows; r++)
            {
                permuted[r, j] = column[r];
            }

            features.Add(Summarise(names[j], repeats, options.IntervalLevel));
        }

        return new PermutationImportanceResult
        {
            Scoring = scoring,
            BaselineScore = baseline,
            Features = features.MoveToImmutable(),
            IntervalLevel = options.IntervalLevel,
            ModelEvaluations = predictor.Queries.Rows - start,
        };
    }

    /// <summary>The permutations feature <paramref name="feature"/> gets for a seed (row r takes the value of row order[r]).</summary>
    internal static int[][] Permutations(int seed, int feature, int repeats, int rows)
    {
        var random = new Xoshiro256(Sampling.DeriveSeed(seed, feature));
        return [.. Enumerable.Range(0, repeats).Select(_ => Permutation(random, rows))];
    }

    internal static double Score(ImportanceScoring scoring, FloatMatrix output, IReadOnlyList<double> labels, int outputColumn)
    {
        var n = output.Rows;
        switch (scoring)
        {
            case ImportanceScoring.Accuracy:
                {
                    var correct = 0;
                    for (var r = 0; r < n; r++)
                    {
                        correct += ModelTraining.ArgMax(output.Row(r)) == (int)labels[r] ? 1 : 0;
                    }

                    return (double)correct / n;
                }

            case ImportanceScoring.NegativeLogLoss:
                {
                    double sum = 0;
                    for (var r = 0; r < n; r++)
                    {
                        var p = Math.Clamp(output[r, (int)labels[r]], 1e-15, 1 - 1e-15);
                        sum += Math.Log(p);
                    }

                    return sum / n;
                }

            case ImportanceScoring.RocAuc:
                return RocAuc(output, labels);

            case ImportanceScoring.NegativeMeanSquaredError:
                {
                    double sum = 0;
                    for (var r = 0; r < n; r++)
                    {
                        var e = labels[r] - output[r, outputColumn];
                        sum += e * e;
                    }

                    return -sum / n;
                }

            default:
                {
                    var mean = labels.Average();
                    double residual = 0, total = 0;
                    for (var r = 0; r < n; r++)
                    {
                        var e = labels[r] - output[r, outputColumn];
                        residual += e * e;
                        total += (labels[r] - mean) * (labels[r] - mean);
                    }

                    // scikit-learn's r2_score: 1 for a perfect fit of constant labels, 0 for an imperfect one.
                    return total == 0 ? (residual == 0 ? 1 : 0) : 1 - (residual / total);
                }
        }
    }

    private static double RocAuc(FloatMatrix output, IReadOnlyList<double> labels)
    {
        var n = output.Rows;
        var order = Enumerable.Range(0, n).OrderBy(r => output[r, 1]).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        var i = 0;
        while (i < n)
        {
            var j = i;
            while (j + 1 < n && output[order[j + 1], 1] == output[order[i], 1])
            {
                j++;
            }

            var rank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]] == 1)
                {
                    positiveRankSum += rank;
                    positives++;
                }
            }

            i = j + 1;
        }

        var negatives = n - positives;
        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    private static void Validate(PredictorInfo info, int rowCount, IReadOnlyList<double> labels, PermutationImportanceOptions options, ImportanceScoring scoring)
    {
        if (labels.Count != rowCount)
        {
            throw new ArgumentException($"labels has {labels.Count} values for {rowCount} rows.", nameof(labels));
        }

        if (options.Repeats < 1)
        {
            throw new ArgumentException($"options.Repeats must be at least 1; got {options.Repeats}.", nameof(options));
        }

        if (!(options.IntervalLevel > 0 && options.IntervalLevel < 1))
        {
            throw new ArgumentException($"options.IntervalLevel must be in (0, 1); got {options.IntervalLevel}.", nameof(options));
        }

        var classScore = scoring is ImportanceScoring.Accuracy or ImportanceScoring.NegativeLogLoss or ImportanceScoring.RocAuc;
        if (classScore != (info.Kind == PredictionKind.Classification))
        {
            throw new ArgumentException($"options.Scoring {scoring} does not fit a {info.Kind} model.", nameof(options));
        }

        if (!classScore && (options.OutputColumn < 0 || options.OutputColumn >= info.OutputCount))
        {
            throw new ArgumentException($"options.OutputColumn {options.OutputColumn} is not an output of the model ({info.OutputCount} columns).", nameof(options));
        }

        if (scoring == ImportanceScoring.RocAuc && info.OutputCount != 2)
        {
            throw new ArgumentException($"options.Scoring RocAuc needs a binary classifier; the model has {info.OutputCount} classes.", nameof(options));
        }

        var classes = new HashSet<double>();
        for (var i = 0; i < labels.Count; i++)
        {
            var y = labels[i];
            if (!double.IsFinite(y))
            {
                throw new ArgumentException($"labels[{i}] is not a finite number.", nameof(labels));
            }

            if (classScore && (y < 0 || y >= info.OutputCount || y != Math.Floor(y)))
            {
                throw new ArgumentException($"labels[{i}] = {y} is not a class index in [0, {info.OutputCount - 1}].", nameof(labels));
            }

            classes.Add(y);
        }

        if (scoring == ImportanceScoring.RocAuc && classes.Count < 2)
        {
            throw new ArgumentException("labels hold a single class; ROC AUC is undefined.", nameof(labels));
        }
    }

    private static int[] Permutation(Xoshiro256 random, int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static FeatureImportance Summarise(string name, double[] repeats, double level)
    {
        var mean = repeats.Average();
        var variance = repeats.Sum(v => (v - mean) * (v - mean)) / repeats.Length;
        var sorted = repeats.Order().ToArray();
        return new FeatureImportance
        {
            Feature = name,
            Mean = mean,
            StandardDeviation = Math.Sqrt(variance),
            Lower = Sampling.Quantile(sorted, (1 - level) / 2),
            Upper = Sampling.Quantile(sorted, (1 + level) / 2),
            Repeats = [.. repeats],
        };
    }
}
