using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Mitigation;

namespace Rampart.Evaluation.Tests.Mitigation;

public sealed class ReweighingTests
{
    [Fact]
    public void Compute_IndependentLabelAndGroup_AllWeightsOne()
    {
        // Each group has the same label shares (1/2), so P(g)P(y) = P(g, y) everywhere (E5).
        var group = SensitiveFeature.FromValues("g", ["a", "a", "a", "a", "b", "b"]);
        var result = Reweighing.Compute([1, 0, 1, 0, 1, 0], [group]).Value!;
        Assert.All(result.RowWeights.ToArray(), w => Assert.Equal(1.0, w, 15));
        Assert.All(result.Cells, c => Assert.Equal(1.0, c.Weight, 15));
    }

    [Fact]
    public void Compute_HandComputed_WeightsMatchFormula()
    {
        // a: three y=1, one y=0; b: one y=1, three y=0. N = 8, n_a = n_b = 4, n_1 = n_0 = 4.
        // w(a,1) = 4·4/(8·3) = 2/3; w(a,0) = 4·4/(8·1) = 2; w(b,1) = 2; w(b,0) = 2/3.
        var group = SensitiveFeature.FromValues("g", ["a", "a", "a", "a", "b", "b", "b", "b"]);
        var result = Reweighing.Compute([1, 1, 1, 0, 1, 0, 0, 0], [group], ["repaid", "default"]).Value!;
        var cell = result.Cells.ToDictionary(c => (c.Group, c.Label));
        Assert.Equal(2.0 / 3, cell[("a", 1)].Weight, 15);
        Assert.Equal(2.0, cell[("a", 0)].Weight, 15);
        Assert.Equal(2.0, cell[("b", 1)].Weight, 15);
        Assert.Equal(2.0 / 3, cell[("b", 0)].Weight, 15);
        Assert.Equal(2.0, cell[("a", 1)].ExpectedCount, 15);
        Assert.Equal(3, cell[("a", 1)].Count);
        Assert.Equal("default", cell[("a", 1)].LabelName);
        Assert.Equal([2.0 / 3, 2.0 / 3, 2.0 / 3, 2, 2, 2.0 / 3, 2.0 / 3, 2.0 / 3], result.RowWeights.ToArray());
    }

    [Fact]
    public void Compute_SkewedData_WeightedLabelRateEqualAcrossGroupsAndGroupSizesKept()
    {
        var (yTrue, _, sex, age) = Fairness.FairnessFixtures.Synthetic(3000, 9);
        var result = Reweighing.Compute(yTrue, [SensitiveFeature.FromValues("sex", sex), SensitiveFeature.FromValues("age", age)]).Value!;
        var weights = result.RowWeights.ToArray();
        var overall = yTrue.Average();
        foreach (var cell in result.Cells.Select(c => c.Group).Distinct())
        {
            var rows = Enumerable.Range(0, yTrue.Length).Where(i => $"{sex[i]} & {age[i]}" == cell).ToArray();
            var weighted = rows.Sum(i => weights[i] * yTrue[i]) / rows.Sum(i => weights[i]);
            Assert.Equal(overall, weighted, 12);
            Assert.Equal(rows.Length, rows.Sum(i => weights[i]), 9);
        }

        Assert.Equal(8, result.Cells.Length);
        Assert.Equal(3000, result.ToSampleWeights().Length);
    }

    [Fact]
    public async Task WriteCsv_RowsAndCells_QuotedAndRoundTrip()
    {
        var group = SensitiveFeature.FromValues("band, age", ["18-25", "18-25", "\"old\"", "\"old\""]);
        var result = Reweighing.Compute([1, 0, 1, 1], [group]).Value!;
        using var rows = new StringWriter();
        await result.WriteRowWeightsCsvAsync(rows);
        Assert.Equal("row,weight\n1,1.5\n2,0.5\n3,0.75\n4,0.75\n", rows.ToString());
        using var cells = new StringWriter();
        await result.WriteCellsCsvAsync(cells);
        Assert.Equal(
            "\"band, age\",label,count,expected_count,weight\n\"\"\"old\"\"\",1,2,1.5,0.75\n18-25,0,1,0.5,0.5\n18-25,1,1,1.5,1.5\n",
            cells.ToString());
    }

    [Fact]
    public void Compute_BadInput_ProblemsNameFields()
    {
        var group = SensitiveFeature.FromValues("g", ["a", "b", "a"]);
        var result = Reweighing.Compute([1, -2, 0], [group]);
        Assert.Equal("labels", Assert.Single(result.Problems).Field);
        var names = Reweighing.Compute([1, 2, 0], [group], ["x", "y"]);
        Assert.Equal("label_names", Assert.Single(names.Problems).Field);
        var empty = Reweighing.Compute([], [SensitiveFeature.FromValues("g", [])]);
        Assert.Contains(empty.Problems, p => p.Field == "labels");
        var mismatch = Reweighing.Compute([1, 0], [group]);
        Assert.Equal("sensitive_features.g", Assert.Single(mismatch.Problems).Field);
    }
}
