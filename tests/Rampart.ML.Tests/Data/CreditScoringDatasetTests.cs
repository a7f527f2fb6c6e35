using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

/// <summary>The real example data of examples/credit-scoring, checked against figures computed here independently.</summary>
public sealed class CreditScoringDatasetTests
{
    public static string TrainPath => Path.Combine(RepositoryRoot(), "examples", "credit-scoring", "data", "credit-train.csv");

    private static DatasetReadOptions Options => new() { Label = "default", Sensitive = ["sex", "age_band"] };

    [Fact]
    public async Task ReadAsync_CreditTrain_MatchesAnIndependentCount()
    {
        // Independent reading: the file has no quotes, so splitting on commas is exact.
        var lines = File.ReadAllLines(TrainPath);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var labelAt = Array.IndexOf(header, "default");
        var defaults = rows.Count(r => r[labelAt] == "1");
        var females = rows.Count(r => r[Array.IndexOf(header, "sex")] == "female");

        var result = await TabularDatasetReader.ReadAsync(TrainPath, Options, CancellationToken.None);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var data = result.Value!;
        Assert.Equal(16_000, rows.Length);
        Assert.Equal(rows.Length, data.RowCount);
        Assert.Equal(header, data.ColumnNames);
        Assert.Equal("59b2e5360d1dc1962b7423167da064e6d84c7df2cbd4f2838d59b4f939a1f027", data.Sha256);
        Assert.Equal(
            [
                ("applicant_id", ColumnType.Identifier), ("age", ColumnType.Numeric), ("income", ColumnType.Numeric),
                ("employment_type", ColumnType.Categorical), ("housing", ColumnType.Categorical), ("purpose", ColumnType.Categorical),
                ("region", ColumnType.Categorical), ("loan_amount", ColumnType.Numeric), ("loan_term_months", ColumnType.Numeric),
                ("credit_history_years", ColumnType.Numeric), ("existing_debt", ColumnType.Numeric), ("num_open_accounts", ColumnType.Numeric),
                ("late_payments_2y", ColumnType.Numeric), ("debt_to_income", ColumnType.Numeric), ("sex", ColumnType.Categorical),
                ("age_band", ColumnType.Categorical), ("default", ColumnType.Boolean),
            ],
            data.Columns.Select(c => (c.Name, c.Type)));

        var label = data.Label!;
        Assert.Equal(LabelTask.Classification, label.Task);
        Assert.Equal(["0", "1"], label.ClassNames.ToArray());
        Assert.Equal([rows.Length - defaults, defaults], label.ClassCounts().ToArray());
        Assert.Equal(0.1454, (double)defaults / rows.Length, 4);

        var sex = data.Sensitive("sex");
        Assert.Equal(["female", "male"], sex.Categories.ToArray());
        Assert.Equal(females, sex.Codes.ToArray().Count(c => c == 0));
        Assert.Equal(7_461, females);
        Assert.Equal(["18-25", "26-35", "36-50", "51-65", "66+"], data.Sensitive("age_band").Categories.ToArray());
        Assert.Equal(rows[0][Array.IndexOf(header, "age_band")], data.Sensitive("age_band").GetText(0));
    }

    [Fact]
    public async Task FeatureMap_CreditTrainSplit_FitsOnTrainAndEncodesTest()
    {
        var data = (await TabularDatasetReader.ReadAsync(TrainPath, Options, CancellationToken.None)).Value!;
        var split = DatasetSplits.StratifiedTrainTest(data.Label!.ClassIndices, 0.2, seed: 20261130);
        var train = data.SelectRows(split.Train.AsSpan());
        var test = data.SelectRows(split.Test.AsSpan());

        var map = FeatureMap.Fit(train, new FeatureMapOptions { Standardize = true }).Value!;
        var encoded = map.Encode(test);

        Assert.True(encoded.IsValid, string.Join("\n", encoded.Problems));
        Assert.Equal((3_200, map.FeatureCount), (encoded.Value!.Rows, encoded.Value.Columns));
        Assert.Equal(["applicant_id", "sex", "age_band", "default"], map.Excluded.Select(e => e.Name));
        Assert.Contains("purpose = car", map.Features.Select(f => f.Description));
        Assert.DoesNotContain(map.Features, f => f.Column is "sex" or "age_band");
        Assert.Equal(data.Label.ClassCounts()[1] * 0.2, test.Label!.ClassCounts()[1], 0);
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
