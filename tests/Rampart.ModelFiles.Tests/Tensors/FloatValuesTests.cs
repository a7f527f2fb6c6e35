using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.Tests.Tensors;

public sealed class FloatValuesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Count_NativeFastPath_AgreesWithBigEndianConversionPath(int kindNumber)
    {
        var kind = (FloatKind)kindNumber;
        // Random bit patterns hit NaN, infinities and extreme values often; the big-endian path converts each
        // element to a double, the native path tests bits, and both must agree exactly.
        var random = new Random(7);
        var size = FloatValues.Size(kind);
        var bytes = new byte[size * 20_000];
        random.NextBytes(bytes);
        var swapped = (byte[])bytes.Clone();
        for (var i = 0; i < swapped.Length; i += size)
        {
            Array.Reverse(swapped, i, size);
        }

        var native = FloatValues.Count(bytes, kind, bigEndian: false);
        var converted = FloatValues.Count(swapped, kind, bigEndian: true);

        Assert.Equal(converted, native);
        Assert.Equal(20_000, native.Values);
        Assert.True(native.NaN > 0 && native.Infinite >= 0);
    }

    [Fact]
    public void Count_ExactValues_AreClassified()
    {
        double[] values = [0, -1e30, 1e30, 1.0000001e30, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -2e31];
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        Assert.Equal(new FloatStats(8, 1, 2, 2), FloatValues.Count(bytes, FloatKind.Float64, bigEndian: false));
    }
}
