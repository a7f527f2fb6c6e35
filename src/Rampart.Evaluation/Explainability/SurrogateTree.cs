using System.Collections.Immutable;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// A global surrogate: a shallow CART decision tree fitted to the model's own predictions (not the labels), to show
/// in a few rules what the model does, with its fidelity measured on held-out rows. Classifiers are imitated on their
/// predicted class (gini impurity, fidelity = agreement); a single explained output (a probability or a score) is
/// imitated as a number (squared error, fidelity = R²). Splits must lower the impurity; thresholds are midpoints
/// between neighbouring values; ties between equally good splits go to the lower feature index, then the lower
/// threshold.
/// </summary>
public static class SurrogateTree
{
    /// <summary>Fits a tree to a classifier's predicted classes (or, for a regressor, its first output).</summary>
    /// <param name="predictor">The model.</param>
    /// <param name="rows">Rows (at least 2; no NaN).</param>
    /// <param name="options">Settings; <c>null</c> for the defaults.</param>
    /// <param name="featureNames">Names; <c>null</c> for the predictor's names, else x0, x1, ….</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The tree and its fidelity.</returns>
    /// <exception cref="ArgumentException">When rows are too few, of the wrong width or hold NaN, or an option is out of range.</exception>
    public static async Task<SurrogateTreeResult> FitAsync(IPredictor predictor, FloatMatrix rows, SurrogateTreeOptions? options = null, IReadOnlyList<string>? featureNames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var info = predictor.Info;
        if (info.Kind != PredictionKind.Classification)
        {
            return await FitAsync(ExplainedOutput.FromPredictor(predictor, 0), rows, options, featureNames ?? NamesOf(info), cancellationToken).ConfigureAwait(false);
        }

        InputChecks.Matrix(rows, info.FeatureCount, nameof(rows));
        var output = await predictor.PredictAsync(rows, cancellationToken).ConfigureAwait(false);
        var targets = new double[rows.Rows];
        for (var r = 0; r < rows.Rows; r++)
        {
            targets[r] = ModelTraining.ArgMax(output.Row(r));
        }

        var labels = info.ClassLabels.Length == info.OutputCount ? info.ClassLabels : [.. Enumerable.Range(0, info.OutputCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return Fit(rows, targets, info.OutputCount, "predicted class", labels, options, featureNames ?? NamesOf(info));
    }

    /// <summary>Fits a regression tree to one explained output (for example a class probability).</summary>
    /// <param name="model">The explained output.</param>
    /// <param name="rows">Rows (at least 2; no NaN).</param>
    /// <param name="options">Settings; <c>null</c> for the defaults.</param>
    /// <param name="featureNames">Names; <c>null</c> for x0, x1, ….</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The tree and its fidelity (R²).</returns>
    /// <exception cref="ArgumentException">When rows are too few, of the wrong width or hold NaN, or an option is out of range.</exception>
    public static async Task<SurrogateTreeResult> FitAsync(ExplainedOutput model, FloatMatrix rows, SurrogateTreeOptions? options = null, IReadOnlyList<string>? featureNames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        InputChecks.Matrix(rows, model.FeatureCount, nameof(rows));
        var targets = await model.EvaluateAsync(rows, cancellationToken).ConfigureAwait(false);
        return Fit(rows, targets, 0, model.Name, [], options, featureNames);
    }

    /// <summary>Fits a tree to given targets: class indices when <paramref name="classCount"/> is 2 or more, numbers when 0.</summary>
    internal static SurrogateTreeResult Fit(FloatMatrix rows, double[] targets, int classCount, string target, ImmutableArray<string> classLabels, SurrogateTreeOptions? options, IReadOnlyList<string>? featureNames)
    {
        options ??= new SurrogateTreeOptions();
        var m = rows.Columns;
        var names = InputChecks.Names(featureNames, m, nameof(featureNames));
        if (options.MaxDepth is < 1 or > 10)
        {
            throw new ArgumentException($"options.MaxDepth must be in [1, 10]; got {options.MaxDepth}.", nameof(options));
        }

        if (options.MinSamplesLeaf < 1)
        {
            throw new ArgumentException($"options.MinSamplesLeaf must be at least 1; got {options.MinSamplesLeaf}.", nameof(options));
        }

        if (!(options.HoldoutShare >= 0 && options.HoldoutShare < 1))
        {
            throw new ArgumentException($"options.HoldoutShare must be in [0, 1); got {options.HoldoutShare}.", nameof(options));
        }

        if (rows.Rows < 2)
        {
            throw new ArgumentException($"rows has {rows.Rows} row(s); a surrogate needs at least 2.", nameof(rows));
        }

        var order = Enumerable.Range(0, rows.Rows).ToArray();
        var random = new Xoshiro256(options.Seed);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var holdout = Math.Min(rows.Rows - 1, (int)Math.Round(rows.Rows * options.HoldoutShare));
        var train = order[holdout..];
        var test = holdout == 0 ? train : order[..holdout];

        var builder = new CartBuilder(rows, targets, classCount, options);
        var nodes = builder.Build(train);
        return new SurrogateTreeResult
        {
            Target = target,
            Classification = classCount >= 2,
            ClassLabels = classLabels,
            FeatureNames = [.. names],
            Nodes = nodes,
            Fidelity = Fidelity(nodes, rows, targets, test, classCount >= 2),
            TrainingFidelity = Fidelity(nodes, rows, targets, train, classCount >= 2),
            TrainingRows = train.Length,
            HoldoutRows = test.Length,
        };
    }

    /// <summary>The tree's prediction for one row.</summary>
    internal static double Predict(ImmutableArray<SurrogateNode> nodes, ReadOnlySpan<float> x)
    {
        var node = 0;
        while (nodes[node].Feature >= 0)
        {
            node = x[nodes[node].Feature] <= nodes[node].Threshold ? nodes[node].Left : nodes[node].Right;
        }

        return nodes[node].Value;
    }

    private static double Fidelity(ImmutableArray<SurrogateNode> nodes, FloatMatrix rows, double[] targets, int[] indices, bool classification)
    {
        if (classification)
        {
            return (double)indices.Count(r => Predict(nodes, rows.Row(r)) == targets[r]) / indices.Length;
        }

        var mean = indices.Average(r => targets[r]);
        double residual = 0, total = 0;
        foreach (var r in indices)
        {
            var e = targets[r] - Predict(nodes, rows.Row(r));
            residual += e * e;
            total += (targets[r] - mean) * (targets[r] - mean);
        }

        return total == 0 ? double.NaN : 1 - (residual / total);
    }

    private static string[]? NamesOf(PredictorInfo info) => info.FeatureNames.Length == info.FeatureCount ? [.. info.FeatureNames] : null;
}
