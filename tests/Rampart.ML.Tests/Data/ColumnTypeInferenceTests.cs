using System.Collections.Immutable;
using System.Text;
using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

public sealed class ColumnTypeInferenceTests
{
    private static DatasetReadOptions Declare(string column, ColumnType type) =>
        new() { ColumnTypes = ImmutableDictionary<string, ColumnType>.Empty.Add(column, type) };

    [Theory]
    [InlineData("1.5|-2|3e2|.5", ColumnType.Numeric)]
    [InlineData("0|1|1|0", ColumnType.Boolean)]
    [InlineData("0|1|NA|1", ColumnType.Boolean)]
    [InlineData("0|1|2", ColumnType.Numeric)]
    [InlineData("1|1|1", ColumnType.Numeric)]
    [InlineData("yes|no|no", ColumnType.Boolean)]
    [InlineData("TRUE|False|TRUE", ColumnType.Boolean)]
    [InlineData("yes|yes", ColumnType.Categorical)]
    [InlineData("yes|no|maybe", ColumnType.Categorical)]
    [InlineData("1,5|2", ColumnType.Categorical)]
    [InlineData("1|Infinity", ColumnType.Categorical)]
    [InlineData("1|1e39", ColumnType.Categorical)]
    public async Task ReadAsync_Values_InferTheExpectedType(string values, ColumnType expected)
    {
        var csv = "v\n" + string.Join('\n', values.Split('|').Select(v => v.Contains(',', StringComparison.Ordinal) ? $"\"{v}\"" : v)) + "\n";
        var data = await CsvText.ReadValidAsync(csv);

        Assert.Equal(expected, data["v"].Type);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("applicant_id")]
    [InlineData("customerId")]
    public async Task ReadAsync_IdentifierName_IsAnIdentifierEvenWhenNumeric(string name)
    {
        var data = await CsvText.ReadValidAsync($"{name},x\n007,1\n008,2\n");

        Assert.Equal(ColumnType.Identifier, data[name].Type);
        Assert.Equal("007", data[name].GetText(0));
    }

    [Fact]
    public async Task ReadAsync_UniqueStringsOverManyRows_AreAnIdentifier()
    {
        var csv = "ref,x\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"R{i},{i % 2}\n"));
        var data = await CsvText.ReadValidAsync(csv);

        Assert.Equal(ColumnType.Identifier, data["ref"].Type);
        Assert.Equal(["R0", "R1"], data["ref"].Categories.Take(2));
    }

    [Fact]
    public async Task ReadAsync_TooManyCategories_IsAProblemWithAHint()
    {
        var csv = new StringBuilder("amount,n\n");
        for (var i = 0; i < 30; i++)
        {
            csv.Append(i).Append(",1\n");
        }

        csv.Append("12.5O,1\n");
        for (var i = 0; i < 30; i++)
        {
            csv.Append(i).Append(",1\n");
        }

        var result = await CsvText.ReadAsync(csv.ToString(), new DatasetReadOptions { MaxCategories = 20 });

        var problem = Assert.Single(result.Problems);
        Assert.Equal((32, 1, "amount"), (problem.Line, problem.Column, problem.Field));
        Assert.Contains("'12.5O'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UniqueNumbersWithATypo_AreNotTakenForAnIdentifier()
    {
        var csv = "income\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{1000 + i}\n")) + "12.5O\n";

        var result = await CsvText.ReadAsync(csv, new DatasetReadOptions { MaxCategories = 20 });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(32, problem.Line);
        Assert.Contains("typo", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NumbersThenText_KeepsTheOriginalTextOfEarlierRows()
    {
        var data = await CsvText.ReadValidAsync("code,x\n01,1\n2,2\n,3\nB7,4\n01,5\n");

        Assert.Equal(ColumnType.Categorical, data["code"].Type);
        Assert.Equal(["01", "2", null, "B7", "01"], Enumerable.Range(0, 5).Select(data["code"].GetText));
    }

    [Fact]
    public async Task ReadAsync_NumbersThenTextOnAForwardOnlyStream_FormatsEarlierNumbers()
    {
        var data = await CsvText.ReadValidAsync("code,x\n01,1\n2.50,2\nB7,4\n", seekable: false);

        Assert.Equal(["1", "2.5", "B7"], Enumerable.Range(0, 3).Select(data["code"].GetText));
    }

    [Fact]
    public async Task ReadAsync_NumericCategoriesDeclared_SortNumerically()
    {
        var data = await CsvText.ReadValidAsync("grade\n10\n9\n2\n10\n", Declare("grade", ColumnType.Categorical));

        Assert.Equal(["2", "9", "10"], data["grade"].Categories.ToArray());
        Assert.Equal([2, 1, 0, 2], data["grade"].Codes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_DeclaredNumericWithText_ReportsEachBadValue()
    {
        var result = await CsvText.ReadAsync("x,y\n1,a\nn/a,b\n3,c\n1 000,d\n", Declare("x", ColumnType.Numeric));

        Assert.Equal([(3, 1), (5, 1)], result.Problems.Select(p => (p.Line, p.Column)));
        Assert.All(result.Problems, p => Assert.Equal("x", p.Field));
    }

    [Fact]
    public async Task ReadAsync_DeclaredBooleanWithThreeValues_IsAProblem()
    {
        var result = await CsvText.ReadAsync("flag\nyes\nno\nmaybe\n", Declare("flag", ColumnType.Boolean));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "flag"), (problem.Line, problem.Field));
        Assert.Contains("3 distinct values", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DeclaredBooleanWithOneValue_KnowsBothSpellings()
    {
        var data = await CsvText.ReadValidAsync("flag\nYes\nYes\n", Declare("flag", ColumnType.Boolean));

        Assert.Equal(["no", "Yes"], data["flag"].Categories.ToArray());
        Assert.Equal([1, 1], data["flag"].Codes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_DeclaredCategoricalNumbers_StayText()
    {
        var data = await CsvText.ReadValidAsync("zip\n01234\n98765\n", Declare("zip", ColumnType.Categorical));

        Assert.Equal(ColumnType.Categorical, data["zip"].Type);
        Assert.False(data["zip"].HasNumbers);
        Assert.Equal("01234", data["zip"].GetText(0));
    }

    [Fact]
    public async Task ReadAsync_SensitiveNumericColumn_KeepsNumbersAndOriginalText()
    {
        var data = await CsvText.ReadValidAsync("age,y\n036,1\n54.0,0\n,1\n", new DatasetReadOptions { Sensitive = ["age"] });

        var age = data.Sensitive("age");
        Assert.Equal(ColumnType.Numeric, age.Type);
        Assert.Equal(36f, age.Numbers[0]);
        Assert.Equal(["036", "54.0", null], Enumerable.Range(0, 3).Select(age.GetText));
    }

    [Fact]
    public async Task ReadAsync_LabelKinds_ClassificationAndRegression()
    {
        var classes = await CsvText.ReadValidAsync("x,y\n1,b\n2,a\n3,b\n", new DatasetReadOptions { Label = "y" });
        var values = await CsvText.ReadValidAsync("x,y\n1,0.5\n2,1.5\n", new DatasetReadOptions { Label = "y" });

        Assert.Equal(LabelTask.Classification, classes.Label!.Task);
        Assert.Equal(["a", "b"], classes.Label.ClassNames.ToArray());
        Assert.Equal([1, 0, 1], classes.Label.ClassIndices.ToArray());
        Assert.Equal([1, 2], classes.Label.ClassCounts().ToArray());
        Assert.Equal(LabelTask.Regression, values.Label!.Task);
        Assert.Equal([0.5f, 1.5f], values.Label.Values.ToArray());
    }

    [Fact]
    public async Task Sensitive_NotASensitiveColumn_ThrowsWithSuggestion()
    {
        var data = await CsvText.ReadValidAsync("sex,x\nf,1\n", new DatasetReadOptions { Sensitive = ["sex"] });

        var ex = Assert.Throws<KeyNotFoundException>(() => data.Sensitive("x"));
        Assert.Contains("not a sensitive column", ex.Message, StringComparison.Ordinal);
    }
}
