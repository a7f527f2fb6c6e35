using System.Text;
using Rampart.ML.Http;

namespace Rampart.Tests.ML.Http;

public sealed class NonFiniteTokensTests
{
    [Theory]
    [InlineData("[NaN,Infinity,-Infinity]", "[\"NaN\",\"Infinity\",\"-Infinity\"]")]
    [InlineData("{\"a\": NaN}", "{\"a\": \"NaN\"}")]
    [InlineData("[ -Infinity ]", "[ \"-Infinity\" ]")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData("[\"NaN\", \"Infinity in a string\"]", "[\"NaN\", \"Infinity in a string\"]")]
    [InlineData("[\"a \\\" NaN \\\\\", NaN]", "[\"a \\\" NaN \\\\\", \"NaN\"]")]
    [InlineData("{\"NaN\":1}", "{\"NaN\":1}")]
    [InlineData("[NaNa, Infinityx]", "[NaNa, Infinityx]")]
    [InlineData("[1.5, -2, true, null]", "[1.5, -2, true, null]")]
    public void Quote_Tokens_QuotesOnlyBareTokensOutsideStrings(string input, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(NonFiniteTokens.Quote(Encoding.UTF8.GetBytes(input))));
    }

    [Fact]
    public void Quote_NothingToQuote_ReturnsSameArray()
    {
        var json = Encoding.UTF8.GetBytes("{\"outputs\":[1,2,3]}");
        Assert.Same(json, NonFiniteTokens.Quote(json));
    }
}
