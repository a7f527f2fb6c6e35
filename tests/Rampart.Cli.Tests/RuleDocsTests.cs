using Rampart.Cli;

namespace Rampart.Tests;

/// <summary>Every rule of every check the tool runs has a page at docs/rules/{Id}.md and a row in docs/rules/README.md.</summary>
public sealed class RuleDocsTests
{
    private static readonly string Docs = Path.Combine(RepositoryRoot(), "docs", "rules");

    public static TheoryData<string> Checks() => [.. Registry.Checks().Select(check => check.Descriptor.Id)];

    [Theory]
    [MemberData(nameof(Checks))]
    public void Rules_OfEachCheck_HavePagesAndIndexRows(string checkId)
    {
        var index = File.ReadAllText(Path.Combine(Docs, "README.md"));
        var rules = Registry.Checks().Single(check => check.Descriptor.Id == checkId).Descriptor.Rules;
        foreach (var rule in rules)
        {
            Assert.Matches("^RMP-[A-Z]{2,3}-[0-9]{3}$", rule.Id);
            var page = Path.Combine(Docs, rule.Id + ".md");
            Assert.True(File.Exists(page), $"{checkId}: {rule.Id} has no page at docs/rules/{rule.Id}.md");
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {rule.Id}: {rule.Name}\n", text, StringComparison.Ordinal);
            Assert.Contains($"| Default severity | {rule.DefaultSeverity.ToString().ToLowerInvariant()}", text, StringComparison.Ordinal);
            Assert.Contains($"| [{rule.Id}]({rule.Id}.md) | {rule.Name} |", index, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Pages_EachBelongToARule_NoOrphans()
    {
        var ids = Registry.Checks().SelectMany(check => check.Descriptor.Rules).Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.GetFiles(Docs, "RMP-*.md").Select(Path.GetFileNameWithoutExtension).Where(id => !ids.Contains(id!)).ToList();
        Assert.Empty(orphans);
    }

    [Fact]
    public void Ids_AcrossAllChecks_AreUnique()
    {
        var ids = Registry.Checks().SelectMany(check => check.Descriptor.Rules).Select(rule => rule.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
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
