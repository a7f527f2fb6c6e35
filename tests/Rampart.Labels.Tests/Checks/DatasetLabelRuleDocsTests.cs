using Rampart.Labels.Checks;

namespace Rampart.Labels.Tests.Checks;

/// <summary>Every dataset label rule has a page at docs/rules/{Id}.md and a row in docs/rules/README.md.</summary>
public sealed class DatasetLabelRuleDocsTests
{
    [Fact]
    public void All_Rules_HavePagesAndIndexRows()
    {
        var docs = Path.Combine(RepositoryRoot(), "docs", "rules");
        var index = File.ReadAllText(Path.Combine(docs, "README.md"));
        Assert.Equal(DatasetLabelRules.All.Length, DatasetLabelRules.All.Select(r => r.Id).Distinct().Count());
        foreach (var rule in DatasetLabelRules.All)
        {
            Assert.Matches("^RMP-DL-[0-9]{3}$", rule.Id);
            var page = Path.Combine(docs, rule.Id + ".md");
            Assert.True(File.Exists(page), $"{rule.Id} has no page at docs/rules/{rule.Id}.md");
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {rule.Id}: {rule.Name}\n", text, StringComparison.Ordinal);
            Assert.Contains($"| Default severity | {rule.DefaultSeverity.ToString().ToLowerInvariant()}", text, StringComparison.Ordinal);
            Assert.Contains($"| [{rule.Id}]({rule.Id}.md) | {rule.Name} | {rule.DefaultSeverity.ToString().ToLowerInvariant()}", index, StringComparison.Ordinal);
        }

        var orphans = Directory.GetFiles(docs, "RMP-DL-*.md").Select(Path.GetFileNameWithoutExtension).Where(id => DatasetLabelRules.All.All(r => r.Id != id)).ToList();
        Assert.Empty(orphans);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampart.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Rampart.slnx not found above " + AppContext.BaseDirectory);
    }
}
