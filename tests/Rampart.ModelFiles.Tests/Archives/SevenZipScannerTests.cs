using Rampart.ModelFiles.Archives;
using static Rampart.ModelFiles.Tests.Archives.ArchiveTestSupport;

namespace Rampart.ModelFiles.Tests.Archives;

public sealed class SevenZipScannerTests
{
    [Fact]
    public void Scan_SevenZipWithPickle_UnpacksAndScansTheMember()
    {
        var report = ScanFixture("picklescan/malicious1.7z");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.SevenZip, Assert.Single(report.Formats));
        var inner = Part(report, "malicious1.7z!data.pkl");
        Assert.Equal(ModelFormat.Pickle, inner.Format);
        Assert.Equal(51, inner.Length);
    }

    [Fact]
    public void Scan_EncryptedHeaders_IsUnscannable()
    {
        var report = ScanFixture("encrypted_headers.7z");

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.EncryptedMember.Id, finding.RuleId);
        Assert.Equal("encrypted_headers.7z", finding.Location.ToString());
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_EncryptedMember_IsUnscannableOnce()
    {
        var report = ScanFixture("encrypted_data.7z");

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.EncryptedMember.Id, finding.RuleId);
        Assert.Equal("encrypted_data.7z!notes.txt", finding.Location.ToString());
    }

    [Fact]
    public void Scan_TruncatedSevenZip_IsNeverClean()
    {
        var data = File.ReadAllBytes(Fixture("picklescan/malicious1.7z"));

        var report = Scan(data[..120], "m.7z");

        Assert.True(report.Verdict >= FileVerdict.Unscannable);
        AssertNoScannerFailure(report);
    }

    [Fact]
    public void Scan_DataAfterTheHeaderDatabase_IsReported()
    {
        var data = File.ReadAllBytes(Fixture("picklescan/malicious1.7z"));

        var report = Scan(Concat(data, TinyPickle), "m.7z");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.UnlistedData.Id, finding.RuleId);
        Assert.Equal($"m.7z@{data.Length}", finding.Location.ToString());
        Assert.Equal(ModelFormat.Pickle, Part(report, "m.7z!data.pkl").Format);
    }

    [Fact]
    public void Scan_HeaderDatabaseOutsideTheFile_IsMalformedWithoutParsing()
    {
        var data = File.ReadAllBytes(Fixture("picklescan/malicious1.7z"));
        data[27] = 0x7F;
        var crc = ZipBuilder.Crc(data[12..32]);
        BitConverter.GetBytes(crc).CopyTo(data, 8);

        var finding = SingleFinding(Scan(data, "m.7z").Findings);

        Assert.Equal(ArchiveRules.StructureCorrupt.Id, finding.RuleId);
        Assert.Equal("m.7z@12", finding.Location.ToString());
    }
}
