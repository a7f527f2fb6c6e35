using System.Text;
using Rampart.ModelFiles.Pickle;
using static Rampart.ModelFiles.Tests.Pickle.PickleTesting;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>Whole streams: stacked pickles, legacy PyTorch, joblib arrays, nested pickles, frames, broken and trailing data.</summary>
public sealed class PickleStreamTests
{
    private static byte[] Payload(out long call) =>
        new PickleBuilder().Proto(4).Text("os").Text("system").StackGlobal().Text("echo pwned").Tuple1().At(out call).Reduce().Stop().ToArray();

    [Fact]
    public void Scan_PayloadInLaterStackedPickle_IsFoundWithItsPickleIndex()
    {
        var benign = new PickleBuilder().Proto(4).EmptyList().Stop().ToArray();
        var payload = Payload(out var call);

        var report = Scan([.. benign, .. benign, .. payload]);

        var finding = Single(report, PickleRules.CodeExecution);
        Assert.Equal("pickle[2]", finding.Location.Node);
        Assert.Equal((2 * benign.Length) + call, finding.Location.Offset);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_LegacyTorchStateDict_IsCleanWithItsStoragesChecked()
    {
        var report = Scan(Fixture("torch_legacy.pt"), name: "model.pt");

        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Scan_LegacyTorchPayloadInObjectPickle_IsFoundInTheFourthPickle()
    {
        var report = Scan(Fixture("torch_legacy_payload.pt"), name: "model.pt");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(PickleRules.CodeExecution.Id, finding.RuleId);
        Assert.Equal("os.system", finding.Subject);
        Assert.Equal(710, finding.Location.Offset);
        Assert.Equal("pickle[3]", finding.Location.Node);
        Assert.Equal("('echo pwned')", finding.Evidence["arguments"]);
    }

    [Fact]
    public void Scan_LegacyTorchFullModel_IsCleanWithModuleSourcesAsClasses()
    {
        var report = Scan(Fixture("torch_legacy_full_model.pt"), name: "model.pt");

        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Scan_LegacyTorchStorageCountChanged_IsALayoutError()
    {
        var bytes = Fixture("torch_legacy.pt");
        var keys = LegacyRawDataStart(bytes);
        bytes[keys]++;

        var report = Scan(bytes, name: "model.pt");

        var finding = Single(report, PickleRules.TorchStorageLayout);
        Assert.Equal(keys, finding.Location.Offset);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_LegacyTorchTruncatedStorage_IsALayoutError()
    {
        var bytes = Fixture("torch_legacy.pt");

        var report = Scan(bytes[..^5], name: "model.pt");

        Assert.Contains("only", Single(report, PickleRules.TorchStorageLayout).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_LegacyTorchWithAPickleAppendedAfterTheStorages_ScansIt()
    {
        var payload = Payload(out var call);
        var bytes = Fixture("torch_legacy.pt");

        var finding = Single(Scan([.. bytes, .. payload], name: "model.pt"), PickleRules.CodeExecution);

        Assert.Equal(bytes.Length + call, finding.Location.Offset);
        Assert.Equal("pickle[5]", finding.Location.Node);
    }

    [Fact]
    public void Scan_LegacyTorchUnknownStorageType_LeavesTheRawDataUnverified()
    {
        var bytes = Fixture("torch_legacy.pt");
        var type = Encoding.ASCII.GetBytes("torch\nFloatStorage");
        var at = bytes.AsSpan().IndexOf(type);
        bytes[at + "torch\nFl".Length] = (byte)'x';

        var report = Scan(bytes, name: "model.pt");

        Assert.Equal("torch.FlxatStorage", Single(report, PickleRules.UnknownGlobal).Subject);
        var unverified = Single(report, PickleRules.UnverifiedData);
        Assert.Equal(LegacyRawDataStart(bytes), unverified.Location.Offset);
        Assert.Equal(FileVerdict.Suspicious, report.Verdict);
    }

    [Fact]
    public void Scan_LegacyMagicComputedByAnAllowedCall_IsReported()
    {
        var magic = new PickleBuilder().Proto(2).Global("builtins", "int").Text("1950A86A20F9469CFC6C").Int(16).Tuple2().Reduce().Stop().ToArray();
        var version = new PickleBuilder().Proto(2).Raw((byte)'M', 0xE9, 0x03).Stop().ToArray();
        var empty = new PickleBuilder().Proto(2).EmptyDict().Stop().ToArray();

        var report = Scan([.. magic, .. version, .. empty, .. empty, .. new PickleBuilder().Proto(2).EmptyList().Stop().ToArray()], name: "model.pt");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(PickleRules.TorchMagic.Id, finding.RuleId);
        Assert.Equal("builtins.int('1950A86A20F9469CFC6C', 16)", finding.Evidence["magic"]);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_LegacyMagicComputedByEval_IsReported()
    {
        var report = Scan(File.ReadAllBytes(DataPath("Picklescan", "data", "pytorch_magic_bypass.pt")), name: "model.pt");

        var magic = Single(report, PickleRules.TorchMagic);
        Assert.Equal(0, magic.Location.Offset);
        Assert.Equal("builtins.eval('0x1950A86A20F9469CFC6C')", magic.Evidence["magic"]);
        Assert.Equal(
            [("builtins.eval", "pickle[0]"), ("os.system", "pickle[4]")],
            report.Findings.Where(finding => finding.RuleId == PickleRules.CodeExecution.Id).Select(finding => (finding.Subject, finding.Location.Node)));
    }

    [Fact]
    public void Scan_JoblibPayloadAfterInlineArray_IsFound()
    {
        var report = Scan(Fixture("joblib_payload_after_array.joblib"), name: "model.joblib");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(PickleRules.CodeExecution.Id, finding.RuleId);
        Assert.Equal("os.system", finding.Subject);
        Assert.Equal(1071, finding.Location.Offset);
        Assert.Equal("pickle[0]", finding.Location.Node);
    }

    [Fact]
    public void Scan_JoblibPayloadInsideObjectArray_IsFound()
    {
        var report = Scan(Fixture("joblib_object_array_payload.joblib"), name: "model.joblib");

        var finding = Assert.Single(report.Findings);
        Assert.Equal("os.system", finding.Subject);
        Assert.Equal(456, finding.Location.Offset);
    }

    [Fact]
    public void Scan_JoblibBenignWithNumericAndObjectArrays_IsClean()
    {
        var report = Scan(Fixture("joblib_benign.joblib"), name: "model.joblib");

        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Scan_JoblibPipelineAtProtocol2_IsClean()
    {
        Assert.Empty(Scan(Fixture("joblib_pipeline_p2.joblib"), name: "model.joblib").Findings);
    }

    [Theory]
    [InlineData(1, 0xFF, 16, "")]
    [InlineData(16, 0xFF, 16, "")]
    [InlineData(17, 0xFF, 16, "more than its 16-byte alignment needs")]
    [InlineData(4, 0x63, 16, "not all 0xFF bytes")]
    [InlineData(4, 0xFF, 15, "remain; the file is truncated")]
    public void Scan_JoblibArrayPaddingAndLength_AreChecked(int padding, byte fill, int dataBytes, string problem)
    {
        var bytes = JoblibArray(padding, fill, dataBytes, out var build);
        if (dataBytes < 16)
        {
            bytes = bytes[..^2];
        }

        var report = Scan(bytes, name: "model.joblib");

        if (problem.Length == 0)
        {
            Assert.Empty(report.Findings);
        }
        else
        {
            var finding = Single(report, PickleRules.Malformed);
            Assert.Contains(problem, finding.Message, StringComparison.Ordinal);
            Assert.Equal(build, finding.Location.Offset);
        }
    }

    /// <summary>A joblib stream with one int64 array of shape (2,) written after its wrapper's BUILD.</summary>
    private static byte[] JoblibArray(int padding, byte fill, int dataBytes, out long build) =>
        new PickleBuilder().Proto(2).EmptyDict().Text("x")
            .Global("joblib.numpy_pickle", "NumpyArrayWrapper").EmptyTuple().NewObj()
            .EmptyDict().Mark()
            .Text("subclass").Global("numpy", "ndarray")
            .Text("shape").Int(2).Tuple1()
            .Text("order").Text("C")
            .Text("dtype").Global("numpy", "dtype").Text("i8").Raw(0x89, 0x88, 0x87).Reduce()
            .Mark().Int(3).Text("<").None().None().None().Int(-1).Int(-1).Int(0).Tuple().Build()
            .Text("allow_mmap").Raw(0x88)
            .Text("numpy_array_alignment_bytes").Int(16)
            .Op('u').At(out build).Build()
            .Raw((byte)padding).Raw(Enumerable.Repeat(fill, padding).ToArray()).Raw(new byte[dataBytes])
            .SetItem().Stop().ToArray();

    [Fact]
    public void Scan_JoblibArrayWithUnknownDtype_IsUnscannable()
    {
        var bytes = new PickleBuilder().Proto(4)
            .Text("joblib.numpy_pickle").Text("NumpyArrayWrapper").StackGlobal().EmptyTuple().NewObj()
            .EmptyDict().Mark()
            .Text("shape").Int(3).Tuple1()
            .Text("dtype").Text("numpy").Text("dtype").StackGlobal().Text("x9").Raw(0x89, 0x88, 0x87).Reduce()
            .Op('u').At(out var build).Build()
            .Raw(0, 1, 2, 3).Stop().ToArray();

        var report = Scan(bytes);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(PickleRules.JoblibArrayUnscannable.Id, finding.RuleId);
        Assert.Equal(build, finding.Location.Offset);
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_NestedPickleLoadsOfConstant_ScansTheNestedPickle()
    {
        var inner = Payload(out var innerCall);
        var bytes = new PickleBuilder().Proto(4).Text("pickle").Text("loads").StackGlobal().Bytes(inner).Tuple1().At(out var call).Reduce().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal([PickleRules.NestedDeserialisation.Id, PickleRules.CodeExecution.Id], report.Findings.Select(finding => finding.RuleId));
        var loads = Single(report, PickleRules.NestedDeserialisation);
        Assert.Equal("pickle.loads", loads.Subject);
        Assert.Equal(call, loads.Location.Offset);
        Assert.Equal($"scanned as <nested pickle@{call}>", loads.Evidence["nested"]);
        var nested = Single(report, PickleRules.CodeExecution);
        Assert.Equal($"<nested pickle@{call}>", Assert.Single(nested.Location.Members));
        Assert.Equal(innerCall, nested.Location.Offset);
        Assert.Equal("os.system", nested.Subject);
    }

    [Fact]
    public void Scan_PickleLoadsOfBase64DecodedConstant_IsObfuscationAndScansThePayload()
    {
        var inner = Payload(out var innerCall);
        var encoded = Encoding.ASCII.GetBytes(Convert.ToBase64String(inner));
        var bytes = new PickleBuilder().Proto(4).Text("_pickle").Text("loads").StackGlobal()
            .Text("base64").Text("b64decode").StackGlobal().Bytes(encoded).Tuple1().Reduce()
            .Tuple1().At(out var call).Reduce().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal("base64.b64decode", Single(report, PickleRules.UnknownGlobal).Subject);
        Assert.Equal(call, Single(report, PickleRules.NestedDeserialisation).Location.Offset);
        Assert.Equal("base64.b64decode", Single(report, PickleRules.ObfuscatedPayload).Evidence["decoder"]);
        Assert.Equal(innerCall, Single(report, PickleRules.CodeExecution).Location.Offset);
    }

    [Fact]
    public void Scan_PickleLoadsOfZlibCompressedConstant_ScansThePayload()
    {
        var inner = Payload(out _);
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(inner);
        }

        var bytes = new PickleBuilder().Proto(4).Text("pickle").Text("loads").StackGlobal()
            .Text("zlib").Text("decompress").StackGlobal().Bytes(compressed.ToArray()).Tuple1().Reduce()
            .Tuple1().Reduce().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal("zlib.decompress", Single(report, PickleRules.ObfuscatedPayload).Evidence["decoder"]);
        Assert.Equal("os.system", Single(report, PickleRules.CodeExecution).Subject);
    }

    [Fact]
    public void Scan_NestedPicklesDeeperThanTheLimit_StopAtTheLimit()
    {
        var bytes = Payload(out _);
        for (var level = 0; level < 12; level++)
        {
            bytes = new PickleBuilder().Proto(4).Text("pickle").Text("loads").StackGlobal().Bytes(bytes).Tuple1().Reduce().Stop().ToArray();
        }

        var report = Scan(bytes);

        Single(report, CoreScanRules.LimitReached);
        Assert.DoesNotContain(report.Findings, finding => finding.RuleId == PickleRules.CodeExecution.Id);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_FrameLengthLie_IsFrameMismatch()
    {
        // The frame claims 4 bytes but its first opcode (SHORT_BINUNICODE 'abc') takes 5.
        var bytes = new PickleBuilder().Proto(4).Frame(4).At(out var at).Text("abc").Stop().ToArray();

        var report = Scan(bytes);

        var finding = Single(report, PickleRules.FrameMismatch);
        Assert.Equal(at, finding.Location.Offset);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_NewFrameInsideAFrame_IsFrameMismatch()
    {
        var bytes = new PickleBuilder().Proto(4).Frame(11).None().At(out var at).Frame(2).None().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.FrameMismatch);

        Assert.Equal(at, finding.Location.Offset);
    }

    [Fact]
    public void Scan_FramesOfPythonPickler_AreClean()
    {
        var report = Scan(File.ReadAllBytes(DataPath("Picklescan", "data", "benign0_v4.pkl")));

        Assert.Equal(FileVerdict.Clean, report.Verdict);
    }

    [Fact]
    public void Scan_PayloadThenGarbage_KeepsThePayloadAndIsNotClean()
    {
        var bytes = new PickleBuilder().Proto(2).Global("os", "system").Text("id").Tuple1().At(out var call).Reduce()
            .At(out var garbage).Raw(0xFF, 0xFE, 0x00).ToArray();

        var report = Scan(bytes);

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        Assert.Equal(call, Single(report, PickleRules.CodeExecution).Location.Offset);
        Assert.Equal(garbage, Single(report, PickleRules.Malformed).Location.Offset);
    }

    [Fact]
    public void Scan_PayloadThenTruncation_KeepsThePayload()
    {
        var bytes = new PickleBuilder().Proto(2).Global("os", "system").Text("id").Tuple1().Reduce().Raw((byte)'X', 0xFF, 0xFF, 0, 0).ToArray();

        var report = Scan(bytes);

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        Assert.Contains("before its STOP opcode", Single(report, PickleRules.Malformed).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_BinaryTrailingData_IsMalformed()
    {
        var pickle = new PickleBuilder().Proto(4).EmptyList().Stop().ToArray();

        var report = Scan([.. pickle, 0x00, 0x01, 0x02, 0x03]);

        var finding = Single(report, PickleRules.TrailingData);
        Assert.Equal(pickle.Length, finding.Location.Offset);
        Assert.Equal("00010203", finding.Evidence["head"]);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_BlankTrailingData_IsInfo()
    {
        var pickle = new PickleBuilder().Proto(4).EmptyList().Stop().ToArray();

        var report = Scan([.. pickle, (byte)'\n']);

        Assert.Equal(FileVerdict.Info, Single(report, PickleRules.TrailingData).Verdict);
        Assert.Equal(FileVerdict.Info, report.Verdict);
    }

    [Fact]
    public void Scan_MissingMemoKeyAndStackUnderflow_AreMalformedNotFailures()
    {
        var bytes = new PickleBuilder().Proto(2).At(out var get).Get(7).Pop().At(out var reduce).Reduce().None().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal(
            [get, reduce, reduce],
            report.Findings.Where(finding => finding.RuleId == PickleRules.Malformed.Id).Select(finding => finding.Location.Offset!.Value));
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_UnsupportedProtocol_IsMalformed()
    {
        var bytes = new PickleBuilder().Proto(4).None().Pop().At(out var at).Proto(6).None().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.Malformed);

        Assert.Equal(at, finding.Location.Offset);
        Assert.Contains("protocol 6", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_TorchZipDataPklAsArchiveMember_IsClean()
    {
        Assert.Empty(ScanAsZipMember(Fixture("torch_state_dict_data.pkl"), "model/data.pkl"));
        Assert.Empty(ScanAsZipMember(Fixture("torch_state_dict_data.pkl"), "data.bin", PickleContext.TorchZip));
    }

    [Fact]
    public void Scan_TorchDataPklOnItsOwn_OnlyHasPersistentIdsReported()
    {
        var report = Scan(Fixture("torch_state_dict_data.pkl"), name: "data.pkl");

        Assert.Equal(PickleRules.PersistentId.Id, Rules(report));
        Assert.Equal(FileVerdict.Suspicious, report.Verdict);
    }

    [Fact]
    public void Scan_NestedPickleMember_IsNotTreatedAsTorch()
    {
        var findings = ScanAsZipMember(Fixture("torch_state_dict_data.pkl"), "<nested pickle@12>");

        Assert.Equal(PickleRules.PersistentId.Id, Assert.Single(findings).RuleId);
    }

    [Theory]
    [InlineData("plain_p0.pkl")]
    [InlineData("plain_p1.pkl")]
    [InlineData("plain_p2.pkl")]
    [InlineData("plain_p3.pkl")]
    [InlineData("plain_p4.pkl")]
    [InlineData("plain_p5.pkl")]
    [InlineData("numpy_arrays_p2.pkl")]
    [InlineData("numpy_arrays_p5.pkl")]
    [InlineData("sklearn_logistic_regression.pkl")]
    public void Scan_BenignPickle_IsClean(string name)
    {
        var report = Scan(Fixture(name), name: name);

        Assert.Equal(ModelFormat.Pickle, Assert.Single(report.Formats));
        Assert.Empty(report.Findings);
        Assert.Equal(FileVerdict.Clean, report.Verdict);
    }

    private static int LegacyRawDataStart(byte[] bytes)
    {
        // The raw storages follow the fifth pickle's STOP; find it by scanning a known-clean copy pickle by pickle.
        var stops = 0;
        var session = new ScanSession(ScanOptions.Default, CancellationToken.None, CancellationToken.None);
        var scan = new PickleScan(new ScanInput { Stream = new MemoryStream(bytes), Location = new ScanLocation { Path = "x" }, Name = "x" }, session, false);
        while (stops < 5)
        {
            Assert.Equal(PickleEnd.Stopped, new PickleMachine(scan, stops, torch: stops == 3).Run().End);
            stops++;
        }

        return (int)scan.Reader.Position;
    }
}
