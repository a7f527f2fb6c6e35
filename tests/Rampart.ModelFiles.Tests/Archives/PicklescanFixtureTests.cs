using static Rampart.ModelFiles.Tests.Archives.ArchiveTestSupport;

namespace Rampart.ModelFiles.Tests.Archives;

/// <summary>picklescan's container fixtures (MIT, mmaitre314/picklescan tests/data and tests/data2 at f15d54da).</summary>
public sealed class PicklescanFixtureTests
{
    [Fact]
    public void Scan_MaliciousZip_ScansTheRootPickle()
    {
        var report = ScanFixture("picklescan/malicious1.zip");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.Pickle, Part(report, "malicious1.zip!data.pkl").Format);
    }

    [Fact]
    public void Scan_NewPyTorchModel_ScansArchiveDataPklWithDataDescriptors()
    {
        var report = ScanFixture("picklescan/new_pytorch_model.bin");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.Pickle, Part(report, "new_pytorch_model.bin!archive/data.pkl").Format);
        Assert.Equal("tensor data", Part(report, "new_pytorch_model.bin!archive/data/0").Role);
        Assert.Equal(ModelFormat.Text, Part(report, "new_pytorch_model.bin!archive/version").Format);
    }

    [Fact]
    public void Scan_LegacyPyTorchModel_IsAPickleNotAContainer()
    {
        var report = ScanFixture("picklescan/pytorch_model.bin");

        Assert.Equal(ModelFormat.Pickle, Assert.Single(report.Formats));
        Assert.Empty(ArchiveFindings(report));
        Assert.DoesNotContain(report.Parts, part => part.Location.Members.Length > 0);
    }

    [Fact]
    public void Scan_PngNamedPt_IsUnknownNotAnArchive()
    {
        var report = ScanFixture("picklescan/bad_pytorch.pt");

        Assert.Equal(ModelFormat.Unknown, Assert.Single(report.Formats));
        Assert.Contains(report.Findings, finding => finding.RuleId == CoreScanRules.UnknownFormat.Id);
        Assert.Empty(ArchiveFindings(report));
    }
}
