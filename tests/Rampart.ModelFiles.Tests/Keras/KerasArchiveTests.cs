using System.IO.Compression;
using Rampart.ModelFiles.Keras;
using static Rampart.ModelFiles.Tests.Keras.KerasTestKit;

namespace Rampart.ModelFiles.Tests.Keras;

/// <summary>Whole <c>.keras</c> archives: the zip scanner hands <c>config.json</c> to the Keras configuration scanner.</summary>
public sealed class KerasArchiveTests
{
    private static byte[] KerasZip(string configFixture)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "metadata.json", """{"keras_version": "3.6.0", "date_saved": "2026-11-30@12:00:00"}"""u8.ToArray());
            Add(zip, "config.json", Bytes("Keras", configFixture));
            Add(zip, "model.weights.h5", Bytes("Keras", "model.weights.h5"));
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] data)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(data);
    }

    [Fact]
    public void ScanStream_KerasArchiveWithLambda_IsDangerousAtConfigMember()
    {
        var report = ScanFile(KerasZip("keras3_lambda_config.json"), "model.keras");

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.RuleId == KerasRules.LambdaBytecode.Id);
        Assert.Equal(["config.json"], finding.Location.Members.ToArray());
        Assert.Equal("double", finding.Location.Node);
        Assert.Contains(report.Parts, part => part.Format == ModelFormat.KerasConfig && part.Location.Members.SequenceEqual(["config.json"]));
    }

    [Fact]
    public void ScanStream_KerasArchiveWithGetFile_IsDangerous()
    {
        var report = ScanFile(KerasZip("keras3_get_file_config.json"), "model.keras");

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        Assert.Contains(report.Findings, f => f.RuleId == KerasRules.FileAccessFunction.Id);
    }

    [Fact]
    public void ScanStream_BenignKerasArchive_IsNotSuspicious()
    {
        var report = ScanFile(KerasZip("keras3_sequential_config.json"), "model.keras");

        Assert.True(report.Verdict <= FileVerdict.Info, string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Message}")));
        AssertNoScannerFailure(report.Findings);
    }
}
