
namespace Rampart.ModelFiles.Tests.Core;

public sealed class GlobTests
{
    [Theory]
    [InlineData("*.pkl", "a/b/model.pkl", true)]
    [InlineData("*.pkl", "a/b/model.pt", false)]
    [InlineData("a/*.pkl", "a/model.pkl", true)]
    [InlineData("a/*.pkl", "a/b/model.pkl", false)]
    [InlineData("a/**/*.pkl", "a/b/c/model.pkl", true)]
    [InlineData("a/**/*.pkl", "a/model.pkl", true)]
    [InlineData("**/data/?", "x/data/0", true)]
    [InlineData(".git", "sub/.git", true)]
    public void IsMatch_Patterns_MatchAsDocumented(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new Glob(pattern).IsMatch(path));
}
