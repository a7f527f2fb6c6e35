using Rampart.ModelFiles.Gguf;
using Rampart.ModelFiles.NumPy;
using Rampart.ModelFiles.Onnx;
using Rampart.ModelFiles.SafeTensors;

namespace Rampart.ModelFiles.Tests.Tensors;

public sealed class TensorRulesTests
{
    public static TheoryData<string, int, int> Areas() => new()
    {
        { "npy", 300, 399 },
        { "onnx", 400, 499 },
        { "safetensors", 500, 599 },
        { "gguf", 600, 699 },
    };

    private static System.Collections.Immutable.ImmutableArray<ScanRule> RulesOf(string area) => area switch
    {
        "npy" => NpyRules.All,
        "onnx" => OnnxRules.All,
        "safetensors" => SafeTensorsRules.All,
        _ => GgufRules.All,
    };

    [Theory]
    [MemberData(nameof(Areas))]
    public void Rules_IdsInRangeUniqueRegisteredAndDocumented(string area, int first, int last)
    {
        var rules = RulesOf(area);
        Assert.Equal(rules.Length, rules.Select(rule => rule.Id).Distinct().Count());
        var docs = Path.Combine(RepositoryRoot(), "docs", "rules");
        foreach (var rule in rules)
        {
            var number = int.Parse(rule.Id["RMP-MF-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(number, first, last);
            Assert.Same(rule, ScanRules.Find(rule.Id));
            var page = Path.Combine(docs, rule.Id + ".md");
            Assert.True(File.Exists(page), $"{rule.Id} has no page");
            Assert.StartsWith($"# {rule.Id}: {rule.Name}", File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rampart.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
