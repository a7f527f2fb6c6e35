using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Tests.ML.Training;

/// <summary>Small deterministic datasets for the trainer tests.</summary>
internal static class TrainingFixtures
{
    /// <summary>Two Gaussian blobs in 2-D, overlapping a little; labels 0/1.</summary>
    public static TrainingSet Blobs(int rows, int seed, float[]? weights = null)
    {
        var random = new Random(seed);
        var x = new FloatMatrix(rows, 2);
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            var label = i % 2;
            y[i] = label;
            x[i, 0] = (float)(Gaussian(random) + (label == 1 ? 1.5 : -1.5));
            x[i, 1] = (float)(Gaussian(random) + (label == 1 ? 0.5 : -0.5));
        }

        return new TrainingSet(x, y, 2, weights);
    }

    /// <summary>Three classes in three corners of the plane.</summary>
    public static TrainingSet ThreeClasses(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new FloatMatrix(rows, 2);
        var y = new float[rows];
        (double X, double Y)[] centres = [(0, 3), (-3, -2), (3, -2)];
        for (var i = 0; i < rows; i++)
        {
            var label = i % 3;
            y[i] = label;
            x[i, 0] = (float)(Gaussian(random) + centres[label].X);
            x[i, 1] = (float)(Gaussian(random) + centres[label].Y);
        }

        return new TrainingSet(x, y, 3);
    }

    /// <summary>XOR of the signs of two features: not linearly separable.</summary>
    public static TrainingSet Xor(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new FloatMatrix(rows, 2);
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            var a = (float)((random.NextDouble() * 2) - 1);
            var b = (float)((random.NextDouble() * 2) - 1);
            x[i, 0] = a;
            x[i, 1] = b;
            y[i] = (a > 0) ^ (b > 0) ? 1 : 0;
        }

        return new TrainingSet(x, y, 2);
    }

    public static double Accuracy(FloatMatrix probabilities, float[] labels)
    {
        var correct = 0;
        for (var r = 0; r < probabilities.Rows; r++)
        {
            var row = probabilities.Row(r);
            var best = 0;
            for (var k = 1; k < row.Length; k++)
            {
                if (row[k] > row[best])
                {
                    best = k;
                }
            }

            correct += best == (int)labels[r] ? 1 : 0;
        }

        return (double)correct / probabilities.Rows;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
