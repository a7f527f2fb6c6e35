using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Tests.Mitigation;

internal static class MitigationFixtures
{
    /// <summary>
    /// A planted group bias: group "b" has a lower base rate and its scores are shifted down, so thresholding at 0.5
    /// selects "b" far less often. Features x1, x2 drive the label; x3 is a proxy of the group.
    /// </summary>
    public static (double[] Scores, int[] Labels, SensitiveFeature Group, float[][] Features) Biased(int rows, int seed)
    {
        var random = new Random(seed);
        var scores = new double[rows];
        var labels = new int[rows];
        var groups = new string[rows];
        var features = new float[rows][];
        for (var i = 0; i < rows; i++)
        {
            var b = random.NextDouble() < 0.4;
            groups[i] = b ? "b" : "a";
            var x1 = Gaussian(random);
            var x2 = Gaussian(random);
            var proxy = (b ? 1.0 : 0.0) + (0.5 * Gaussian(random));
            var logit = (1.5 * x1) + (0.8 * x2) + (b ? -1.2 : 0.4);
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            scores[i] = 1 / (1 + Math.Exp(-(logit + (0.6 * Gaussian(random)))));
            features[i] = [(float)x1, (float)x2, (float)proxy];
        }

        return (scores, labels, SensitiveFeature.FromValues("group", groups), features);
    }

    public static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Mean of <paramref name="values"/> over the rows of <paramref name="group"/> where <paramref name="filter"/> holds.</summary>
    public static double MeanWhere(double[] values, SensitiveFeature feature, string group, Func<int, bool> filter)
    {
        var code = feature.Groups.IndexOf(group);
        var rows = Enumerable.Range(0, values.Length).Where(i => feature.Codes[i] == code && filter(i)).ToArray();
        return rows.Average(i => values[i]);
    }
}
