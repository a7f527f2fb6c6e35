using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

public sealed class FeatureMapTests
{
    private const string Train =
        "id,age,purpose,owns_home,sex,default\n" +
        "A1,30,car,yes,f,0\n" +
        "A2,,education,no,m,1\n" +
        "A3,50,car,,f,0\n" +
        "A4,40,business,yes,m,1\n";

    private static readonly DatasetReadOptions Options = new() { Label = "default", Sensitive = ["sex"] };

    private static async Task<FeatureMap> FitAsync(FeatureMapOptions? options = null)
    {
        var train = await CsvText.ReadValidAsync(Train, Options);
        var map = FeatureMap.Fit(train, options);
        Assert.True(map.IsValid, string.Join("\n", map.Problems));
        return map.Value!;
    }

    [Fact]
    public async Task Fit_Defaults_OneHotsCategoriesAndExcludesIdLabelAndSensitive()
    {
        var map = await FitAsync();

        Assert.Equal(["age", "purpose = business", "purpose = car", "purpose = education", "owns_home = yes"], map.Features.Select(f => f.Description));
        Assert.Equal([("id", "identifier"), ("sex", "sensitive"), ("default", "label")], map.Excluded.Select(e => (e.Name, e.Reason)));
        Assert.Equal("purpose = car", map.Describe(2));
    }

    [Fact]
    public async Task Encode_TrainingData_ImputesTheMeanAndEncodesExactly()
    {
        var map = await FitAsync();
        var train = await CsvText.ReadValidAsync(Train, Options);

        var matrix = map.Encode(train).Value!;

        Assert.Equal((4, 5), (matrix.Rows, matrix.Columns));
        Assert.Equal([30f, 0, 1, 0, 1], matrix.Row(0).ToArray());
        Assert.Equal([40f, 0, 0, 1, 0], matrix.Row(1).ToArray());
        Assert.Equal(2f / 3f, matrix[2, 4], 6);
        Assert.Equal([40f, 1, 0, 0, 1], matrix.Row(3).ToArray());
    }

    [Fact]
    public async Task Encode_MissingIndicatorsAndStandardisation_AreRecordedAndApplied()
    {
        var map = await FitAsync(new FeatureMapOptions { MissingIndicators = true, Standardize = true });
        var train = await CsvText.ReadValidAsync(Train, Options);

        var matrix = map.Encode(train).Value!;

        Assert.Equal(["age (standardised)", "age is missing", "purpose = business", "purpose = car", "purpose = education", "owns_home = yes", "owns_home is missing"], map.Features.Select(f => f.Description));
        var age = map.Columns[0];
        Assert.Equal(40, age.Mean);
        Assert.Equal(Math.Sqrt(200.0 / 3), age.StandardDeviation!.Value, 12);
        Assert.Equal((float)(-10 / Math.Sqrt(200.0 / 3)), matrix[0, 0], 6);
        Assert.Equal([0f, 1f, 0f, 0f], Enumerable.Range(0, 4).Select(r => matrix[r, 1]));
        Assert.Equal(0f, matrix[1, 0]);
        Assert.Equal(1f, matrix[2, 6]);
    }

    [Fact]
    public async Task Encode_OrdinalEncoding_UsesPositionPlusOne()
    {
        var map = await FitAsync(new FeatureMapOptions { CategoricalEncoding = CategoricalEncoding.Ordinal });
        var train = await CsvText.ReadValidAsync(Train, Options);

        var matrix = map.Encode(train).Value!;

        Assert.Equal([2f, 3f, 2f, 1f], Enumerable.Range(0, 4).Select(r => matrix[r, 1]));
        Assert.StartsWith("purpose (ordinal: 1 = business", map.Describe(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_UnknownCategoryWithErrorPolicy_NamesValueAndRow()
    {
        var map = await FitAsync();
        var test = await CsvText.ReadValidAsync("id,age,purpose,owns_home,sex,default\nB1,20,boat,yes,f,0\nB2,20,boat,no,f,0\n", Options);

        var result = map.Encode(test);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("purpose", problem.Field);
        Assert.Contains("'boat' (row 1 and 1 more) is a category the feature map was not fitted with", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_UnknownCategoryWithAllZerosPolicy_EncodesZeros()
    {
        var map = await FitAsync(new FeatureMapOptions { UnknownCategories = UnknownCategoryPolicy.AllZeros });
        var test = await CsvText.ReadValidAsync("id,age,purpose,owns_home,sex,default\nB1,20,boat,yes,f,0\n", Options);

        var matrix = map.Encode(test).Value!;

        Assert.Equal([20f, 0, 0, 0, 1], matrix.Row(0).ToArray());
    }

    [Fact]
    public async Task Encode_TestDataWithOneBooleanValueAndSubsetOfColumnsTypes_StillEncodes()
    {
        // In a small test file owns_home has only "yes" (so it reads as categorical) and age is all 0/1 (so boolean).
        var map = await FitAsync();
        var test = await CsvText.ReadValidAsync("id,age,purpose,owns_home,sex,default\nB1,1,car,yes,f,0\nB2,0,car,yes,m,1\n", Options);

        var matrix = map.Encode(test).Value!;

        Assert.Equal([1f, 0, 1, 0, 1], matrix.Row(0).ToArray());
    }

    [Fact]
    public async Task Encode_MissingColumn_SuggestsTheClosest()
    {
        var map = await FitAsync();
        var test = await CsvText.ReadValidAsync("id,agee,purpose,owns_home\nB1,1,car,yes\n");

        var problem = Assert.Single(map.Encode(test).Problems);
        Assert.Contains("Did you mean 'agee'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_EncodedRows_GiveBackTheColumnValues()
    {
        var map = await FitAsync(new FeatureMapOptions { MissingIndicators = true, Standardize = true });
        var train = await CsvText.ReadValidAsync(Train, Options);
        var matrix = map.Encode(train).Value!;

        var first = map.Decode(matrix.Row(0));
        var second = map.Decode(matrix.Row(1));
        var third = map.Decode(matrix.Row(2));

        Assert.Equal([new ColumnValue("age", "30"), new ColumnValue("purpose", "car"), new ColumnValue("owns_home", "yes")], first.ToArray());
        Assert.Equal([new ColumnValue("age", null), new ColumnValue("purpose", "education"), new ColumnValue("owns_home", "no")], second.ToArray());
        Assert.Null(third[2].Value);
    }

    [Fact]
    public async Task Json_RoundTrip_GivesAnEqualMapThatEncodesTheSame()
    {
        var map = await FitAsync(new FeatureMapOptions { MissingIndicators = true, Standardize = true, UnknownCategories = UnknownCategoryPolicy.AllZeros });
        var train = await CsvText.ReadValidAsync(Train, Options);

        var json = map.ToJson();
        var back = FeatureMap.FromJson(json, "map.json");

        Assert.True(back.IsValid, string.Join("\n", back.Problems));
        Assert.Equal(json, back.Value!.ToJson());
        Assert.Equal(map.Encode(train).Value!.Data, back.Value.Encode(train).Value!.Data);
        Assert.Contains("\"unknownCategories\": \"all-zeros\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"categorical\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "not a valid feature map")]
    [InlineData("null", "empty")]
    [InlineData("{\"schema\":\"other\",\"version\":1}", "Expected schema")]
    [InlineData("{\"schema\":\"rampart-feature-map\",\"version\":9}", "version 9 is not supported")]
    [InlineData("{\"schema\":\"rampart-feature-map\",\"version\":1,\"columns\":[{\"name\":\"a\",\"type\":\"numeric\",\"imputedValue\":1,\"firstFeature\":0,\"featureCount\":3}]}", "should cover features 0 to 0")]
    public void FromJson_BadDocuments_AreProblems(string json, string expected)
    {
        var result = FeatureMap.FromJson(json, "map.json");

        Assert.Contains(result.Problems, p => p.Message.Contains(expected, StringComparison.Ordinal));
        Assert.All(result.Problems, p => Assert.Equal("map.json", p.File));
    }

    [Fact]
    public async Task Fit_IncludeSensitiveAndExclude_AreHonoured()
    {
        var train = await CsvText.ReadValidAsync(Train, Options);

        var map = FeatureMap.Fit(train, new FeatureMapOptions { IncludeSensitive = true, Exclude = ["age"] }).Value!;
        var bad = FeatureMap.Fit(train, new FeatureMapOptions { Exclude = ["purpse"] });

        Assert.Contains(map.Features, f => f.Description == "sex = f");
        Assert.DoesNotContain(map.Features, f => f.Column == "age");
        Assert.Contains("Did you mean 'purpose'?", Assert.Single(bad.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_OnASubset_OnlyKnowsCategoriesInThatSubset()
    {
        var train = await CsvText.ReadValidAsync(Train, Options);
        var subset = train.SelectRows([0, 2]);

        var map = FeatureMap.Fit(subset).Value!;

        Assert.Equal(["purpose = car"], map.Features.Where(f => f.Column == "purpose").Select(f => f.Description));
    }
}
