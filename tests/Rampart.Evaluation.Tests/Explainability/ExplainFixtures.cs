using Rampart.Evaluation.Explainability;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Tests.Explainability;

/// <summary>Small models and data for the explainability tests.</summary>
internal static class ExplainFixtures
{
    public static FloatMatrix Matrix(double[,] values)
    {
        var m = new FloatMatrix(values.GetLength(0), values.GetLength(1));
        for (var r = 0; r < m.Rows; r++)
        {
            for (var c = 0; c < m.Columns; c++)
            {
                m[r, c] = (float)values[r, c];
            }
        }

        return m;
    }

    /// <summary>Rows of uniform values in [−2, 2), quantised to 1/8 so float32 holds them exactly.</summary>
    public static FloatMatrix Random(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new FloatMatrix(rows, columns);
        for (var i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = random.Next(-16, 16) / 8f;
        }

        return m;
    }

    public static ExplainedOutput Function(int features, Func<float[], double> f) =>
        ExplainedOutput.FromFunction(features, rows =>
        {
            var result = new double[rows.Rows];
            for (var r = 0; r < rows.Rows; r++)
            {
                result[r] = f(rows.Row(r).ToArray());
            }

            return result;
        });

    public static void AssertClose(ShapExplanation expected, ShapExplanation actual, double tolerance)
    {
        Assert.Equal(expected.Rows.Length, actual.Rows.Length);
        Assert.Equal(expected.BaseValue, actual.BaseValue, tolerance);
        for (var r = 0; r < expected.Rows.Length; r++)
        {
            for (var i = 0; i < expected.FeatureNames.Length; i++)
            {
                Assert.True(
                    Math.Abs(expected.Rows[r].Contributions[i] - actual.Rows[r].Contributions[i]) <= tolerance,
                    $"row {r} feature {i}: expected {expected.Rows[r].Contributions[i]:R}, got {actual.Rows[r].Contributions[i]:R}");
            }
        }
    }

    public static void AssertEfficient(ShapExplanation explanation, double tolerance)
    {
        foreach (var row in explanation.Rows)
        {
            Assert.Equal(row.Prediction - explanation.BaseValue, row.Contributions.Sum(), tolerance);
        }
    }
}

/// <summary>An <see cref="IPredictor"/> over a delegate, for tests (regression: one output; classification: given columns).</summary>
internal sealed class DelegatePredictor(int features, int outputs, PredictionKind kind, Func<float[], float[]> f) : IPredictor
{
    public PredictorInfo Info { get; } = new() { FeatureCount = features, Kind = kind, OutputCount = outputs, Source = "test" };

    public QueryCounter Queries { get; } = new();

    public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken)
    {
        Queries.Charge(inputs.Rows);
        var output = new FloatMatrix(inputs.Rows, outputs);
        for (var r = 0; r < inputs.Rows; r++)
        {
            f(inputs.Row(r).ToArray()).CopyTo(output.Row(r));
        }

        return ValueTask.FromResult(output);
    }
}
