namespace Rampart.ML.Data;

/// <summary>
/// A HyperLogLog distinct-count sketch (Flajolet et al. 2007) with 2^12 registers: about 1.6 % standard error in
/// 4 KiB, with the linear-counting correction for small counts. Hashing is fixed (FNV-1a then a 64-bit finaliser),
/// so estimates are the same on every run.
/// </summary>
internal sealed class HyperLogLog
{
    private const int Bits = 12;
    private const int Registers = 1 << Bits;
    private readonly byte[] _registers = new byte[Registers];

    public void Add(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var index = (int)(hash >> (64 - Bits));
        var rank = (byte)(ulong.LeadingZeroCount((hash << Bits) | (1UL << (Bits - 1))) + 1);
        if (rank > _registers[index])
        {
            _registers[index] = rank;
        }
    }

    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += 1.0 / (1UL << r);
            zeros += r == 0 ? 1 : 0;
        }

        const double alpha = 0.7213 / (1 + (1.079 / Registers));
        var estimate = alpha * Registers * Registers / sum;
        if (estimate <= 2.5 * Registers && zeros > 0)
        {
            estimate = Registers * Math.Log((double)Registers / zeros);
        }

        return (long)Math.Round(estimate);
    }

    internal static ulong Hash(ReadOnlySpan<byte> value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in value)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        // MurmurHash3's finaliser spreads FNV's weak low bits over the whole word.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
