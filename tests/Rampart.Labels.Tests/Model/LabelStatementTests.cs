using System.Text;
using Rampart.Labels.Model;
using Rampart.Labels.Rows;
using Rampart.Labels.Verification;
using Rampart.Tests;

namespace Rampart.Labels.Tests.Model;

public sealed class LabelStatementTests
{
    private static readonly DatasetLabel Sample = new()
    {
        SubjectName = "data.csv",
        FileSha256 = new string('a', 64),
        Info = LabelFixture.Info,
        CreatedAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, 500, TimeSpan.Zero),
        Separator = ';',
        FileBytes = 120,
        RowCount = 4,
        Columns = ["id", "name"],
        SchemaSha256 = Convert.ToHexStringLower(RowEncoding.SchemaHash(["id", "name"])),
        RowMerkleRoot = new string('b', 64),
        RowHashes = new RowHashesRef { File = "data.csv.label.rows", Sha256 = new string('c', 64), Bytes = 144 },
    };

    [Fact]
    public void Parse_WrittenStatement_RoundTrips()
    {
        var parsed = LabelStatement.Parse(LabelStatement.Write(Sample));

        Assert.Equal(Sample with { Columns = [] }, parsed with { Columns = [] });
        Assert.Equal(Sample.Columns.ToArray(), parsed.Columns.ToArray());
    }

    [Theory]
    [InlineData("\"rowCount\":4", "\"rowCount\":-1", "predicate.rowCount")]
    [InlineData("\"rowCount\":4", "\"rowCount\":\"4\"", "predicate.rowCount")]
    [InlineData("\"collectedAt\":\"2026-01-15T08:30:00Z\"", "\"collectedAt\":\"yesterday\"", "predicate.collectedAt")]
    [InlineData("\"sensitivity\":\"confidential\"", "\"sensitivity\":\"secret\"", "predicate.sensitivity")]
    [InlineData("\"separator\":\";\"", "\"separator\":\";;\"", "predicate.separator")]
    [InlineData("\"format\":\"csv\"", "\"format\":\"parquet\"", "predicate.format")]
    [InlineData("\"file\":\"data.csv.label.rows\"", "\"file\":\"../etc/passwd\"", "predicate.rowHashes.file")]
    [InlineData("\"columns\":[\"id\",\"name\"]", "\"columns\":[\"id\",\"nom\"]", "predicate.schemaSha256")]
    [InlineData("\"columns\":[\"id\",\"name\"]", "\"columns\":[\"id\",3]", "predicate.columns[1]")]
    [InlineData("\"source\":\"crm-export\",", "", "predicate.source")]
    [InlineData("https://rampart.dev/dataset-label/v1", "https://model_signing/signature/v1.0", "predicateType")]
    public void Parse_BadField_ThrowsNamingIt(string from, string to, string field)
    {
        var text = Encoding.UTF8.GetString(LabelStatement.Write(Sample));
        Assert.Contains(from, text, StringComparison.Ordinal);

        var error = Assert.Throws<LabelFormatException>(() => LabelStatement.Parse(Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal))));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Parse_InvalidUtf8InString_ThrowsNamingField()
    {
        // Found by the seeded fuzz test: JsonElement.GetString throws InvalidOperationException on bad UTF-8.
        var text = LabelStatement.Write(Sample);
        var at = text.AsSpan().IndexOf("crm-export"u8);
        text[at] = 0xF4;

        Assert.Equal("predicate.source", Assert.Throws<LabelFormatException>(() => LabelStatement.Parse(text)).Field);
    }

    [Fact]
    public void Parse_TooDeep_RejectedAsInvalidJson()
    {
        var deep = new string('[', 100) + new string(']', 100);

        Assert.Equal("(statement)", Assert.Throws<LabelFormatException>(() => LabelStatement.Parse(Encoding.UTF8.GetBytes(deep))).Field);
    }

    [Theory]
    [InlineData("2026-01-15", true)]
    [InlineData("2026-01-15T08:30:00Z", true)]
    [InlineData("2026-01-15T08:30:00.25+02:00", true)]
    [InlineData("2026-01-15T08:30:00", false)]
    [InlineData("15/01/2026", false)]
    [InlineData("2026-02-30", false)]
    public void TryParseTime_Forms_AcceptsRfc3339AndPlainDates(string text, bool ok)
    {
        Assert.Equal(ok, LabelStatement.TryParseTime(text, out _));
    }

    [Fact]
    public void Parse_SeededMutations_OnlyLabelFormatErrors()
    {
        var seed = LabelStatement.Write(Sample);
        var random = new Random(20261130);
        string[] tokens = ["\"", "{", "}", "[", "]", ",", ":", "null", "-1", "1e999", "\"rowCount\":", "\\u0000", "\"\""];
        for (var i = 0; i < 2000; i++)
        {
            var mutated = SeededMutator.Mutate(seed, random, tokens, "{}[]\",:0123456789abcdef", 16, 64);
            try
            {
                var label = LabelStatement.Parse(mutated);
                Assert.NotNull(label.SubjectName);
            }
            catch (LabelFormatException error)
            {
                Assert.False(string.IsNullOrEmpty(error.Field));
            }
        }
    }

    [Fact]
    public async Task VerifyAsync_SeededMutationsOfLabelFile_NeverThrows()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(4));
        var seed = File.ReadAllBytes(fixture.LabelPath);
        var random = new Random(7);
        string[] tokens = ["\"", "{", "}", "[", "]", ",", ":", "null", "AAAA", "\"payload\":", "=="];
        for (var i = 0; i < 300; i++)
        {
            File.WriteAllBytes(fixture.LabelPath, SeededMutator.Mutate(seed, random, tokens, "{}[]\",:ABCDEFabcdef0123456789+/=", 16, 64));

            var result = await fixture.VerifyAsync();

            Assert.True(result.Status is LabelStatus.LabelInvalid or LabelStatus.Intact, $"iteration {i}: {result.Status}");
            Assert.True(result.Status == LabelStatus.Intact || result.Issues.Any(x => x.Kind is LabelIssueKind.LabelMalformed or LabelIssueKind.SignatureInvalid));
        }
    }
}
