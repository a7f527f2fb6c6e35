using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.Keras;
using Rampart.ModelFiles.TensorFlow;
using Rampart.ModelFiles.Tests.TensorFlow;

namespace Rampart.ModelFiles.Tests.Keras;

public sealed class KerasAndTensorFlowRulesTests
{
    public static TheoryData<string> RuleIds() => [.. KerasRules.All.Concat(TensorFlowRules.All).Select(rule => rule.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_HasADocumentationPageNamingIt(string id)
    {
        var rule = ScanRules.Find(id);
        var page = Path.Combine(SavedModelScannerTests.RepositoryRoot(), "docs", "rules", id + ".md");

        Assert.NotNull(rule);
        Assert.True(File.Exists(page), page);
        Assert.StartsWith($"# {id}: {rule.Name}", File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_StayInTheirRanges()
    {
        Assert.All(KerasRules.All, rule => Assert.InRange(int.Parse(rule.Id[7..], System.Globalization.CultureInfo.InvariantCulture), 700, 799));
        Assert.All(TensorFlowRules.All, rule => Assert.InRange(int.Parse(rule.Id[7..], System.Globalization.CultureInfo.InvariantCulture), 800, 899));
    }

    [Theory]
    [InlineData(ModelFormat.KerasConfig)]
    [InlineData(ModelFormat.KerasMetadata)]
    [InlineData(ModelFormat.Hdf5)]
    [InlineData(ModelFormat.SavedModel)]
    public void FormatScanners_HaveAScannerFor(ModelFormat format) => Assert.NotNull(FormatScanners.Find(format));
}
