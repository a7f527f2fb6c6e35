using System.Buffers.Binary;

namespace Rampart.ModelFiles.Tensors;

/// <summary>
/// Streams a tensor's bytes and counts NaN, infinite and extreme values without holding the tensor in memory
/// (used only with <see cref="ScanOptions.Deep"/>).
/// </summary>
internal static class FloatValues
{
    /// <summary>Finite values above this magnitude are counted as extreme.</summary>
    public const double ExtremeMagnitude = 1e30;

    private const int ChunkBytes = 1 << 16;

    /// <summary>Bytes per element of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>2, 4 or 8.</returns>
    public static int Size(FloatKind kind) => kind switch
    {
        FloatKind.Float16 or FloatKind.BFloat16 => 2,
        FloatKind.Float32 => 4,
        _ => 8,
    };

    /// <summary>Counts the values in <c>[start, start + length)</c> of the stream; a trailing partial element is ignored.</summary>
    /// <param name="stream">Seekable data.</param>
    /// <param name="start">First byte.</param>
    /// <param name="length">Bytes.</param>
    /// <param name="kind">The element encoding.</param>
    /// <param name="bigEndian">Whether elements are big-endian.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <returns>The counts.</returns>
    public static FloatStats Count(Stream stream, long start, long length, FloatKind kind, bool bigEndian, CancellationToken cancellationToken)
    {
        var size = Size(kind);
        var chunk = new byte[ChunkBytes];
        var stats = default(FloatStats);
        var remaining = length - (length % size);
        stream.Position = start;
        while (remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var take = (int)Math.Min(ChunkBytes, remaining);
            stream.ReadExactly(chunk, 0, take);
            stats += Count(chunk.AsSpan(0, take), kind, bigEndian);
            remaining -= take;
        }

        return stats;
    }

    /// <summary>Counts the values in a buffer whose length is a multiple of the element size.</summary>
    /// <param name="bytes">The elements.</param>
    /// <param name="kind">The element encoding.</param>
    /// <param name="bigEndian">Whether elements are big-endian.</param>
    /// <returns>The counts.</returns>
    public static FloatStats Count(ReadOnlySpan<byte> bytes, FloatKind kind, bool bigEndian)
    {
        if (bigEndian == !BitConverter.IsLittleEndian)
        {
            return CountNative(bytes, kind);
        }

        long values = 0, nan = 0, infinite = 0, extreme = 0;
        var size = Size(kind);
        for (var i = 0; i + size <= bytes.Length; i += size)
        {
            var element = bytes.Slice(i, size);
            values++;
            switch (kind)
            {
                case FloatKind.Float16:
                    Classify16(bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(element) : BinaryPrimitives.ReadUInt16LittleEndian(element), 10, ref nan, ref infinite);
                    break;
                case FloatKind.BFloat16:
                    var bf = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(element) : BinaryPrimitives.ReadUInt16LittleEndian(element);
                    Classify(BitConverter.UInt32BitsToSingle((uint)bf << 16), ref nan, ref infinite, ref extreme);
                    break;
                case FloatKind.Float32:
                    Classify(bigEndian ? BinaryPrimitives.ReadSingleBigEndian(element) : BinaryPrimitives.ReadSingleLittleEndian(element), ref nan, ref infinite, ref extreme);
                    break;
                default:
                    Classify(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(element) : BinaryPrimitives.ReadDoubleLittleEndian(element), ref nan, ref infinite, ref extreme);
                    break;
            }
        }

        return new FloatStats(values, nan, infinite, extreme);
    }

    private static readonly uint Extreme32 = LargestAtMost32(ExtremeMagnitude);
    private static readonly ulong Extreme64 = BitConverter.DoubleToUInt64Bits(ExtremeMagnitude);

    private static uint LargestAtMost32(double limit)
    {
        var bits = BitConverter.SingleToUInt32Bits((float)limit);
        return BitConverter.UInt32BitsToSingle(bits) > limit ? bits - 1 : bits;
    }

    // Bit tests on the native-endian elements: the same classification as Classify, without conversions.
    private static FloatStats CountNative(ReadOnlySpan<byte> bytes, FloatKind kind)
    {
        long nan = 0, infinite = 0, extreme = 0, values;
        switch (kind)
        {
            case FloatKind.Float32:
                var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bytes);
                values = words.Length;
                foreach (var word in words)
                {
                    var magnitude = word & 0x7FFF_FFFF;
                    if (magnitude > Extreme32)
                    {
                        if (magnitude < 0x7F80_0000)
                        {
                            extreme++;
                        }
                        else if (magnitude == 0x7F80_0000)
                        {
                            infinite++;
                        }
                        else
                        {
                            nan++;
                        }
                    }
                }

                break;
            case FloatKind.Float64:
                var longs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes);
                values = longs.Length;
                foreach (var word in longs)
                {
                    var magnitude = word & 0x7FFF_FFFF_FFFF_FFFF;
                    if (magnitude > Extreme64)
                    {
                        if (magnitude < 0x7FF0_0000_0000_0000)
                        {
                            extreme++;
                        }
                        else if (magnitude == 0x7FF0_0000_0000_0000)
                        {
                            infinite++;
                        }
                        else
                        {
                            nan++;
                        }
                    }
                }

                break;
            default:
                var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes);
                values = halves.Length;
                var bfloat = kind == FloatKind.BFloat16;
                var infinity = bfloat ? 0x7F80 : 0x7C00;
                foreach (var half in halves)
                {
                    var magnitude = half & 0x7FFF;
                    if (magnitude >= infinity)
                    {
                        if (magnitude == infinity)
                        {
                            infinite++;
                        }
                        else
                        {
                            nan++;
                        }
                    }
                    else if (bfloat && (uint)magnitude << 16 > Extreme32)
                    {
                        extreme++;
                    }
                }

                break;
        }

        return new FloatStats(values, nan, infinite, extreme);
    }

    /// <summary>Classifies one value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The counts for it.</returns>
    public static FloatStats Of(double value)
    {
        long nan = 0, infinite = 0, extreme = 0;
        Classify(value, ref nan, ref infinite, ref extreme);
        return new FloatStats(1, nan, infinite, extreme);
    }

    /// <summary>Classifies one half-precision value given by its bits.</summary>
    /// <param name="bits">The 16 bits.</param>
    /// <returns>The counts for it.</returns>
    public static FloatStats OfHalfBits(ushort bits)
    {
        long nan = 0, infinite = 0;
        Classify16(bits, 10, ref nan, ref infinite);
        return new FloatStats(1, nan, infinite, 0);
    }

    /// <summary>Classifies one bfloat16 value given by its bits.</summary>
    /// <param name="bits">The 16 bits.</param>
    /// <returns>The counts for it.</returns>
    public static FloatStats OfBFloat16Bits(ushort bits) => Of(BitConverter.UInt32BitsToSingle((uint)bits << 16));

    private static void Classify16(ushort bits, int mantissaBits, ref long nan, ref long infinite)
    {
        // Half precision: 5 exponent bits; all ones is infinity (mantissa 0) or NaN. Its largest finite value is
        // 65504, so no half is extreme.
        var exponent = (bits >> mantissaBits) & 0x1F;
        if (exponent == 0x1F)
        {
            if ((bits & ((1 << mantissaBits) - 1)) == 0)
            {
                infinite++;
            }
            else
            {
                nan++;
            }
        }
    }

    private static void Classify(double value, ref long nan, ref long infinite, ref long extreme)
    {
        if (double.IsNaN(value))
        {
            nan++;
        }
        else if (double.IsInfinity(value))
        {
            infinite++;
        }
        else if (Math.Abs(value) > ExtremeMagnitude)
        {
            extreme++;
        }
    }
}
