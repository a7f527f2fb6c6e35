using Rampart.Labels.Model;
using Rampart.Labels.Verification;
using Rampart.Signing.Signing;
using Rampart.Tests;

namespace Rampart.Labels.Tests;

/// <summary>A temporary folder with a dataset, a key pair and helpers to label and verify it.</summary>
internal sealed class LabelFixture : IDisposable
{
    public const string Header = "id,name,score\n";

    public static readonly DatasetLabelInfo Info = new()
    {
        Source = "crm-export",
        Provider = "Data team",
        CollectedAt = new DateTimeOffset(2026, 1, 15, 8, 30, 0, TimeSpan.Zero),
        Owner = "Risk office",
        Purpose = "fraud model training",
        Sensitivity = DatasetSensitivity.Confidential,
        Classification = "personal data",
        License = "CC-BY-4.0",
    };

    private readonly TempFolder _folder = new();

    public LabelFixture()
    {
        Key = SigningKey.Generate();
        DatasetPath = Path.Combine(_folder.Path, "data.csv");
        LabelPath = DatasetLabeler.DefaultLabelPath(DatasetPath);
    }

    public SigningKey Key { get; }

    public string Folder => _folder.Path;

    public string DatasetPath { get; }

    public string LabelPath { get; }

    public string RowsPath => DatasetLabeler.RowsPathFor(LabelPath);

    /// <summary>Rows "1,a1,10" .. "n,an,n0" after the header, LF line ends.</summary>
    public static string Rows(int count) => Header + string.Concat(Enumerable.Range(1, count).Select(i => $"{i},a{i},{i}0\n"));

    public void WriteDataset(string text) => File.WriteAllText(DatasetPath, text);

    public async Task<LabelCreation> LabelAsync(string text, LabelOptions? options = null)
    {
        WriteDataset(text);
        var created = await DatasetLabeler.CreateAsync(DatasetPath, LabelPath, Info, Key, FixedTime.Default, options);
        Assert.True(created.IsValid, string.Join("; ", created.Problems));
        return created.Value!;
    }

    public Task<LabelVerification> VerifyAsync(SigningPublicKey? key = null, LabelOptions? options = null) =>
        DatasetLabelVerifier.VerifyAsync(DatasetPath, LabelPath, key ?? Key.PublicKey, options);

    public void Dispose()
    {
        Key.Dispose();
        _folder.Dispose();
    }
}
