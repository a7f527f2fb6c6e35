using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Robustness;

/// <summary>Small numeric helpers shared by the attacks: norms, float rounding, predictions, Gaussian draws.</summary>
internal static class Vectors
{
    public static double Norm(ReadOnlySpan<double> v, PerturbationNorm norm)
    {
        double result = 0;
        foreach (var x in v)
        {
            result = norm == PerturbationNorm.L2 ? result + (x * x) : Math.Max(result, Math.Abs(x));
        }

        return norm == PerturbationNorm.L2 ? Math.Sqrt(result) : result;
    }

    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, PerturbationNorm norm)
    {
        double result = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            result = norm == PerturbationNorm.L2 ? result + (d * d) : Math.Max(result, Math.Abs(d));
        }

        return norm == PerturbationNorm.L2 ? Math.Sqrt(result) : result;
    }

    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, PerturbationNorm norm)
    {
        double result = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            result = norm == PerturbationNorm.L2 ? result + (d * d) : Math.Max(result, Math.Abs(d));
        }

        return norm == PerturbationNorm.L2 ? Math.Sqrt(result) : result;
    }

    /// <summary>Rounds every value to the nearest float, so the row held is exactly the row the model is asked about.</summary>
    public static void ToFloat(Span<double> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)v[i];
        }
    }

    public static double[] Row(FloatMatrix matrix, int row)
    {
        var result = new double[matrix.Columns];
        var source = matrix.Row(row);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = source[i];
        }

        return result;
    }

    public static void SetRow(FloatMatrix matrix, int row, ReadOnlySpan<double> values)
    {
        var target = matrix.Row(row);
        for (var i = 0; i < values.Length; i++)
        {
            target[i] = (float)values[i];
        }
    }

    public static async ValueTask<int[]> PredictClassesAsync(IPredictor model, FloatMatrix inputs, CancellationToken cancellationToken)
    {
        var output = await model.PredictAsync(inputs, cancellationToken).ConfigureAwait(false);
        CheckOutput(model, output, inputs.Rows);
        var classes = new int[inputs.Rows];
        for (var r = 0; r < classes.Length; r++)
        {
            classes[r] = ModelTraining.ArgMax(output.Row(r));
        }

        return classes;
    }

    public static async ValueTask<FloatMatrix> PredictAsync(IPredictor model, FloatMatrix inputs, CancellationToken cancellationToken)
    {
        var output = await model.PredictAsync(inputs, cancellationToken).ConfigureAwait(false);
        CheckOutput(model, output, inputs.Rows);
        return output;
    }

    public static async ValueTask<int> PredictClassAsync(IPredictor model, double[] row, CancellationToken cancellationToken)
    {
        var input = new FloatMatrix(1, row.Length);
        SetRow(input, 0, row);
        return (await PredictClassesAsync(model, input, cancellationToken).ConfigureAwait(false))[0];
    }

    private static void CheckOutput(IPredictor model, FloatMatrix output, int rows)
    {
        if (output.Rows != rows || output.Columns < 2)
        {
            throw new PredictorException($"{model.Info.Source} answered {output.Rows} x {output.Columns} for {rows} rows; robustness evaluation needs one row of at least two class probabilities per input row.");
        }
    }
}
