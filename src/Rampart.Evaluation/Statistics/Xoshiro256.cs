namespace Rampart.Evaluation.Statistics;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64, with Lemire's unbiased bounded integers. Used where
/// bootstraps draw many numbers, since a seeded <see cref="Random"/> costs tens of nanoseconds per draw.
/// </summary>
internal sealed class Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256(int seed)
    {
        var x = (ulong)(uint)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n), unbiased (Lemire 2019).</summary>
    public int NextInt(int n)
    {
        var bound = (ulong)n;
        var product = Math.BigMul(NextUInt64() & 0xFFFFFFFFUL, bound);
        var low = product & 0xFFFFFFFFUL;
        if (low < bound)
        {
            var threshold = (0x1_0000_0000UL - bound) % bound;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64() & 0xFFFFFFFFUL, bound);
                low = product & 0xFFFFFFFFUL;
            }
        }

        return (int)(product >> 32);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        var z = x;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
