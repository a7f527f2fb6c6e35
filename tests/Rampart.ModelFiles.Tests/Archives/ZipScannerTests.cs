using Rampart.ModelFiles.Archives;
using static Rampart.ModelFiles.Tests.Archives.ArchiveTestSupport;

namespace Rampart.ModelFiles.Tests.Archives;

public sealed class ZipScannerTests
{
    [Fact]
    public void Scan_TorchSave_ScansDataPklAndRecordsStoragesAsTensorData()
    {
        var report = ScanFixture("torch_zip.pt");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.Zip, Assert.Single(report.Formats));
        Assert.Equal(ModelFormat.Pickle, Part(report, "torch_zip.pt!torch_zip/data.pkl").Format);
        Assert.Equal(ModelFormat.Text, Part(report, "torch_zip.pt!torch_zip/version").Format);
        var storage = Part(report, "torch_zip.pt!torch_zip/data/0");
        Assert.Equal("tensor data", storage.Role);
        Assert.Equal(16, storage.Length);
        AssertNoScannerFailure(report);
    }

    [Fact]
    public void Scan_TorchScript_ReportsCodeAsInfoAndScansItsPickles()
    {
        var report = ScanFixture("torchscript.pt");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.TorchScriptCode.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Info, finding.Verdict);
        Assert.Equal("torchscript.pt", finding.Location.ToString());
        Assert.Contains("torchscript/code/__torch__.py", finding.Message, StringComparison.Ordinal);
        Assert.Equal("TorchScript code", Part(report, "torchscript.pt!torchscript/code/__torch__.py").Role);
        Assert.Equal(ModelFormat.Pickle, Part(report, "torchscript.pt!torchscript/constants.pkl").Format);
        Assert.Equal(ModelFormat.Pickle, Part(report, "torchscript.pt!torchscript/code/__torch__.py.debug_pkl").Format);
        Assert.Equal("tensor data", Part(report, "torchscript.pt!torchscript/data/0").Role);
    }

    [Theory]
    [InlineData("arrays.npz", new[] { "a.npy", "b.npy" })]
    [InlineData("arrays_compressed.npz", new[] { "a.npy" })]
    [InlineData("picklescan/int_arrays.npz", new[] { "a.npy", "b.npy" })]
    [InlineData("picklescan/object_arrays_compressed.npz", new[] { "a.npy", "b.npy" })]
    public void Scan_Npz_ScansEveryNpyMember(string fixture, string[] members)
    {
        var report = ScanFixture(fixture);

        Assert.Empty(ArchiveFindings(report));
        foreach (var member in members)
        {
            Assert.Equal(ModelFormat.Npy, Part(report, $"{Path.GetFileName(fixture)}!{member}").Format);
        }
    }

    [Fact]
    public void Scan_SavezCompressed_UnpacksDeflateMembersToTheirFullSize()
    {
        var report = ScanFixture("arrays_compressed.npz");

        Assert.Equal(1328, Part(report, "arrays_compressed.npz!a.npy").Length);
    }

    [Fact]
    public void Scan_KerasArchive_HandsConfigToTheKerasConfigScannerAndScansWeights()
    {
        var report = ScanFixture("model.keras");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.KerasConfig, Part(report, "model.keras!config.json").Format);
        Assert.Equal(ModelFormat.Text, Part(report, "model.keras!metadata.json").Format);
        Assert.Equal(ModelFormat.Hdf5, Part(report, "model.keras!model.weights.h5").Format);
    }

    [Fact]
    public void Scan_KerasArchiveWithPythonFile_FlagsTheCode()
    {
        var report = ScanFixture("model_with_code.keras");

        var finding = Assert.Single(report.Findings, finding => finding.RuleId == CoreScanRules.ExecutableCode.Id);
        Assert.Equal("model_with_code.keras!custom_layer.py", finding.Location.ToString());
        Assert.Equal(FileVerdict.Suspicious, finding.Verdict);
    }

    [Theory]
    [InlineData("malicious1_0x1.zip", "0x0001", "encrypted (bit 0)")]
    [InlineData("malicious1_0x20.zip", "0x0020", "compressed patched data (bit 5)")]
    [InlineData("malicious1_0x40.zip", "0x0040", "strongly encrypted (bit 6)")]
    public void Scan_ProtectionFlagOnPlainStoredData_ReportsFlagsAndScansThePickle(string fixture, string flags, string text)
    {
        var report = ScanFixture("picklescan/" + fixture);

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.ZipMisleadingFlags.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Malformed, finding.Verdict);
        Assert.Equal($"{fixture}!model/config.pkl", finding.Location.ToString());
        Assert.Equal(flags, finding.Evidence["flags"]);
        Assert.Contains(text, finding.Message, StringComparison.Ordinal);
        Assert.Equal(ModelFormat.Pickle, Part(report, $"{fixture}!model/config.pkl").Format);
    }

    [Fact]
    public void Scan_PasswordProtectedMember_IsUnscannableAndNotSniffed()
    {
        var report = ScanFixture("picklescan/benign_password_protected.zip");

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.EncryptedMember.Id, finding.RuleId);
        Assert.Equal("benign_password_protected.zip!test.txt", finding.Location.ToString());
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
        Assert.DoesNotContain(report.Parts, part => part.Location.Members.Length > 0);
    }

    [Fact]
    public void Scan_DeflatedMemberWithEncryptionFlag_IsUnscannableWhenTheDataIsNotPlain()
    {
        var content = Text("secret weights");
        var garbage = Deflate(content);
        garbage[1] ^= 0x5A;
        var zip = new ZipBuilder().Add("w.txt", content, method: 8, flags: 1, packed: garbage).Build();

        var report = Scan(zip, "m.zip");

        Assert.Equal(ArchiveRules.EncryptedMember.Id, SingleFinding(report.Findings).RuleId);
    }

    [Fact]
    public void Scan_DeflatedMemberWithEncryptionFlagOnPlainData_ReportsFlagsAndScans()
    {
        var zip = new ZipBuilder().Add("notes.txt", Text("plain text\n"), method: 8, flags: 1).Build();

        var report = Scan(zip, "m.zip");

        Assert.Equal(ArchiveRules.ZipMisleadingFlags.Id, SingleFinding(report.Findings).RuleId);
        Assert.Equal(ModelFormat.Text, Part(report, "m.zip!notes.txt").Format);
    }

    [Fact]
    public void Scan_BadCrc_ReportsExpectedAndActualAndScans()
    {
        var report = ScanFixture("picklescan/malicious1_crc.zip");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.ZipCrcMismatch.Id, finding.RuleId);
        Assert.Equal("malicious1_crc.zip!data.pkl", finding.Location.ToString());
        Assert.Equal("03e69f6c", finding.Evidence["expected"]);
        Assert.Equal("dafa6d18", finding.Evidence["actual"]);
        Assert.Equal(ModelFormat.Pickle, Part(report, "malicious1_crc.zip!data.pkl").Format);
    }

    [Fact]
    public void Scan_BadCrcOnDeflatedMember_IsReported()
    {
        var zip = new ZipBuilder().Add("a.txt", Text("hello\n"), method: 8, crc: 0x12345678).Build();

        var finding = SingleFinding(Scan(zip, "m.zip").Findings);

        Assert.Equal(ArchiveRules.ZipCrcMismatch.Id, finding.RuleId);
        Assert.Equal("12345678", finding.Evidence["expected"]);
    }

    [Fact]
    public void Scan_LocalNameDiffersFromCentralName_ReportsBothNamesAndScansByCentralName()
    {
        var report = ScanFixture("picklescan/malicious1_central_directory.zip");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.ZipNameMismatch.Id, finding.RuleId);
        Assert.Equal("data.pkl", finding.Evidence["centralName"]);
        Assert.Equal("datap.kl", finding.Evidence["localName"]);
        Assert.Equal(ModelFormat.Pickle, Part(report, "malicious1_central_directory.zip!data.pkl").Format);
    }

    [Fact]
    public void Scan_PickleNamedAsText_IsSniffedAsPickle()
    {
        var report = ScanFixture("picklescan/malicious1_wrong_ext.zip");

        Assert.Equal(ModelFormat.Pickle, Part(report, "malicious1_wrong_ext.zip!data.txt").Format);
        Assert.Contains(report.Findings, finding => finding.RuleId == CoreScanRules.MisleadingExtension.Id && finding.Location.ToString() == "malicious1_wrong_ext.zip!data.txt");
    }

    [Fact]
    public void Scan_DuplicateNames_ReportsAndScansBothCopies()
    {
        var zip = new ZipBuilder().Add("data.pkl", TinyPickle).Add("data.pkl", Text("text copy\n")).Build();

        var report = Scan(zip, "m.zip");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.DuplicateMemberName.Id, finding.RuleId);
        Assert.Equal("m.zip!data.pkl", finding.Location.ToString());
        var parts = report.Parts.Where(part => part.Location.ToString() == "m.zip!data.pkl").Select(part => part.Format).ToList();
        Assert.Equal([ModelFormat.Pickle, ModelFormat.Text], parts);
    }

    [Fact]
    public void Scan_PrependedData_ReportsItAtOffsetZeroAndStillReadsTheMembers()
    {
        var zip = new ZipBuilder { Prefix = Text("#!/bin/sh\necho stub\n") }.Add("notes.txt", Text("hello\n")).Build();

        var report = Scan(zip, "m.zip");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.UnlistedData.Id, finding.RuleId);
        Assert.Equal("m.zip@0", finding.Location.ToString());
        Assert.Equal("20", finding.Evidence["length"]);
        Assert.Contains("before the first member", finding.Message, StringComparison.Ordinal);
        Assert.Equal(ModelFormat.Text, Part(report, "m.zip!notes.txt").Format);
        Assert.Contains(ModelFormat.Zip, report.Formats);
    }

    [Fact]
    public void Scan_LocalHeaderMissingFromCentralDirectory_IsReportedAsHiddenMember()
    {
        var hidden = new ZipBuilder().Add("payload.pkl", TinyPickle).Build();
        var localOnly = hidden[..(30 + "payload.pkl".Length + TinyPickle.Length)];
        var zip = new ZipBuilder().Add("a.txt", Text("a\n")).Add("b.txt", Text("b\n"), gapBefore: localOnly).Build();

        var report = Scan(zip, "m.zip");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.UnlistedData.Id, finding.RuleId);
        Assert.Equal(30 + 5 + 2, finding.Location.Offset);
        Assert.Contains("missing from the central directory", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_DataAfterEndRecord_IsReported()
    {
        var zip = new ZipBuilder { Suffix = Text("trailing") }.Add("a.txt", Text("a\n")).Build();

        var finding = SingleFinding(ArchiveFindings(Scan(zip, "m.zip")));

        Assert.Equal(ArchiveRules.UnlistedData.Id, finding.RuleId);
        Assert.Equal(zip.Length - 8, finding.Location.Offset);
        Assert.Contains("after the end of the archive", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_TwoEntriesForOneLocalHeader_ReportsOverlap()
    {
        var zip = new ZipBuilder().Add("a.txt", Text("a\n")).DuplicateEntry(0, "b.txt").Build();

        var report = Scan(zip, "m.zip");

        var findings = ArchiveFindings(report);
        Assert.Equal([ArchiveRules.ZipNameMismatch.Id, ArchiveRules.OverlappingMembers.Id], findings.Select(finding => finding.RuleId));
        var finding = findings[1];
        Assert.Equal("m.zip@0", finding.Location.ToString());
        Assert.Equal("a.txt,b.txt", finding.Evidence["members"]);
    }

    [Theory]
    [InlineData("../evil.txt", FileVerdict.Dangerous, "goes up with '..'")]
    [InlineData("/etc/cron.d/job", FileVerdict.Dangerous, "absolute path")]
    [InlineData("C:/Windows/evil.txt", FileVerdict.Dangerous, "drive letter")]
    [InlineData("models\\..\\..\\evil.txt", FileVerdict.Dangerous, "goes up with '..'")]
    [InlineData("models\\weights.txt", FileVerdict.Suspicious, "backslashes")]
    public void Scan_UnsafeMemberName_IsReported(string name, FileVerdict verdict, string reason)
    {
        var zip = new ZipBuilder().Add(name, Text("x\n")).Build();

        var finding = SingleFinding(ArchiveFindings(Scan(zip, "m.zip")));

        Assert.Equal(ArchiveRules.PathTraversal.Id, finding.RuleId);
        Assert.Equal(verdict, finding.Verdict);
        Assert.Contains(reason, finding.Message, StringComparison.Ordinal);
        Assert.Equal("m.zip!" + name, finding.Location.ToString());
    }

    [Fact]
    public void Scan_HighlyCompressibleMemberBeyondRatio_IsACompressionBombAndNotUnpacked()
    {
        var zeros = new byte[4 << 20];
        var zip = new ZipBuilder().Add("bomb.bin", zeros, method: 8).Add("ok.txt", Text("fine\n")).Build();
        Assert.True(zip.Length < 16 << 10);

        var report = Scan(zip, "m.zip", new ScanOptions { Limits = ScanLimits.Default with { MaxCompressionRatio = 100 } });

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.CompressionBomb.Id, finding.RuleId);
        Assert.Equal("m.zip!bomb.bin", finding.Location.ToString());
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
        Assert.DoesNotContain(report.Parts, part => part.Location.ToString() == "m.zip!bomb.bin");
        Assert.Equal(ModelFormat.Text, Part(report, "m.zip!ok.txt").Format);
    }

    [Fact]
    public void Scan_BombThatUnderstatesItsSize_IsStoppedWhileUnpacking()
    {
        var zeros = new byte[4 << 20];
        var zip = new ZipBuilder().Add("bomb.bin", zeros, method: 8, uncompressedSize: 10).Build();

        var report = Scan(zip, "m.zip", new ScanOptions { Limits = ScanLimits.Default with { MaxCompressionRatio = 100 } });

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.CompressionBomb.Id, finding.RuleId);
        Assert.Contains("decompression bomb", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_TotalUnpackedBeyondLimit_StopsWithLimitReached()
    {
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        var zip = new ZipBuilder().Add("a.bin", data, method: 8).Add("b.bin", data, method: 8).Build();

        var report = Scan(zip, "m.zip", new ScanOptions { Limits = ScanLimits.Default with { MaxTotalDecompressedBytes = 3 << 19 } });

        var finding = Assert.Single(report.Findings, finding => finding.RuleId == CoreScanRules.LimitReached.Id);
        Assert.Equal("m.zip!b.bin", finding.Location.ToString());
    }

    [Fact]
    public void Scan_ZipNestedBeyondMaxDepth_StopsAtTheLimit()
    {
        var archive = new ZipBuilder().Add("inner.txt", Text("deep\n")).Build();
        for (var level = 0; level < 4; level++)
        {
            archive = new ZipBuilder().Add($"level{level}.zip", archive).Build();
        }

        var report = Scan(archive, "m.zip", new ScanOptions { Limits = ScanLimits.Default with { MaxDepth = 2 } });

        var finding = SingleFinding(report.Findings);
        Assert.Equal(CoreScanRules.LimitReached.Id, finding.RuleId);
        Assert.Equal("m.zip!level3.zip!level2.zip", finding.Location.ToString());
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_CorruptMemberBeforeDataPkl_DoesNotStopTheOtherMembers()
    {
        // 0xFF starts a final block of the reserved type 3, which every inflater rejects.
        var broken = Enumerable.Repeat((byte)0xFF, 40).ToArray();
        var zip = new ZipBuilder()
            .Add("archive/broken", Text(new string('x', 2000)), method: 8, packed: broken)
            .Add("archive/data.pkl", TinyPickle)
            .Build();

        var report = Scan(zip, "model.pt");

        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.CorruptCompressedData.Id, finding.RuleId);
        Assert.Equal("model.pt!archive/broken", finding.Location.ToString());
        Assert.Equal(ModelFormat.Pickle, Part(report, "model.pt!archive/data.pkl").Format);
        AssertNoScannerFailure(report);
    }

    [Fact]
    public void Scan_CentralEntryPointingNowhere_IsReportedAndOthersScanned()
    {
        var zip = new ZipBuilder().Add("a.txt", Text("a\n")).Add("data.pkl", TinyPickle).Build();
        zip[zip.Length - 22 - (46 + 8) - (46 + 5) + 42] = 0x07;

        var report = Scan(zip, "m.zip");

        Assert.Contains(ArchiveFindings(report), finding => finding.RuleId == ArchiveRules.StructureCorrupt.Id && finding.Location.ToString() == "m.zip!a.txt");
        Assert.Equal(ModelFormat.Pickle, Part(report, "m.zip!data.pkl").Format);
    }

    [Fact]
    public void Scan_UnsupportedMethod_IsUnscannable()
    {
        var zip = new ZipBuilder().Add("w.bin", Text("ppmd?"), method: 98).Build();

        var finding = SingleFinding(Scan(zip, "m.zip").Findings);

        Assert.Equal(ArchiveRules.UnsupportedMember.Id, finding.RuleId);
        Assert.Equal("98", finding.Evidence["method"]);
        Assert.Contains("PPMd", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_Bzip2AndZstandardMembers_AreUnpacked()
    {
        var content = Text("compressed member text\n");
        var bzip2 = new MemoryStream();
        using (var encoder = SharpCompress.Compressors.BZip2.BZip2Stream.Create(bzip2, SharpCompress.Compressors.CompressionMode.Compress, false, true, false))
        {
            encoder.Write(content);
        }

        var zstd = new MemoryStream();
        using (var encoder = new SharpCompress.Compressors.ZStandard.CompressionStream(zstd, 3, 1 << 16, true))
        {
            encoder.Write(content);
        }

        var zip = new ZipBuilder()
            .Add("a.txt", content, method: 12, packed: bzip2.ToArray())
            .Add("b.txt", content, method: 93, packed: zstd.ToArray())
            .Build();

        var report = Scan(zip, "m.zip");

        Assert.Empty(report.Findings);
        Assert.Equal(content.Length, Part(report, "m.zip!a.txt").Length);
        Assert.Equal(content.Length, Part(report, "m.zip!b.txt").Length);
    }

    [Fact]
    public void Scan_ExtraPickleInPyTorchZip_IsReportedEvenWithoutExtension()
    {
        var zip = new ZipBuilder()
            .Add("archive/data.pkl", TinyPickle)
            .Add("archive/version", Text("3\n"))
            .Add("archive/extra.pkl", TinyPickle)
            .Add("archive/notes", TinyPickle)
            .Build();

        var report = Scan(zip, "model.pt");

        var findings = ArchiveFindings(report);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, finding => Assert.Equal(ArchiveRules.PyTorchExtraPickle.Id, finding.RuleId));
        Assert.Equal(["model.pt!archive/extra.pkl", "model.pt!archive/notes"], findings.Select(finding => finding.Location.ToString()));
    }

    [Fact]
    public void Scan_StorageMemberHoldingPickleBytes_IsRecordedNotSniffed()
    {
        var zip = new ZipBuilder().Add("archive/data.pkl", TinyPickle).Add("archive/data/0", TinyPickle).Build();

        var report = Scan(zip, "model.pt");

        Assert.Empty(ArchiveFindings(report));
        var storage = Part(report, "model.pt!archive/data/0");
        Assert.Equal(ModelFormat.Unknown, storage.Format);
        Assert.Equal("tensor data", storage.Role);
    }

    [Fact]
    public void Scan_CentralDirectoryOutsideFile_IsMalformed()
    {
        var zip = new ZipBuilder().Add("a.txt", Text("a\n")).Build();
        zip[^7] = 0x7F;

        var report = Scan(zip, "m.zip");

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.StructureCorrupt.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_NoEndRecord_IsMalformed()
    {
        var zip = new ZipBuilder().Add("a.txt", Text("a\n")).Build();

        var report = Scan(zip[..^22], "m.zip");

        var finding = SingleFinding(report.Findings);
        Assert.Equal(ArchiveRules.StructureCorrupt.Id, finding.RuleId);
        Assert.Contains("No zip end-of-central-directory record", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_EntryCountDisagreesWithDirectory_IsReported()
    {
        var zip = new ZipBuilder().Add("a.txt", Text("a\n")).Build();
        zip[^12] = 2;
        zip[^14] = 2;

        var finding = SingleFinding(Scan(zip, "m.zip").Findings);

        Assert.Equal(ArchiveRules.StructureCorrupt.Id, finding.RuleId);
        Assert.Contains("declares 2 members", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_LocalHeaderMethodDiffers_ReportsHeaderMismatch()
    {
        var zip = new ZipBuilder().Add("a.txt", Text("a\n")).Build();
        zip[8] = 8;

        var finding = SingleFinding(Scan(zip, "m.zip").Findings);

        Assert.Equal(ArchiveRules.ZipHeaderMismatch.Id, finding.RuleId);
        Assert.Contains("method deflate instead of stored", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_MemberLimit_StopsListing()
    {
        var builder = new ZipBuilder();
        for (var i = 0; i < 5; i++)
        {
            builder.Add($"f{i}.txt", Text("x\n"));
        }

        var report = Scan(builder.Build(), "m.zip", new ScanOptions { Limits = ScanLimits.Default with { MaxMembers = 3 } });

        Assert.Contains(report.Findings, finding => finding.RuleId == CoreScanRules.LimitReached.Id && finding.Message.Contains("more than 3 members", StringComparison.Ordinal));
        Assert.Equal(3, report.Parts.Count(part => part.Location.Members.Length == 1));
    }

    [Fact]
    public void Scan_Zip64EndRecord_IsReadAndFollowed()
    {
        var zip = new ZipBuilder { Zip64End = true }.Add("a.txt", Text("a\n")).Add("data.pkl", TinyPickle).Build();

        var report = Scan(zip, "m.zip");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.Pickle, Part(report, "m.zip!data.pkl").Format);
    }

    [Fact]
    public void Scan_StreamedZipWithDataDescriptors_HasNoLayoutFindings()
    {
        var output = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(new WriteOnlyStream(output), System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var (name, content) in new[] { ("a.txt", Text("alpha\n")), ("data.pkl", TinyPickle) })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        var report = Scan(output.ToArray(), "m.zip");

        Assert.Empty(ArchiveFindings(report));
        Assert.Equal(ModelFormat.Pickle, Part(report, "m.zip!data.pkl").Format);
    }

    [Fact]
    public void Scan_PickleWithZipAppended_ScansBothAndReportsThePrependedPickle()
    {
        var zip = new ZipBuilder { Prefix = TinyPickle }.Add("a.txt", Text("a\n")).Build();

        var report = Scan(zip, "model.bin");

        Assert.Equal([ModelFormat.Pickle, ModelFormat.Zip], report.Formats.ToArray());
        Assert.Contains(report.Findings, finding => finding.RuleId == CoreScanRules.Polyglot.Id);
        var finding = SingleFinding(ArchiveFindings(report));
        Assert.Equal(ArchiveRules.UnlistedData.Id, finding.RuleId);
        Assert.Equal("5", finding.Evidence["length"]);
    }

    /// <summary>Hides seeking, so that ZipArchive writes data descriptors as streaming writers do.</summary>
    private sealed class WriteOnlyStream(Stream inner) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            _written += count;
        }
    }
}
