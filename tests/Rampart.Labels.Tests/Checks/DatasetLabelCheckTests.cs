using Rampart.Checks;
using Rampart.Labels.Checks;
using Rampart.Signing.Signing;
using Rampart.Tests;

namespace Rampart.Labels.Tests.Checks;

public sealed class DatasetLabelCheckTests
{
    private const string Manifest = """
        rampart: 1
        system: { name: s, owner: o, stage: data-preparation, criticality: medium }
        assets:
          datasets:
            - id: train
              path: data/train.csv
              role: train
              security_label: { path: data/train.csv.label.json, public_key: keys/owner.pub.pem }
        """;

    private static async Task<SystemFixture> LabelledSystemAsync(string rows, SigningKey key)
    {
        var fx = new SystemFixture();
        var dataset = fx.Write("data/train.csv", rows);
        fx.Write("keys/owner.pub.pem", key.PublicKey.Pem);
        var created = await DatasetLabeler.CreateAsync(dataset, dataset + ".label.json", LabelFixture.Info, key, FixedTime.Default);
        Assert.True(created.IsValid, string.Join("; ", created.Problems));
        return fx;
    }

    [Fact]
    public async Task RunAsync_IntactDataset_NoFindingsAndCoversModificationRequirement()
    {
        using var key = SigningKey.Generate();
        using var fx = await LabelledSystemAsync(LabelFixture.Rows(4), key);

        var result = await new DatasetLabelCheck().RunAsync(fx.Context(fx.Manifest(Manifest)), CancellationToken.None);

        Assert.Empty(result.Findings);
        Assert.Equal(["REQ-DAT-05"], result.Covered.ToArray());
        Assert.Contains(result.Measurements, m => m.Metric == "datasets.label_not_intact" && m.Value == 0 && m.Verdict == Verdict.Pass);
    }

    [Fact]
    public async Task RunAsync_RowChanged_FindingNamesRowAndFailsRequirement()
    {
        using var key = SigningKey.Generate();
        using var fx = await LabelledSystemAsync(LabelFixture.Rows(4), key);
        fx.Write("data/train.csv", LabelFixture.Rows(4).Replace("2,a2,20", "2,a2,99", StringComparison.Ordinal));

        var result = await new DatasetLabelCheck().RunAsync(fx.Context(fx.Manifest(Manifest)), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DatasetLabelRules.DataChanged.Id, finding.RuleId);
        Assert.Equal("Dataset 'train': Rows differ from the signed data: 1 changed (row 2 at line 3).", finding.Message);
        Assert.Equal("data/train.csv", finding.Location.File);
        Assert.Equal("1", finding.Evidence["rows_changed"]);
        Assert.Equal(["REQ-DAT-05"], finding.Requirements.ToArray());
        Assert.Contains("THR-001", finding.Threats);
        Assert.Contains(result.Measurements, m => m.Metric == "datasets.label_not_intact" && m.Value == 1 && m.Verdict == Verdict.Fail);
    }

    [Fact]
    public async Task RunAsync_ManyRowsChanged_FindingNamesAtMostTen()
    {
        using var key = SigningKey.Generate();
        using var fx = await LabelledSystemAsync(LabelFixture.Rows(40), key);
        fx.Write("data/train.csv", LabelFixture.Rows(40).Replace(",a", ",b", StringComparison.Ordinal));

        var result = await new DatasetLabelCheck().RunAsync(fx.Context(fx.Manifest(Manifest)), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.StartsWith("Dataset 'train': Rows differ from the signed data: 40 changed (row 1 at line 2, ", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("row 10 at line 11, ...).", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LabelSignedByAnotherKey_LabelInvalid()
    {
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        using var fx = await LabelledSystemAsync(LabelFixture.Rows(2), key);
        fx.Write("keys/owner.pub.pem", other.PublicKey.Pem);

        var result = await new DatasetLabelCheck().RunAsync(fx.Context(fx.Manifest(Manifest)), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DatasetLabelRules.LabelInvalid.Id, finding.RuleId);
        Assert.Equal("signature-invalid", finding.Evidence["issue"]);
        Assert.Equal("data/train.csv.label.json", finding.Location.File);
    }

    [Fact]
    public async Task RunAsync_LabelAndKeyMissing_OneFindingNamingBoth()
    {
        using var fx = new SystemFixture();
        fx.Write("data/train.csv", LabelFixture.Rows(2));

        var result = await new DatasetLabelCheck().RunAsync(fx.Context(fx.Manifest(Manifest)), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DatasetLabelRules.Missing.Id, finding.RuleId);
        Assert.Contains("the label 'data/train.csv.label.json' cannot be used", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the public key 'keys/owner.pub.pem' cannot be used", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeyNotPem_MissingFindingNamesKeyFile()
    {
        using var key = SigningKey.Generate();
        using var fx = await LabelledSystemAsync(LabelFixture.Rows(2), key);
        fx.Write("keys/owner.pub.pem", "not a key");

        var result = await new DatasetLabelCheck().RunAsync(fx.Context(fx.Manifest(Manifest)), CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DatasetLabelRules.Missing.Id, finding.RuleId);
        Assert.Equal("keys/owner.pub.pem", finding.Location.File);
        Assert.Contains("owner.pub.pem", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LabelForAnotherFile_SubjectMismatch()
    {
        using var key = SigningKey.Generate();
        using var fx = new SystemFixture();
        var other = fx.Write("data/other.csv", LabelFixture.Rows(2));
        fx.Write("data/train.csv", LabelFixture.Rows(3));
        fx.Write("keys/owner.pub.pem", key.PublicKey.Pem);
        await DatasetLabeler.CreateAsync(other, Path.Combine(fx.Path, "data/train.csv.label.json"), LabelFixture.Info, key, FixedTime.Default);

        var result = await new DatasetLabelCheck().RunAsync(fx.Context(fx.Manifest(Manifest)), CancellationToken.None);

        Assert.Contains(result.Findings, f => f.RuleId == DatasetLabelRules.SubjectMismatch.Id && f.Message.Contains("'other.csv', not 'train.csv'", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.RuleId == DatasetLabelRules.DataChanged.Id);
    }

    [Fact]
    public void Descriptor_RulesAndIds_AreStable()
    {
        var descriptor = new DatasetLabelCheck().Descriptor;

        Assert.Equal("DATA-LABEL", descriptor.Id);
        Assert.Equal(["RMP-DL-001", "RMP-DL-002", "RMP-DL-003", "RMP-DL-004", "RMP-DL-005"], descriptor.Rules.Select(r => r.Id));
        Assert.Equal(["TEC-DAT-07"], descriptor.Techniques.ToArray());
    }
}
