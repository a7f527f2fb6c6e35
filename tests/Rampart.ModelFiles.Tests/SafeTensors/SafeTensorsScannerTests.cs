using System.Buffers.Binary;
using System.Text;
using Rampart.ModelFiles.SafeTensors;
using Rampart.ModelFiles.Tests.Tensors;

namespace Rampart.ModelFiles.Tests.SafeTensors;

public sealed class SafeTensorsScannerTests
{
    private const string TwoTensors =
        """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"I8","shape":[3],"data_offsets":[16,19]}}""";

    internal static byte[] Build(string header, int dataLength, string padding = "", byte[]? data = null)
    {
        var json = Encoding.UTF8.GetBytes(header + padding);
        var bytes = new byte[8 + json.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data?.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static byte[] Raw(ulong declared, byte[] rest)
    {
        var bytes = new byte[8 + rest.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declared);
        rest.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void Scan_ValidFile_IsClean()
    {
        var report = ScanKit.Scan(Build(TwoTensors, 19, padding: "     "), "model.safetensors");

        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.Empty(report.Findings);
        Assert.Equal(ModelFormat.SafeTensors, Assert.Single(report.Formats));
    }

    [Fact]
    public void Scan_EmptyHeaderObject_IsClean()
    {
        var report = ScanKit.Scan(Build("{}", 0), "empty.safetensors");
        Assert.Equal(FileVerdict.Clean, report.Verdict);
    }

    [Fact]
    public void Scan_PythonWrittenFixture_IsClean()
    {
        var report = ScanKit.Scan(File.ReadAllBytes(ScanKit.TestData("SafeTensors", "valid.safetensors")), "valid.safetensors");
        Assert.Equal(FileVerdict.Clean, report.Verdict);
    }

    [Fact]
    public void Scan_FixtureWithTrailingZip_IsMalformedAndPolyglot()
    {
        var report = ScanKit.Scan(File.ReadAllBytes(ScanKit.TestData("SafeTensors", "trailing_zip.safetensors")), "trailing_zip.safetensors");

        var finding = ScanKit.Only(report.Findings, SafeTensorsRules.MetadataIncompleteBuffer.Id);
        Assert.StartsWith("The buffer has ", finding.Message, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.RuleId == CoreScanRules.Polyglot.Id);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_ShorterThanEightBytes_IsHeaderTooSmall()
    {
        var finding = ScanKit.Only(ScanKit.ScanAs([1, 2, 3], ModelFormat.SafeTensors), SafeTensorsRules.HeaderTooSmall.Id);
        Assert.Equal(0, finding.Location.Offset);
        Assert.Equal(FileVerdict.Malformed, finding.Verdict);
    }

    [Fact]
    public void Scan_HeaderAboveReferenceLimit_IsHeaderTooLarge()
    {
        var findings = ScanKit.ScanAs(Raw(100_000_001, "{}"u8.ToArray()), ModelFormat.SafeTensors);
        Assert.Equal(FileVerdict.Malformed, ScanKit.Only(findings, SafeTensorsRules.HeaderTooLarge.Id).Verdict);
    }

    [Fact]
    public void Scan_HeaderPastEndOfFile_IsInvalidHeaderLength()
    {
        var finding = ScanKit.Only(ScanKit.ScanAs(Raw(50, "{}"u8.ToArray()), ModelFormat.SafeTensors), SafeTensorsRules.InvalidHeaderLength.Id);
        Assert.Equal("The header length is 50 bytes but only 2 bytes follow it.", finding.Message);
    }

    [Fact]
    public void Scan_HeaderAboveConfiguredLimit_IsUnscannable()
    {
        var options = new ScanOptions { Limits = new ScanLimits { MaxHeaderBytes = 16 } };
        var findings = ScanKit.ScanAs(Build(TwoTensors, 19), ModelFormat.SafeTensors, options);
        Assert.Equal(FileVerdict.Unscannable, ScanKit.Only(findings, CoreScanRules.LimitReached.Id).Verdict);
    }

    [Fact]
    public void Scan_HeaderNotUtf8_IsInvalidHeaderAtTheBadByte()
    {
        var bytes = Build("{\"a\xff\":1}", 0);
        bytes[11] = 0xFF;
        var finding = ScanKit.Only(ScanKit.ScanAs(bytes, ModelFormat.SafeTensors), SafeTensorsRules.InvalidHeader.Id);
        Assert.Equal(11, finding.Location.Offset);
    }

    [Fact]
    public void Scan_HeaderStartingWithSpace_IsInvalidHeaderStartButStillParsed()
    {
        var findings = ScanKit.ScanAs(Build(" " + TwoTensors, 20), ModelFormat.SafeTensors);

        var start = ScanKit.Only(findings, SafeTensorsRules.InvalidHeaderStart.Id);
        Assert.Equal("The JSON header starts with byte 0x20, not '{'.", start.Message);
        Assert.Equal(8, start.Location.Offset);
        ScanKit.Only(findings, SafeTensorsRules.MetadataIncompleteBuffer.Id);
    }

    [Theory]
    [InlineData("[1,2]", "The header is a JSON list, not an object.")]
    [InlineData("""{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}""", "Tensor 'a' has the unknown dtype 'F33'.")]
    [InlineData("""{"a":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}}""", "Tensor 'a' has the unknown dtype 'f32'.")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", "The shape of tensor 'a' holds the number -1, not a non-negative integer.")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", "The shape of tensor 'a' holds the number 1.5, not a non-negative integer.")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}""", "The data_offsets of tensor 'a' has 3 values, not 2.")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", "The entry of tensor 'a' has no 'data_offsets'.")]
    [InlineData("""{"__metadata__":{"k":1}}""", "The metadata value of 'k' is a JSON number, not a string.")]
    [InlineData("""{"__metadata__":[]}""", "'__metadata__' is a JSON list, not an object of strings.")]
    [InlineData("""{"a":5}""", "The entry of tensor 'a' is a JSON number, not an object.")]
    public void Scan_BadHeaderStructure_IsInvalidHeaderDeserialization(string header, string message)
    {
        var finding = ScanKit.Only(ScanKit.ScanAs(Build(header, 0), ModelFormat.SafeTensors), SafeTensorsRules.InvalidHeaderDeserialization.Id);
        Assert.Equal(message, finding.Message);
        Assert.Equal(FileVerdict.Malformed, finding.Verdict);
    }

    [Theory]
    [InlineData("{nope}")]
    [InlineData("{\"a\":")]
    [InlineData("{\"__metadata__\":{},}")]
    [InlineData("{} x")]
    public void Scan_NotJson_IsInvalidHeaderDeserialization(string header)
    {
        var finding = ScanKit.Only(ScanKit.ScanAs(Build(header, 0), ModelFormat.SafeTensors), SafeTensorsRules.InvalidHeaderDeserialization.Id);
        Assert.StartsWith("The header is not valid JSON: ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_DuplicateTensorName_IsReportedAndTheLastEntryIsValidated()
    {
        // A parser keeping the first 'a' sees a 4-byte tensor; serde keeps the second, which needs 8 bytes.
        var header = """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""";
        var findings = ScanKit.ScanAs(Build(header, 4), ModelFormat.SafeTensors);

        var duplicate = ScanKit.Only(findings, SafeTensorsRules.DuplicateKey.Id);
        Assert.Equal("a", duplicate.Location.Node);
        Assert.Equal(8 + 54, duplicate.Location.Offset);
        ScanKit.Only(findings, SafeTensorsRules.TensorInvalidInfo.Id);
    }

    [Fact]
    public void Scan_DuplicateMetadataKey_IsReported()
    {
        var findings = ScanKit.ScanAs(Build("""{"__metadata__":{"k":"1","k":"2"}}""", 0), ModelFormat.SafeTensors);
        Assert.Equal("__metadata__.k", ScanKit.Only(findings, SafeTensorsRules.DuplicateKey.Id).Location.Node);
    }

    [Fact]
    public void Scan_HoleBetweenTensors_IsInvalidOffset()
    {
        var header = """{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[8,12]}}""";
        var finding = ScanKit.Only(ScanKit.ScanAs(Build(header, 12), ModelFormat.SafeTensors), SafeTensorsRules.InvalidOffset.Id);
        Assert.Equal("Tensor 'b' begins at 8, leaving a hole after the previous tensor's end at 4.", finding.Message);
        Assert.Equal("b", finding.Location.Node);
    }

    [Fact]
    public void Scan_OverlappingTensors_IsInvalidOffset()
    {
        var header = """{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}""";
        var finding = ScanKit.Only(ScanKit.ScanAs(Build(header, 6), ModelFormat.SafeTensors), SafeTensorsRules.InvalidOffset.Id);
        Assert.Equal("Tensor 'b' begins at 2, overlapping the previous tensor, which ends at 4.", finding.Message);
    }

    [Fact]
    public void Scan_EndBeforeBegin_IsInvalidOffset()
    {
        var header = """{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}""";
        var findings = ScanKit.ScanAs(Build(header, 0), ModelFormat.SafeTensors);
        Assert.Contains(findings, f => f.RuleId == SafeTensorsRules.InvalidOffset.Id && f.Message == "Tensor 'b' ends at 0 before it begins at 4.");
    }

    [Fact]
    public void Scan_ElementCountOverflow_IsValidationOverflow()
    {
        var header = """{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}""";
        var finding = ScanKit.Only(ScanKit.ScanAs(Build(header, 0), ModelFormat.SafeTensors), SafeTensorsRules.ValidationOverflow.Id);
        Assert.Equal("a", finding.Location.Node);
    }

    [Fact]
    public void Scan_OddNumberOfF4Values_IsMisalignedSlice()
    {
        var header = """{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}""";
        ScanKit.Only(ScanKit.ScanAs(Build(header, 2), ModelFormat.SafeTensors), SafeTensorsRules.MisalignedSlice.Id);
    }

    [Theory]
    [InlineData("F4", "[4]", 2)]
    [InlineData("F6_E2M3", "[4]", 3)]
    [InlineData("F8_E4M3FNUZ", "[3]", 3)]
    [InlineData("BOOL", "[2,2]", 4)]
    [InlineData("C64", "[2]", 16)]
    [InlineData("BF16", "[]", 2)]
    [InlineData("U64", "[0,5]", 0)]
    public void Scan_EveryDtypeWithItsBitSize_IsClean(string dtype, string shape, int bytes)
    {
        var header = $$$"""{"t":{"dtype":"{{{dtype}}}","shape":{{{shape}}},"data_offsets":[0,{{{bytes}}}]}}""";
        Assert.Empty(ScanKit.ScanAs(Build(header, bytes), ModelFormat.SafeTensors));
    }

    [Fact]
    public void Scan_SizeMismatch_IsTensorInvalidInfo()
    {
        var header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""";
        var finding = ScanKit.Only(ScanKit.ScanAs(Build(header, 4), ModelFormat.SafeTensors), SafeTensorsRules.TensorInvalidInfo.Id);
        Assert.Equal("Tensor 'a' (F32, shape [2]) needs 8 bytes but its data_offsets span 4.", finding.Message);
        Assert.Equal("[0, 4]", finding.Evidence["data_offsets"]);
    }

    [Fact]
    public void Scan_BufferShorterThanTensors_IsMetadataIncompleteBuffer()
    {
        var bytes = Build(TwoTensors, 19)[..^3];
        var finding = ScanKit.Only(ScanKit.ScanAs(bytes, ModelFormat.SafeTensors), SafeTensorsRules.MetadataIncompleteBuffer.Id);
        Assert.Equal("The tensors end at byte 19 of the buffer but the buffer has only 16 bytes.", finding.Message);
    }

    [Fact]
    public void Scan_TrailingBytes_IsMetadataIncompleteBufferAtTheirOffset()
    {
        var bytes = Build(TwoTensors, 25);
        var finding = ScanKit.Only(ScanKit.ScanAs(bytes, ModelFormat.SafeTensors), SafeTensorsRules.MetadataIncompleteBuffer.Id);
        Assert.Equal("The buffer has 6 trailing bytes after the last tensor, which ends at byte 19.", finding.Message);
        Assert.Equal(bytes.Length - 6, finding.Location.Offset);
    }

    [Fact]
    public void Scan_ZeroSizeTensorSharingOffset_IsInfo()
    {
        var header = """{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"z":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}""";
        var findings = ScanKit.ScanAs(Build(header, 4), ModelFormat.SafeTensors);
        var finding = ScanKit.Only(findings, SafeTensorsRules.SharedZeroSizeOffset.Id);
        Assert.Equal("Zero-size tensor 'z' shares offset 0 with tensor 'a'.", finding.Message);
        Assert.Equal(FileVerdict.Info, ScanKit.VerdictOf(findings));
    }

    [Fact]
    public void Scan_UnknownFieldAndTabPadding_AreAnomalies()
    {
        var header = """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"extra":{"x":[1,2]}}}""";
        var findings = ScanKit.ScanAs(Build(header, 1, padding: " \t"), ModelFormat.SafeTensors);
        Assert.Equal(2, findings.Count(f => f.RuleId == SafeTensorsRules.HeaderAnomaly.Id));
        Assert.Equal(FileVerdict.Info, ScanKit.VerdictOf(findings));
        Assert.Contains(findings, f => f.Message == "The header is padded with byte 0x09 after its JSON object; the format pads with spaces only.");
    }

    [Fact]
    public void Scan_DeeplyNestedUnknownField_IsLimitReached()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var header = $$$"""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"extra":{{{deep}}}}}""";
        var findings = ScanKit.ScanAs(Build(header, 1), ModelFormat.SafeTensors);
        ScanKit.Only(findings, CoreScanRules.LimitReached.Id);
    }

    [Fact]
    public void Scan_DeepWithNaNAndInfinity_ReportsCounts()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteSingleLittleEndian(data, float.NaN);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), float.PositiveInfinity);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8), 1.5f);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(12), 0x7C00);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(14), 0x3C00);
        var header = """{"f":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"h":{"dtype":"F16","shape":[2],"data_offsets":[12,16]}}""";
        var bytes = Build(header, 16, data: data);

        Assert.Empty(ScanKit.ScanAs(bytes, ModelFormat.SafeTensors));
        var findings = ScanKit.ScanAs(bytes, ModelFormat.SafeTensors, new ScanOptions { Deep = true });

        Assert.Equal(2, findings.Count);
        Assert.Equal("Tensor 'f' (F32) holds 1 NaN and 1 infinite values out of 3.", findings[0].Message);
        Assert.Equal("f", findings[0].Location.Node);
        Assert.Equal("Tensor 'h' (F16) holds 0 NaN and 1 infinite values out of 2.", findings[1].Message);
        Assert.Equal(FileVerdict.Suspicious, ScanKit.VerdictOf(findings));
    }

    [Fact]
    public void Scan_MutatedFiles_NeverFailTheScanner()
    {
        var header = """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F4","shape":[4],"data_offsets":[16,18]}}""";
        ScanKit.Fuzz(
            [Build(header, 18, padding: "  "), Build(TwoTensors, 19)],
            "model.safetensors",
            seed: 501,
            tokens: ["{", "}", "[", "]", ",", ":", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"F4\"", "\"BF16\"", "18446744073709551615", "-1", "\"__metadata__\"", "\"a\""],
            alphabet: "{}[]\":,0123456789 -.eE\\u");
    }
}
