using System.Globalization;
using System.Text;
using Rampart.Evaluation.Explainability;
using Rampart.ML.Data;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Tests.Explainability;

public sealed class ProxyAndSummaryTests
{
    /// <summary>40 rows: zip follows sex in 36 of them (a proxy); income is independent of sex by construction.</summary>
    private static async Task<TabularDataset> ReadAsync()
    {
        var csv = new StringBuilder("sex,zip,income,default\n");
        for (var i = 0; i < 40; i++)
        {
            var sex = i % 2 == 0 ? "F" : "M";
            var zip = (i % 2 == 0) ^ (i % 10 == 3 || i % 10 == 4) ? "z1" : "z2";
            var income = 10 + (i / 2 % 5);
            csv.Append(CultureInfo.InvariantCulture, $"{sex},{zip},{income},{i % 3 == 0}\n");
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var result = await TabularDatasetReader.ReadAsync(stream, "credit.csv", new DatasetReadOptions { Label = "default", Sensitive = ["sex"] }, CancellationToken.None);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    private static async Task<(ShapExplanation Grouped, FeatureMap Map, TabularDataset Data)> ExplainAsync(bool includeSensitive, Func<FeatureMap, float[], double> model)
    {
        var data = await ReadAsync();
        var map = FeatureMap.Fit(data, new FeatureMapOptions { IncludeSensitive = includeSensitive }).Value!;
        var x = map.Encode(data).Value!;
        var f = ExplainFixtures.Function(map.FeatureCount, row => model(map, row));
        var explanation = await KernelShap.ExplainAsync(f, x.SelectRows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), x, featureNames: [.. map.Features.Select(i => i.Description)]);
        return (ShapSummary.GroupByColumns(explanation, map), map, data);
    }

    private static int Feature(FeatureMap map, string description) => map.Features.Single(f => f.Description == description).Index;

    [Fact]
    public async Task Detect_TwoProxiesEachBelowTheLimit_TheirSumExceedsIt()
    {
        // sex itself 6% and zip (a proxy, V 0.6) 7%: neither alone is above 10%, together they hold 13%; income
        // (η with sex 0) does not count.
        var data = await ReadAsync();
        var report = ProxyDetector.Detect([new("income", 87, 0.87), new("zip", 7, 0.07), new("sex", 6, 0.06)], data, ["sex"]);
        Assert.Empty(report.Findings);
        Assert.False(report.Passed);
        var attribute = Assert.Single(report.Attributes);
        Assert.Equal("sex", attribute.SensitiveAttribute);
        Assert.Equal(0.13, attribute.ImportanceShare, 12);
        Assert.True(attribute.Exceeds);
        Assert.Equal(["zip", "sex"], attribute.Columns.Select(c => c.Column).ToArray());
        Assert.Equal("The sensitive attribute 'sex' holds 13% of the model's total importance through 'zip' (Cramér's V 0.6, 7%), itself (6%), above the policy's 10%.", attribute.Message);

        var lenient = ProxyDetector.Detect([new("income", 87, 0.87), new("zip", 7, 0.07), new("sex", 6, 0.06)], data, ["sex"], new ProxyPolicy { ImportanceShareLimit = 0.2 });
        Assert.True(lenient.Passed);
        Assert.Contains("within the policy's 20%", lenient.Attributes[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CombinedShareInterval_OfAllFeatures_IsExactlyOne_OfOneFeature_MatchesShareIntervals()
    {
        var explanation = new ShapExplanation
        {
            Method = "test",
            Output = "f",
            FeatureNames = ["a", "b"],
            BaseValue = 0,
            Exact = true,
            ModelEvaluations = 0,
            Rows = [.. new[] { (1.0, 3.0), (2.0, 2.0), (0.5, 4.0) }.Select((r, i) => new LocalExplanation { Row = i, Prediction = r.Item1 + r.Item2, Contributions = [r.Item1, -r.Item2] })],
        };
        Assert.Equal((1.0, 1.0), ShapSummary.CombinedShareInterval(explanation, ["a", "b"], seed: 3));
        Assert.Equal(ShapSummary.ShareIntervals(explanation, seed: 3)["a"], ShapSummary.CombinedShareInterval(explanation, ["a"], seed: 3));
    }

    [Fact]
    public async Task Detect_ModelLeansOnAProxyOfSex_ReportsTheProxy()
    {
        var (grouped, map, data) = await ExplainAsync(false, (m, x) => (3 * x[Feature(m, "zip = z1")]) + (0.1 * x[Feature(m, "income")]));
        Assert.Equal(["zip", "income"], grouped.FeatureNames.ToArray());
        ExplainFixtures.AssertEfficient(grouped, 1e-9);

        var importances = ShapSummary.GlobalImportances(grouped);
        Assert.Equal("zip", importances[0].Feature);
        Assert.Equal(1.0, importances.Sum(i => i.Share), 12);

        var report = ProxyDetector.Detect(importances, data, ["sex"]);
        Assert.False(report.Passed);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("zip", finding.Column);
        Assert.False(finding.IsSensitiveAttribute);
        Assert.Equal("Cramér's V", finding.Measure);

        // 2x2 table F/M x z1/z2 with 16/4 and 4/16: chi² = 40 (0.6)² = 14.4, V = sqrt(14.4 / 40) = 0.6.
        Assert.Equal(0.6, finding.Association, 12);
        Assert.Contains("proxy of the sensitive attribute 'sex'", finding.Message, StringComparison.Ordinal);
        var income = report.Associations.Single(a => a.Column == "income");
        Assert.Equal("correlation ratio η", income.Measure);
        Assert.Equal(0.0, income.Value, 12);
    }

    [Fact]
    public async Task Detect_ModelUsesSexItself_ReportsTheAttribute()
    {
        var (grouped, _, data) = await ExplainAsync(true, (m, x) => (2 * x[Feature(m, "sex = M")]) + (0.5 * x[Feature(m, "income")]));
        var report = ProxyDetector.Detect(ShapSummary.GlobalImportances(grouped), data, ["sex"]);
        var finding = Assert.Single(report.Findings);
        Assert.True(finding.IsSensitiveAttribute);
        Assert.Equal("sex", finding.Column);
        Assert.StartsWith("The sensitive attribute 'sex' holds", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_ProxyBelowTheShareLimit_Passes()
    {
        var (grouped, _, data) = await ExplainAsync(false, (m, x) => (0.01 * x[Feature(m, "zip = z1")]) + x[Feature(m, "income")]);
        var report = ProxyDetector.Detect(ShapSummary.GlobalImportances(grouped), data, ["sex"]);
        Assert.True(report.Passed);
        var strict = ProxyDetector.Detect(ShapSummary.GlobalImportances(grouped), data, ["sex"], new ProxyPolicy { ImportanceShareLimit = 0.001 });
        Assert.False(strict.Passed);
    }

    [Fact]
    public async Task Detect_HostileInputs_ErrorsNameTheField()
    {
        var data = await ReadAsync();
        GlobalImportance[] importances = [new("zip", 1, 1)];
        var missing = Assert.Throws<ArgumentException>(() => ProxyDetector.Detect(importances, data, ["sex", "race"]));
        Assert.Contains("sensitiveColumns[1]", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ProxyDetector.Detect(importances, data, []));
        var policy = Assert.Throws<ArgumentException>(() => ProxyDetector.Detect(importances, data, ["sex"], new ProxyPolicy { ImportanceShareLimit = 2 }));
        Assert.Contains("policy.ImportanceShareLimit", policy.Message, StringComparison.Ordinal);
        var unknown = ProxyDetector.Detect([new("nope", 1, 1)], data, ["sex"]);
        Assert.Equal(["nope"], unknown.UnmatchedColumns.ToArray());
    }

    [Fact]
    public void Associations_KnownAnswers()
    {
        // η: group a {1, 2}, group b {3, 4}: SS_total 5, SS_within 1, η = sqrt(0.8).
        Assert.Equal(Math.Sqrt(0.8), ProxyDetector.CorrelationRatio([1, 2, 3, 4], [0, 0, 1, 1], 2).Value, 12);
        Assert.Equal(1.0, ProxyDetector.CramersV([0, 0, 1, 1], 2, [1, 1, 0, 0], 2).Value, 12);
        Assert.Equal(0.0, ProxyDetector.CramersV([0, 0, 1, 1], 2, [0, 1, 0, 1], 2).Value, 12);
        Assert.True(double.IsNaN(ProxyDetector.CramersV([0, 0], 2, [0, 1], 2).Value));
        Assert.Equal(-1.0, ProxyDetector.Pearson([1, 2, 3], [6, 4, 2]).Value, 12);
        Assert.Equal(2, ProxyDetector.Pearson([1, float.NaN, 3], [6, 4, 2]).Rows);
    }

    [Fact]
    public void TopContributions_OrdersByMagnitude()
    {
        var explanation = LinearShap.Explain([1.0, -3.0, 2.0], 0, new FloatMatrix(1, 3), new FloatMatrix(1, 3, [1, 1, 1]), ["a", "b", "c"]);
        var top = ShapSummary.TopContributions(explanation, 0, 2);
        Assert.Equal([new FeatureContribution("b", -3), new FeatureContribution("c", 2)], top.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ShapSummary.TopContributions(explanation, 1));
    }

    [Fact]
    public async Task GroupByColumns_WrongWidth_Refuses()
    {
        var data = await ReadAsync();
        var map = FeatureMap.Fit(data).Value!;
        var explanation = LinearShap.Explain([1.0], 0, new FloatMatrix(1, 1), new FloatMatrix(1, 1));
        var error = Assert.Throws<ArgumentException>(() => ShapSummary.GroupByColumns(explanation, map));
        Assert.Equal("map", error.ParamName);
    }
}
