using System.Formats.Tar;
using Rampart.ModelFiles.Archives;
using static Rampart.ModelFiles.Tests.Archives.ArchiveTestSupport;

namespace Rampart.ModelFiles.Tests.Archives;

public sealed class TarScannerTests
{
    [Fact]
    public void Scan_GnuTar_ScansMembersAndReportsLinksAndTraversal()
    {
        var report = ScanFixture("plain.tar");

        Assert.Equal(ModelFormat.Text, Part(report, "plain.tar!README.md").Format);
        var longName = "nested/" + string.Concat(Enumerable.Repeat("long_name_", 12)) + ".txt";
        Assert.Equal(ModelFormat.Text, Part(report, "plain.tar!" + longName).Format);
        var findings = ArchiveFindings(report);
        Assert.Equal(3, findings.Count);
        var link = Assert.Single(findings, finding => finding.RuleId == ArchiveRules.SpecialTarMember.Id);
        Assert.Equal("plain.tar!latest", link.Location.ToString());
        Assert.Equal("../../etc/passwd", link.Evidence["target"]);
        var traversal = findings.Where(finding => finding.RuleId == ArchiveRules.PathTraversal.Id).Select(finding => finding.Location.ToString()).ToList();
        Assert.Equal(["plain.tar!latest", "plain.tar!../escape.txt"], traversal);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_TarGz_ScansTheTarInsideTheGzip()
    {
        var report = ScanFixture("plain.tar.gz");

        Assert.Equal(ModelFormat.Gzip, Assert.Single(report.Formats));
        Assert.Equal(ModelFormat.Tar, Part(report, "plain.tar.gz!plain.tar").Format);
        Assert.Equal(ModelFormat.Text, Part(report, "plain.tar.gz!plain.tar!README.md").Format);
        Assert.Contains(report.Findings, finding => finding.RuleId == ArchiveRules.PathTraversal.Id && finding.Location.ToString() == "plain.tar.gz!plain.tar!../escape.txt");
    }

    [Fact]
    public void Scan_PyTorchLegacyTar_ScansEveryPickleIncludingThoseBetweenRawTensorBytes()
    {
        var report = ScanFixture("legacy_v011.tar");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.PyTorchLegacyTar.Id, finding.RuleId);
        Assert.Equal("legacy_v011.tar", finding.Location.ToString());
        string[] pickles = ["sys_info", "pickle", "storages[0]", "storages[1]", "storages[2]", "tensors[0]", "tensors[1]"];
        foreach (var member in pickles)
        {
            Assert.Equal(ModelFormat.Pickle, Part(report, "legacy_v011.tar!" + member).Format);
        }

        Assert.Equal(46, Part(report, "legacy_v011.tar!storages[1]").Length);
    }

    [Fact]
    public void Scan_LegacyStorageCountBeyondTheMember_IsReportedWhereTheSplitStops()
    {
        // Count pickle, a record naming torch.FloatStorage, then an element count far beyond the member's end.
        byte[] record = [0x80, 0x02, .. Text("ctorch\nFloatStorage\n"), (byte)'.'];
        var storages = Concat(TinyPickle, record, BitConverter.GetBytes(1_000_000L), new byte[8]);
        var tar = BuildTar(TarEntryFormat.Ustar, writer =>
        {
            AddFile(writer, TarEntryFormat.Ustar, "sys_info", TinyPickle);
            AddFile(writer, TarEntryFormat.Ustar, "pickle", TinyPickle);
            AddFile(writer, TarEntryFormat.Ustar, "storages", storages);
            AddFile(writer, TarEntryFormat.Ustar, "tensors", TinyPickle);
        });

        var report = Scan(tar, "old.pt");

        var finding = Assert.Single(ArchiveFindings(report), finding => finding.RuleId == ArchiveRules.UnsupportedMember.Id);
        Assert.Equal($"old.pt!storages@{TinyPickle.Length + record.Length}", finding.Location.ToString());
        Assert.Equal(ModelFormat.Pickle, Part(report, "old.pt!storages[1]").Format);
    }

    [Fact]
    public void Scan_PaxTarWithDevicesAndLinks_ReportsEachSpecialMember()
    {
        var tar = BuildTar(TarEntryFormat.Pax, writer =>
        {
            AddFile(writer, TarEntryFormat.Pax, "weights/" + new string('w', 120) + ".txt", "pax long name\n");
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "abs-link") { LinkName = "/etc/shadow" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "weights/x" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "tty"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "pipe"));
        });

        var report = Scan(tar, "m.tar");

        Assert.Equal(ModelFormat.Text, Part(report, "m.tar!weights/" + new string('w', 120) + ".txt").Format);
        var special = ArchiveFindings(report).Where(finding => finding.RuleId == ArchiveRules.SpecialTarMember.Id).Select(finding => finding.Location.ToString());
        Assert.Equal(["m.tar!abs-link", "m.tar!hard", "m.tar!tty", "m.tar!pipe"], special);
        var traversal = Assert.Single(report.Findings, finding => finding.RuleId == ArchiveRules.PathTraversal.Id);
        Assert.Equal("/etc/shadow", traversal.Evidence["target"]);
        Assert.Contains("absolute path", traversal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_DuplicateMemberNames_ReportsAndScansBoth()
    {
        var tar = BuildTar(TarEntryFormat.Ustar, writer =>
        {
            AddFile(writer, TarEntryFormat.Ustar, "model.pkl", "first\n");
            AddFile(writer, TarEntryFormat.Ustar, "model.pkl", "second\n");
        });

        var report = Scan(tar, "m.tar");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.DuplicateMemberName.Id, finding.RuleId);
        Assert.Equal("1024", finding.Evidence["offset"]);
        Assert.Equal(2, report.Parts.Count(part => part.Location.ToString() == "m.tar!model.pkl"));
    }

    [Fact]
    public void Scan_BadHeaderChecksum_ReportsTheOffsetAndKeepsEarlierMembers()
    {
        var tar = BuildTar(TarEntryFormat.Ustar, writer =>
        {
            AddFile(writer, TarEntryFormat.Ustar, "a.txt", "a\n");
            AddFile(writer, TarEntryFormat.Ustar, "b.txt", "b\n");
        });
        tar[1024 + 10] ^= 0x01;

        var report = Scan(tar, "m.tar");

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.StructureCorrupt.Id, finding.RuleId);
        Assert.Equal("m.tar@1024", finding.Location.ToString());
        Assert.Equal(ModelFormat.Text, Part(report, "m.tar!a.txt").Format);
    }

    [Fact]
    public void Scan_DataAfterEndOfArchive_IsReported()
    {
        var tar = BuildTar(TarEntryFormat.Ustar, writer => AddFile(writer, TarEntryFormat.Ustar, "a.txt", "a\n"));
        var withTail = Concat(tar, TinyPickle);

        var finding = SingleFinding(Scan(withTail, "m.tar").Findings);

        Assert.Equal(ArchiveRules.UnlistedData.Id, finding.RuleId);
        Assert.Equal(tar.Length, finding.Location.Offset);
    }

    [Fact]
    public void Scan_TruncatedMember_IsMalformedAndTheAvailablePartIsNotLost()
    {
        var tar = BuildTar(TarEntryFormat.Ustar, writer => AddFile(writer, TarEntryFormat.Ustar, "a.txt", new string('a', 2000)));

        var report = Scan(tar[..1500], "m.tar");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.StructureCorrupt.Id, finding.RuleId);
        Assert.Equal("m.tar@512", finding.Location.ToString());
        Assert.Equal(988, Part(report, "m.tar!a.txt").Length);
    }

    private static byte[] BuildTar(TarEntryFormat format, Action<TarWriter> write)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, format, leaveOpen: true))
        {
            write(writer);
        }

        return output.ToArray();
    }

    private static void AddFile(TarWriter writer, TarEntryFormat format, string name, string content) =>
        AddFile(writer, format, name, Text(content));

    private static void AddFile(TarWriter writer, TarEntryFormat format, string name, byte[] content)
    {
        TarEntry entry = format == TarEntryFormat.Pax
            ? new PaxTarEntry(TarEntryType.RegularFile, name)
            : new UstarTarEntry(TarEntryType.RegularFile, name);
        entry.DataStream = new MemoryStream(content);
        writer.WriteEntry(entry);
    }
}
