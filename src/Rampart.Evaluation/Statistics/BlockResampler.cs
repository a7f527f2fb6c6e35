namespace Rampart.Evaluation.Statistics;

/// <summary>
/// Sums over a bootstrap resample (n draws with replacement) of a block of values, drawn exactly but cache-friendly:
/// the n draws are split between the two halves of the block by a binomial, recursively, down to runs of at most
/// <see cref="LeafSize"/> values, where the draws pick uniformly within the run. The counts per run then follow the
/// same multinomial as n uniform draws over the whole block, so the resample has the textbook distribution.
/// </summary>
internal static class BlockResampler
{
    public const int LeafSize = 64;

    /// <summary>The sums of |x|, x² and x over <paramref name="draws"/> draws with replacement from <paramref name="values"/>.</summary>
    public static (double Abs, double Square, double Sum) Sums(Xoshiro256 random, ReadOnlySpan<double> values, long draws)
    {
        var sums = default(Accumulator);
        Split(random, values, draws, ref sums);
        return (sums.Abs, sums.Square, sums.Sum);
    }

    private static void Split(Xoshiro256 random, ReadOnlySpan<double> values, long draws, ref Accumulator sums)
    {
        if (draws == 0)
        {
            return;
        }

        if (values.Length <= LeafSize)
        {
            for (long k = 0; k < draws; k++)
            {
                var x = values[random.NextInt(values.Length)];
                sums.Abs += Math.Abs(x);
                sums.Square += x * x;
                sums.Sum += x;
            }

            return;
        }

        var half = values.Length / 2;
        var left = Sampling.Binomial(random, draws, (double)half / values.Length);
        Split(random, values[..half], left, ref sums);
        Split(random, values[half..], draws - left, ref sums);
    }

    private struct Accumulator
    {
        public double Abs;
        public double Square;
        public double Sum;
    }
}
