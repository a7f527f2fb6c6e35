using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

public sealed class TabularDatasetReaderTests
{
    [Fact]
    public async Task ReadAsync_SimpleFile_InfersTypesAndKeepsValues()
    {
        var data = await CsvText.ReadValidAsync("age,purpose,owns_home\n36,car,yes\n54,education,no\n41,car,yes\n");

        Assert.Equal(3, data.RowCount);
        Assert.Equal(["age", "purpose", "owns_home"], data.ColumnNames);
        Assert.Equal(ColumnType.Numeric, data["age"].Type);
        Assert.Equal([36f, 54f, 41f], data["age"].Numbers.ToArray());
        Assert.Equal(ColumnType.Categorical, data["purpose"].Type);
        Assert.Equal(["car", "education"], data["purpose"].Categories.ToArray());
        Assert.Equal([0, 1, 0], data["purpose"].Codes.ToArray());
        Assert.Equal(ColumnType.Boolean, data["owns_home"].Type);
        Assert.Equal(["no", "yes"], data["owns_home"].Categories.ToArray());
        Assert.Equal([1, 0, 1], data["owns_home"].Codes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_QuotedFields_UnescapesQuotesSeparatorsAndLineBreaks()
    {
        var data = await CsvText.ReadValidAsync("name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nx,\"two\nlines\"\r\n\"\",plain\r\n");

        Assert.Equal(3, data.RowCount);
        Assert.Equal("Smith, J", data["name"].GetText(0));
        Assert.Equal("said \"hi\"", data["note"].GetText(0));
        Assert.Equal("two\nlines", data["note"].GetText(1));
        Assert.Null(data["name"].GetText(2));
    }

    [Fact]
    public async Task ReadAsync_ByteOrderMarkAndCrLf_AreTolerated()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a,b\r\n1,2\r\n3,4")).ToArray();
        var result = await CsvText.ReadAsync(bytes);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(["a", "b"], result.Value!.ColumnNames);
        Assert.Equal([2f, 4f], result.Value["b"].Numbers.ToArray());
    }

    [Fact]
    public async Task ReadAsync_MissingMarkers_BecomeNaNAndMissingCodes()
    {
        var data = await CsvText.ReadValidAsync("x,c\n1,a\n,b\nNA,?\nNaN,null\n5,a\n");

        Assert.Equal(3, data["x"].MissingCount);
        Assert.True(float.IsNaN(data["x"].Numbers[1]));
        Assert.Equal(2, data["c"].MissingCount);
        Assert.Equal([0, 1, -1, -1, 0], data["c"].Codes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_CustomMissingMarkers_OnlyThoseAreMissing()
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { MissingValues = ["-"] } };
        var data = await CsvText.ReadValidAsync("c\nNA\n-\nx\n", options);

        Assert.Equal(["NA", "x"], data["c"].Categories.ToArray());
        Assert.Equal(1, data["c"].MissingCount);
    }

    [Theory]
    [InlineData("a;b;c\n1;2;3\n")]
    [InlineData("a\tb\tc\n1\t2\t3\n")]
    [InlineData("a,b,c\n1,2,3\n")]
    [InlineData("\"x;y\",b,c\n1,2,3\n")]
    public async Task ReadAsync_DetectSeparator_PicksTheHeadersSeparator(string csv)
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { DetectSeparator = true } };
        var data = await CsvText.ReadValidAsync(csv, options);

        Assert.Equal(3, data.Columns.Length);
        Assert.Equal([3f], data.Columns[2].Numbers.ToArray());
        Assert.Equal("c", data.Columns[2].Name);
    }

    [Fact]
    public async Task ReadAsync_RowWithTooManyFields_NamesLineAndColumnOfTheExtraField()
    {
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n1,2\n3,4,5\n");

        Assert.Equal("test.csv", problem.File);
        Assert.Equal(3, problem.Line);
        Assert.Equal(5, problem.Column);
        Assert.Contains("3 fields but the header has 2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RowWithTooFewFields_NamesEndOfLineAndMissingColumn()
    {
        var problem = await CsvText.ReadSingleProblemAsync("a,b,c\n1,2,3\n40,5\n");

        Assert.Equal(3, problem.Line);
        Assert.Equal(5, problem.Column);
        Assert.Contains("no value for 'c'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_AfterMultiLineQuotedField_ReportsPhysicalLines()
    {
        // Record 1 spans lines 2-4; the bad row is on physical line 5, not record 2.
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n1,\"x\ny\nz\"\n2,3,4\n");

        Assert.Equal(5, problem.Line);
        Assert.Equal(5, problem.Column);
    }

    [Fact]
    public async Task ReadAsync_ProblemInsideMultiLineField_CountsLinesWithinTheRecord()
    {
        var options = new DatasetReadOptions { ColumnTypes = ImmutableDictionary<string, ColumnType>.Empty.Add("n", ColumnType.Numeric) };
        var problem = await CsvText.ReadSingleProblemAsync("t,n\n\"a\nb\",oops\n", options);

        Assert.Equal(3, problem.Line);
        Assert.Equal(4, problem.Column);
        Assert.Equal("n", problem.Field);
        Assert.Contains("'oops' is not a number", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ColumnsCountCharactersNotBytes()
    {
        var problem = await CsvText.ReadSingleProblemAsync("a,b\né,ü,x\n");

        Assert.Equal(2, problem.Line);
        Assert.Equal(5, problem.Column);
    }

    [Fact]
    public async Task ReadAsync_UnterminatedQuote_NamesTheOpeningQuoteAndStops()
    {
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n1,2\n3,\"open\n4,5\n6,7\n");

        Assert.Equal(3, problem.Line);
        Assert.Equal(3, problem.Column);
        Assert.Contains("never closed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TextAfterClosingQuote_IsAProblem()
    {
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n\"x\"y,2\n");

        Assert.Equal(2, problem.Line);
        Assert.Equal(4, problem.Column);
        Assert.Contains("after a closing quote", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ManyBadRows_StopsAtTheCapWithANote()
    {
        var csv = new StringBuilder("a,b\n");
        for (var i = 0; i < 500; i++)
        {
            csv.Append("1,2,3\n");
        }

        var result = await CsvText.ReadAsync(csv.ToString(), new DatasetReadOptions { Csv = CsvOptions.Default with { MaxProblems = 20 } });

        Assert.Equal(21, result.Problems.Length);
        Assert.Equal(21, result.Problems[19].Line);
        Assert.Contains("Stopped after 20 problems", result.Problems[20].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EveryProblemInOnePass_AllReported()
    {
        var options = new DatasetReadOptions
        {
            Label = "y",
            ColumnTypes = ImmutableDictionary<string, ColumnType>.Empty.Add("x", ColumnType.Numeric),
        };
        var result = await CsvText.ReadAsync("x,y\n1,a\nbad,b\n3\n4,\n", options);

        Assert.Equal([3, 4, 5], result.Problems.Select(p => p.Line));
    }

    [Fact]
    public async Task ReadAsync_TooManyColumns_IsAProblem()
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { MaxColumns = 2 } };
        var problem = await CsvText.ReadSingleProblemAsync("a,b,c\n1,2,3\n", options);

        Assert.Contains("3 columns, more than the limit of 2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FieldTooLong_IsAProblemAtTheField()
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { MaxFieldLength = 4 } };
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n1,12345\n", options);

        Assert.Equal(2, problem.Line);
        Assert.Equal(3, problem.Column);
        Assert.Contains("longer than the limit of 4 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LineTooLong_StopsWithAProblem()
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { MaxLineLength = 64 } };
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n1," + new string('9', 200) + "\n", options);

        Assert.Equal(2, problem.Line);
        Assert.Contains("longer than the limit of 64 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FileTooLarge_IsRefusedBeforeReading()
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { MaxFileBytes = 10 } };
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n1,2\n3,4\n", options);

        Assert.Contains("more than the limit of 10 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FileTooLargeOnAStreamWithoutLength_StopsWhileReading()
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { MaxFileBytes = 10 } };
        var result = await CsvText.ReadAsync("a,b\n1,2\n3,4\n", options, seekable: false);

        Assert.Contains(result.Problems, p => p.Message.Contains("larger than the limit of 10 bytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,b\n", "no rows")]
    [InlineData("a,,c\n1,2,3\n", "Column 2 has no name")]
    [InlineData("a,b,a\n1,2,3\n", "used twice")]
    public async Task ReadAsync_BadHeader_IsAProblem(string csv, string expected)
    {
        var result = await CsvText.ReadAsync(csv);

        Assert.Contains(result.Problems, p => p.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_IsAProblemAtTheValue()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\nx,").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        var result = await CsvText.ReadAsync(bytes);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, 3, "b"), (problem.Line, problem.Column, problem.Field));
        Assert.Contains("UTF-8", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnknownNames_SuggestTheClosestColumn()
    {
        var options = new DatasetReadOptions
        {
            Label = "defualt",
            Sensitive = ["sexx"],
            ColumnTypes = ImmutableDictionary<string, ColumnType>.Empty.Add("purpose_", ColumnType.Categorical),
        };
        var result = await CsvText.ReadAsync("default,sex,purpose\n0,f,car\n", options);

        Assert.Equal(3, result.Problems.Length);
        Assert.Contains("Did you mean 'default'?", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("label", result.Problems[0].Field);
        Assert.Contains("Did you mean 'sex'?", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal("sensitive[0]", result.Problems[1].Field);
        Assert.Contains("Did you mean 'purpose'?", result.Problems[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Sha256_IsThatOfTheBytes()
    {
        const string csv = "a,b\n1,2\n";
        var data = await CsvText.ReadValidAsync(csv);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv))), data.Sha256);
        Assert.Equal("test.csv", data.Source);
    }

    [Fact]
    public async Task ReadAsync_FromPath_ReadsAndNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("d.csv", "a,b\n1,x\n");

        var result = await TabularDatasetReader.ReadAsync(path, null, CancellationToken.None);

        Assert.True(result.IsValid);
        Assert.Equal(path, result.Value!.Source);
    }

    [Fact]
    public async Task ReadAsync_MissingFile_IsAProblemNotAnException()
    {
        var result = await TabularDatasetReader.ReadAsync("/nonexistent/rampart/d.csv", null, CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("/nonexistent/rampart/d.csv", problem.File);
    }

    [Fact]
    public async Task ReadAsync_BlankLines_AreSkippedButCounted()
    {
        var problem = await CsvText.ReadSingleProblemAsync("a,b\n\n1,2\n\r\n3\n");

        Assert.Equal(5, problem.Line);
    }

    [Fact]
    public async Task ReadAsync_InvalidOptions_AreReportedTogether()
    {
        var options = new DatasetReadOptions { Csv = CsvOptions.Default with { Separator = '"', MaxColumns = 0 }, MaxCategories = 0 };
        var result = await CsvText.ReadAsync("a\n1\n", options);

        Assert.Equal(["csv.separator", "csv.maxColumns", "maxCategories"], result.Problems.Select(p => p.Field));
    }
}
