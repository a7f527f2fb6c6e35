namespace Rampart.Evaluation.Statistics;

/// <summary>
/// Exact binomial and multinomial draws from a seeded <see cref="Xoshiro256"/>: inversion when n·min(p, 1-p) is below
/// 10, else Hörmann's BTRS transformed rejection with squeeze (1993), which is exact, not a normal approximation.
/// </summary>
internal static class Sampling
{
    private static readonly double[] SmallLogFactorials = BuildLogFactorials(256);

    /// <summary>A draw from Binomial(n, p).</summary>
    public static long Binomial(Xoshiro256 random, long n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        if (p > 0.5)
        {
            return n - Binomial(random, n, 1 - p);
        }

        return n * p < 10 ? Inversion(random, n, p) : Btrs(random, n, p);
    }

    /// <summary>
    /// Fills <paramref name="result"/> with a draw from Multinomial(n, counts / sum(counts)) by conditional
    /// binomials: cell k gets Binomial(n left, p_k / (mass left)).
    /// </summary>
    public static void Multinomial(Xoshiro256 random, long n, ReadOnlySpan<long> counts, Span<long> result)
    {
        double mass = 0;
        foreach (var c in counts)
        {
            mass += c;
        }

        var left = n;
        for (var k = 0; k < counts.Length; k++)
        {
            if (k == counts.Length - 1 || left == 0)
            {
                result[k] = k == counts.Length - 1 ? left : 0;
                continue;
            }

            var x = mass > 0 ? Binomial(random, left, counts[k] / mass) : 0;
            result[k] = x;
            left -= x;
            mass -= counts[k];
        }
    }

    /// <summary>ln(k!), exact from a table below 256 and by Stirling's series (error below 1e-15) above.</summary>
    public static double LogFactorial(long k)
    {
        if (k < SmallLogFactorials.Length)
        {
            return SmallLogFactorials[k];
        }

        double x = k;
        var inv = 1 / x;
        var inv2 = inv * inv;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)) + (inv * ((1.0 / 12) - (inv2 * ((1.0 / 360) - (inv2 / 1260)))));
    }

    private static double[] BuildLogFactorials(int count)
    {
        var table = new double[count];
        for (var i = 2; i < count; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }

    private static long Inversion(Xoshiro256 random, long n, double p)
    {
        var q = 1 - p;
        var s = p / q;
        var a = (n + 1) * s;
        while (true)
        {
            var r = Math.Pow(q, n);
            var u = random.NextDouble();
            long x = 0;
            while (u > r)
            {
                u -= r;
                x++;
                if (x > n)
                {
                    break;
                }

                r *= (a / x) - s;
            }

            if (x <= n)
            {
                return x;
            }
        }
    }

    private static long Btrs(Xoshiro256 random, long n, double p)
    {
        var q = 1 - p;
        var spq = Math.Sqrt(n * p * q);
        var b = 1.15 + (2.53 * spq);
        var a = -0.0873 + (0.0248 * b) + (0.01 * p);
        var c = (n * p) + 0.5;
        var vr = 0.92 - (4.2 / b);
        var alpha = (2.83 + (5.1 / b)) * spq;
        var lpq = Math.Log(p / q);
        var m = (long)Math.Floor((n + 1) * p);
        var h = LogFactorial(m) + LogFactorial(n - m);
        while (true)
        {
            var u = random.NextDouble() - 0.5;
            var v = random.NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = (long)Math.Floor((((2 * a) / us) + b) * u + c);
            if (k < 0 || k > n)
            {
                continue;
            }

            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            if (v <= 0)
            {
                continue;
            }

            v = Math.Log(v * alpha / ((a / (us * us)) + b));
            if (v <= h - LogFactorial(k) - LogFactorial(n - k) + ((k - m) * lpq))
            {
                return k;
            }
        }
    }

    /// <summary>A seed for stream <paramref name="stream"/> derived from a user seed by SplitMix64, so streams do not overlap.</summary>
    public static int DeriveSeed(int seed, int stream)
    {
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)stream + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    /// <summary>A stable stream number for a name (FNV-1a over its UTF-16 code units; not the randomised string hash).</summary>
    public static int StreamOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>The q-quantile of sorted values by linear interpolation (numpy's default, type 7).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
