using System.Globalization;
using System.Text;
using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

public sealed class CsvStatisticsTests
{
    private static async Task<DatasetStatistics> ComputeAsync(string csv)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await CsvStatistics.ComputeAsync(stream, "s.csv", null, CancellationToken.None);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    [Fact]
    public async Task ComputeAsync_SmallFile_MatchesClosedForms()
    {
        var stats = await ComputeAsync("x,c\n1,a\n2,b\n,a\n4,a\n8,NA\n");

        var x = stats.Columns[0];
        Assert.Equal(5, stats.RowCount);
        Assert.Equal((4L, 1L, 4L), (x.Count, x.Missing, x.NumericCount));
        Assert.Equal(3.75, x.Mean, 12);
        Assert.Equal(((1 - 3.75) * (1 - 3.75) + (2 - 3.75) * (2 - 3.75) + (4 - 3.75) * (4 - 3.75) + (8 - 3.75) * (8 - 3.75)) / 3, x.Variance, 12);
        Assert.Equal((1.0, 8.0), (x.Min, x.Max));
        Assert.True(x.IsNumeric);
        var c = stats.Columns[1];
        Assert.False(c.IsNumeric);
        Assert.Equal((2L, true), (c.DistinctCount, c.DistinctIsExact));
        Assert.Equal([new CategoryCount("a", 3), new CategoryCount("b", 1)], c.TopValues.ToArray());
        Assert.True(c.TopValuesExact);
    }

    [Fact]
    public async Task ComputeAsync_ManyDistinctValues_EstimatesWithinAFewPercent()
    {
        var csv = new StringBuilder("n,s\n");
        for (var i = 0; i < 50_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},k{i % 20_000}\n");
        }

        var stats = await ComputeAsync(csv.ToString());

        var n = stats.Columns[0];
        Assert.False(n.DistinctIsExact);
        Assert.InRange(n.DistinctCount, 47_500, 52_500);
        Assert.Empty(n.TopValues);
        Assert.Equal(24_999.5, n.Mean, 6);
        var s = stats.Columns[1];
        Assert.InRange(s.DistinctCount, 19_000, 21_000);
        Assert.Equal(10, s.TopValues.Length);
    }

    [Fact]
    public async Task ComputeAsync_HeavyHitters_AreFoundAmongManyValues()
    {
        var csv = new StringBuilder("c\n");
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append(i % 4 == 0 ? "common" : i % 10 == 1 ? "frequent" : $"rare{i}").Append('\n');
        }

        var stats = await ComputeAsync(csv.ToString());

        var top = stats.Columns[0].TopValues;
        Assert.Equal(["common", "frequent"], top.Take(2).Select(t => t.Value));
        Assert.InRange(top[0].Count, 5000, 5000 + (20_000 / 64));
        Assert.False(stats.Columns[0].TopValuesExact);
    }

    [Fact]
    public async Task ComputeAsync_MalformedRow_IsAProblemWithItsLine()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2\n3\n"));

        var result = await CsvStatistics.ComputeAsync(stream, "s.csv", null, CancellationToken.None);

        Assert.Equal((3, "s.csv"), (Assert.Single(result.Problems).Line, result.Problems[0].File));
    }

    [Fact]
    public async Task ComputeAsync_AgreesWithTheLoadedDataset()
    {
        var stats = (await CsvStatistics.ComputeAsync(CreditScoringDatasetTests.TrainPath, null, CancellationToken.None)).Value!;
        var data = (await TabularDatasetReader.ReadAsync(CreditScoringDatasetTests.TrainPath, null, CancellationToken.None)).Value!;

        Assert.Equal(data.RowCount, stats.RowCount);
        Assert.Equal(data.Sha256, stats.Sha256);
        var income = stats.Columns.Single(c => c.Name == "income");
        double sum = 0;
        foreach (var x in data["income"].Numbers)
        {
            sum += x;
        }

        Assert.Equal(sum / data.RowCount, income.Mean, 6);
    }
}
