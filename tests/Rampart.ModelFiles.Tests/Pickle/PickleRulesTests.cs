using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.Pickle;

namespace Rampart.ModelFiles.Tests.Pickle;

public sealed class PickleRulesTests
{
    [Fact]
    public void All_RulesAreInRangeUniqueRegisteredAndDocumented()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Rampart.slnx")))
        {
            root = root.Parent!;
        }

        var docs = Path.Combine(root.FullName, "docs", "rules");

        Assert.Equal(PickleRules.All.Length, PickleRules.All.Select(rule => rule.Id).Distinct().Count());
        foreach (var rule in PickleRules.All)
        {
            Assert.Matches("^RMP-MF-1[0-9][0-9]$", rule.Id);
            Assert.Same(rule, ScanRules.Find(rule.Id));
            var page = File.ReadAllText(Path.Combine(docs, $"{rule.Id}.md"));
            Assert.StartsWith($"# {rule.Id}: {rule.Name}", page, StringComparison.Ordinal);
        }

        Assert.IsType<PickleScanner>(FormatScanners.Find(ModelFormat.Pickle));
    }
}
