using System.Text.RegularExpressions;
using Rampart.ModelFiles.Archives;
using Rampart.ModelFiles.Formats;

namespace Rampart.ModelFiles.Tests.Archives;

public sealed class ArchiveRulesTests
{
    [Fact]
    public void All_IdsAreUniqueAndInTheArchiveRange()
    {
        Assert.Equal(ArchiveRules.All.Length, ArchiveRules.All.Select(rule => rule.Id).Distinct().Count());
        Assert.All(ArchiveRules.All, rule => Assert.Matches(new Regex("^RMP-MF-2[0-9]{2}$"), rule.Id));
        Assert.All(ArchiveRules.All, rule => Assert.Same(rule, ScanRules.Find(rule.Id)));
    }

    [Fact]
    public void All_EveryRuleHasADocsPage()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Rampart.slnx")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        foreach (var rule in ArchiveRules.All)
        {
            var page = Path.Combine(root, "docs", "rules", rule.Id + ".md");
            Assert.True(File.Exists(page), $"missing {page}");
            Assert.StartsWith($"# {rule.Id}: {rule.Name}", File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ModelFormat.Zip)]
    [InlineData(ModelFormat.Tar)]
    [InlineData(ModelFormat.SevenZip)]
    [InlineData(ModelFormat.Gzip)]
    [InlineData(ModelFormat.Bzip2)]
    [InlineData(ModelFormat.Xz)]
    [InlineData(ModelFormat.Lzma)]
    [InlineData(ModelFormat.Zlib)]
    [InlineData(ModelFormat.Lz4)]
    public void FormatScanners_ArchiveFormat_HasAScanner(ModelFormat format) =>
        Assert.NotNull(FormatScanners.Find(format));
}
