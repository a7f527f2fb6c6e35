using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// The scalar an explanation is about, seen as a batch function f(rows) → one number per row: one output column of
/// an <see cref="IPredictor"/> (the probability of a class for a classifier, the score for a regressor), or any
/// function. Counts the rows it evaluates, so explainers can report their cost.
/// </summary>
public sealed class ExplainedOutput
{
    private readonly Func<FloatMatrix, CancellationToken, ValueTask<double[]>> _evaluate;
    private long _evaluations;

    private ExplainedOutput(int featureCount, string name, Func<FloatMatrix, CancellationToken, ValueTask<double[]>> evaluate)
    {
        FeatureCount = featureCount;
        Name = name;
        _evaluate = evaluate;
    }

    /// <summary>Number of input features per row.</summary>
    public int FeatureCount { get; }

    /// <summary>What is explained, for reports (for example <c>P(class = 1)</c>).</summary>
    public string Name { get; }

    /// <summary>Rows evaluated so far through this object.</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>One output column of a predictor: a class probability (classification) or a score (regression).</summary>
    /// <param name="predictor">The model; every evaluation is a counted query of it.</param>
    /// <param name="outputColumn">The output column; default 1 for a classifier with two classes (the favourable class), else 0.</param>
    /// <returns>The explained output.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="outputColumn"/> is not a column of the predictor.</exception>
    public static ExplainedOutput FromPredictor(IPredictor predictor, int? outputColumn = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var info = predictor.Info;
        var column = outputColumn ?? (info.Kind == PredictionKind.Classification && info.OutputCount == 2 ? 1 : 0);
        if (column < 0 || column >= info.OutputCount)
        {
            throw new ArgumentOutOfRangeException(nameof(outputColumn), column, $"The model has {info.OutputCount} output columns; outputColumn must be in [0, {info.OutputCount - 1}].");
        }

        var name = info.Kind == PredictionKind.Classification
            ? $"P(class = {(info.ClassLabels.Length > column ? info.ClassLabels[column] : column.ToString(System.Globalization.CultureInfo.InvariantCulture))})"
            : info.OutputCount == 1 ? "score" : $"score[{column}]";
        return new ExplainedOutput(info.FeatureCount, name, async (rows, token) =>
        {
            var output = await predictor.PredictAsync(rows, token).ConfigureAwait(false);
            if (output.Rows != rows.Rows || output.Columns <= column)
            {
                throw new PredictorException($"The model returned {output.Rows} x {output.Columns} outputs for {rows.Rows} rows; expected {rows.Rows} x {info.OutputCount}.");
            }

            var result = new double[rows.Rows];
            for (var r = 0; r < result.Length; r++)
            {
                result[r] = output[r, column];
            }

            return result;
        });
    }

    /// <summary>Any synchronous batch function.</summary>
    /// <param name="featureCount">Input features per row (1 or more).</param>
    /// <param name="function">Rows in, one value per row out.</param>
    /// <param name="name">What the function gives, for reports.</param>
    /// <returns>The explained output.</returns>
    public static ExplainedOutput FromFunction(int featureCount, Func<FloatMatrix, double[]> function, string name = "f(x)")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(name);
        return new ExplainedOutput(featureCount, name, (rows, _) => ValueTask.FromResult(function(rows)));
    }

    /// <summary>Evaluates a batch.</summary>
    /// <param name="rows">Rows x <see cref="FeatureCount"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One value per row.</returns>
    /// <exception cref="ArgumentException">When the width is wrong.</exception>
    /// <exception cref="InvalidOperationException">When the function returns the wrong number of values or a NaN.</exception>
    public async ValueTask<double[]> EvaluateAsync(FloatMatrix rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Columns != FeatureCount)
        {
            throw new ArgumentException($"rows has {rows.Columns} columns; the explained model takes {FeatureCount} features.", nameof(rows));
        }

        if (rows.Rows == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Add(ref _evaluations, rows.Rows);
        var values = await _evaluate(rows, cancellationToken).ConfigureAwait(false);
        if (values.Length != rows.Rows)
        {
            throw new InvalidOperationException($"The model gave {values.Length} outputs for {rows.Rows} rows.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new InvalidOperationException($"The model's output for row {i} of a batch is NaN; explanations need defined outputs.");
            }
        }

        return values;
    }
}
