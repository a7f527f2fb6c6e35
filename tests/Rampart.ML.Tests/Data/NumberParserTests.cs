using System.Globalization;
using System.Text;
using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

public sealed class NumberParserTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("42")]
    [InlineData("+7.5")]
    [InlineData("3.14159265358979")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1e10")]
    [InlineData("1E-5")]
    [InlineData("12345678901234567890123")]
    [InlineData("0.1")]
    [InlineData("9007199254740993")]
    [InlineData("1e400")]
    [InlineData(" 12 ")]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    [InlineData("1,5")]
    [InlineData("1e")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("0x10")]
    public void TryParseDouble_AgreesWithTheBcl(string text)
    {
        var expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);

        var ok = NumberParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out var actual);

        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Fact]
    public void TryParseDouble_RandomDecimals_AreBitExact()
    {
        var random = new Random(20261130);
        for (var i = 0; i < 20_000; i++)
        {
            var digits = random.Next(1, 21);
            var builder = new StringBuilder(random.Next(4) == 0 ? "-" : string.Empty);
            var point = random.Next(digits + 1);
            for (var d = 0; d < digits; d++)
            {
                if (d == point && d > 0)
                {
                    builder.Append('.');
                }

                builder.Append((char)('0' + random.Next(10)));
            }

            if (random.Next(5) == 0)
            {
                builder.Append('e').Append(random.Next(-30, 31));
            }

            var text = builder.ToString();
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(NumberParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out var actual), text);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{text}: {expected:R} vs {actual:R}");
        }
    }
}
