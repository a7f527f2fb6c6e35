using System.Text;
using Rampart.Labels.Verification;
using Rampart.Tests;

namespace Rampart.Labels.Tests.Verification;

public sealed class DatasetFuzzTests
{
    [Fact]
    public async Task VerifyAsync_SeededMutationsOfDataset_AnswerWithoutThrowingAndProofsVerify()
    {
        using var fixture = new LabelFixture();
        var original = LabelFixture.Header + "1,\"a, quoted\",10\n2,\"say \"\"hi\"\"\",20\n3,\"two\nlines\",30\n" + string.Concat(Enumerable.Range(4, 20).Select(i => $"{i},a{i},{i}0\n"));
        await fixture.LabelAsync(original);
        var seed = Encoding.UTF8.GetBytes(original);
        var random = new Random(424242);
        string[] tokens = ["\"", ",", "\n", "\r\n", "\"\"", "\uFEFF", "\n\n", "x,y,z\n"];
        var seen = new HashSet<LabelStatus>();
        for (var i = 0; i < 200; i++)
        {
            File.WriteAllBytes(fixture.DatasetPath, SeededMutator.Mutate(seed, random, tokens, "\",\n\r ab01", 8, 40));

            var result = await fixture.VerifyAsync();

            seen.Add(result.Status);
            Assert.True(result.SignatureValid);
            Assert.NotEqual(LabelStatus.LabelInvalid, result.Status);
            if (result.Rows is { } rows)
            {
                Assert.All(rows.Rows, r => Assert.True(r.Proof is null || r.Proof.Verified, $"iteration {i}"));
                Assert.All(rows.Rows.Where(r => r.Kind != RowChangeKind.Removed), r => Assert.True(r.CurrentLine >= 2));
            }
        }

        Assert.Contains(LabelStatus.Changed, seen);
    }

    [Fact]
    public void Validate_BadOptions_ListsEveryProblem()
    {
        var problems = new LabelOptions { MaxRows = 0, MaxEditDistance = 20_000, MaxReportedRows = 0, MaxLabelBytes = 0, Csv = new() { MaxColumns = 0 } }.Validate();

        Assert.Equal(["csv.maxColumns", "label.maxRows", "label.maxEditDistance", "label.maxReportedRows", "label.maxLabelBytes"], problems.Select(p => p.Field));
    }
}
