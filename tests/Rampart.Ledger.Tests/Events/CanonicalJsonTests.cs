using System.Text;
using Rampart.Ledger.Events;

namespace Rampart.Ledger.Tests.Events;

/// <summary>RFC 8785 known answers: the section 3.2.2 and 3.2.3 examples and the Appendix B number table.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void Canonicalize_Rfc8785Section322Example_MatchesExactly()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

        var output = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input));

        Assert.Equal(expected, Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void Canonicalize_Rfc8785Section323SortingExample_OrdersByUtf16CodeUnits()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var output = Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input)));

        Assert.Equal(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
            output);
    }

    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void FormatNumber_Rfc8785AppendixB_MatchesEcmaScript(ulong bits, string expected)
    {
        Assert.Equal(expected, CanonicalJson.FormatNumber(BitConverter.UInt64BitsToDouble(bits)));
    }

    [Theory]
    [InlineData(0x7fffffffffffffffUL)]
    [InlineData(0x7ff0000000000000UL)]
    [InlineData(0xfff0000000000000UL)]
    public void FormatNumber_NaNOrInfinity_Throws(ulong bits)
    {
        Assert.Throws<FormatException>(() => CanonicalJson.FormatNumber(BitConverter.UInt64BitsToDouble(bits)));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate member name 'a'")]
    [InlineData("{\"a\":\"\\ud800\"}", "$.a")]
    [InlineData("[1e400]", "$[0]")]
    [InlineData("{\"a\":1} x", "JSON")]
    [InlineData("{", "JSON")]
    public void Canonicalize_InvalidInput_ThrowsNamingThePlace(string input, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonicalize_TooDeep_Throws()
    {
        var deep = new string('[', CanonicalJson.MaxDepth + 1) + new string(']', CanonicalJson.MaxDepth + 1);
        Assert.Throws<FormatException>(() => CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(deep)));
    }

    [Fact]
    public void Canonicalize_ControlCharacters_UseShortEscapesOrLowercaseHex()
    {
        var output = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes("\"\\u0008\\u0009\\u000a\\u000c\\u000d\\u001f\\u007f\""));
        Assert.Equal("\"\\b\\t\\n\\f\\r\\u001f\u007f\"", Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void Canonicalize_MutatedInputs_ThrowOnlyFormatExceptionAndAreIdempotent()
    {
        var seed = Encoding.UTF8.GetBytes("""{"numbers":[333333333.33333329,1E30,4.50,2e-3,-0,1e-7],"string":"\u20ac$\u000F\nA","nested":{"b":[true,false,null],"a":{}},"\ud83d\ude00":1}""");
        string[] tokens = ["\"", "\\u00", "{", "}", "[", "]", ",", ":", "1e400", "-0", "\\ud800", "null", "0.1", "E+", "\\n"];
        var random = new Random(20261130);
        var parsed = 0;
        for (var i = 0; i < 3000; i++)
        {
            var mutated = Rampart.Tests.SeededMutator.Mutate(seed, random, tokens, "{}[]\":,0123456789eE.-+az\\", maxDelete: 8, maxSplice: 30);
            byte[] once;
            try
            {
                once = CanonicalJson.Canonicalize(mutated);
            }
            catch (FormatException)
            {
                continue;
            }

            parsed++;
            Assert.Equal(once, CanonicalJson.Canonicalize(once));
        }

        Assert.True(parsed > 100, $"Only {parsed} mutations parsed; the fuzz test lost its power.");
    }
}
