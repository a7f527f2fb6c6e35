using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Fairness;

/// <summary>Percentile intervals from a replicate-major matrix of bootstrap values (NaN = undefined in that replicate).</summary>
internal static class BootstrapIntervals
{
    public static ConfidenceInterval?[] Percentile(double[] replicates, int replicateCount, int valueCount, double level)
    {
        var result = new ConfidenceInterval?[valueCount];
        if (replicateCount == 0)
        {
            return result;
        }

        var column = new double[replicateCount];
        for (var v = 0; v < valueCount; v++)
        {
            var defined = 0;
            for (var r = 0; r < replicateCount; r++)
            {
                var x = replicates[(r * valueCount) + v];
                if (!double.IsNaN(x))
                {
                    column[defined++] = x;
                }
            }

            if (defined == 0)
            {
                continue;
            }

            var span = column.AsSpan(0, defined);
            span.Sort();
            result[v] = new ConfidenceInterval
            {
                Lower = Sampling.Quantile(span, (1 - level) / 2),
                Upper = Sampling.Quantile(span, (1 + level) / 2),
                Level = level,
                Replicates = replicateCount,
                DefinedReplicates = defined,
            };
        }

        return result;
    }
}
