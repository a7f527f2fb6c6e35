using System.Text.Json;
using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class FairnessJsonTests
{
    [Fact]
    public void Write_E1Report_CamelCaseKebabEnumsAndNaNAsString()
    {
        var report = FairnessFixtures.Evaluate(FairnessFixtures.E1Input(), FairnessFixtures.E1Options(bootstrap: 50));
        var json = FairnessJson.Write(report);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(8, root.GetProperty("rowCount").GetInt32());
        Assert.False(root.GetProperty("passed").GetBoolean());

        var verdict = root.GetProperty("verdicts")[0];
        Assert.Equal("fail", verdict.GetProperty("outcome").GetString());
        Assert.Equal("at-least", verdict.GetProperty("direction").GetString());

        var b = root.GetProperty("groupings")[0].GetProperty("groups")[1];
        Assert.Equal("b", b.GetProperty("group").GetString());
        Assert.False(b.TryGetProperty("selectionRate", out _));
        var npv = b.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "negative_predictive_value");
        Assert.Equal("NaN", npv.GetProperty("value").GetString());
        Assert.Contains("no rows predicted 0", npv.GetProperty("undefinedReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, b.GetProperty("counts").GetProperty("truePositives").GetInt64());
        Assert.EndsWith("\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RegressionReport_Serialises()
    {
        var input = RegressionFairnessInput.Create([1, 2, 3, 4], [1, 2, 4, 6], [SensitiveFeature.FromValues("g", ["a", "a", "b", "b"])]).Value!;
        var report = RegressionFairnessEvaluator.Evaluate(input, new FairnessOptions { BootstrapSamples = 10 }).Value!;
        using var document = JsonDocument.Parse(FairnessJson.Write(report));
        var gap = document.RootElement.GetProperty("groupings")[0].GetProperty("aggregates")[0];
        Assert.Equal("mean_absolute_error_difference", gap.GetProperty("name").GetString());
        Assert.Equal(1.5, gap.GetProperty("value").GetDouble(), 12);
    }
}
