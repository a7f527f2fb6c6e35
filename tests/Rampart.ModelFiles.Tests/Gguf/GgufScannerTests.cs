using System.Buffers.Binary;
using Rampart.ModelFiles.Gguf;
using Rampart.ModelFiles.Tests.Tensors;

namespace Rampart.ModelFiles.Tests.Gguf;

public sealed class GgufScannerTests
{
    private static FileScanReport ScanFixture(string name, ScanOptions? options = null) =>
        ScanKit.Scan(File.ReadAllBytes(ScanKit.TestData("Gguf", name)), name, options);

    private static IReadOnlyList<ScanFinding> Scan(GgufBuilder builder, ScanOptions? options = null) =>
        ScanKit.ScanAs(builder.Build(), ModelFormat.Gguf, options);

    private static GgufBuilder Valid() => new GgufBuilder()
        .String("general.architecture", "llama")
        .Tensor("a", [8], 0, new byte[32])
        .Tensor("b", [32, 2], 8, new byte[68]);

    [Fact]
    public void Scan_ValidFixture_IsCleanWithLegitimateTemplate()
    {
        var report = ScanFixture("valid.gguf");
        Assert.Empty(report.Findings);
        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.Equal(ModelFormat.Gguf, Assert.Single(report.Formats));
    }

    [Fact]
    public void Scan_BigEndianFixture_IsReadAndReportedAsAnomaly()
    {
        var report = ScanFixture("bigendian.gguf");
        var finding = ScanKit.Only(report.Findings, GgufRules.Anomaly.Id);
        Assert.Equal(4, finding.Location.Offset);
        Assert.Equal(FileVerdict.Info, report.Verdict);
    }

    [Fact]
    public void Scan_Cve2024_34359Template_IsDangerousWithEachPattern()
    {
        var report = ScanFixture("malicious_template.gguf");

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        var findings = report.Findings.Where(f => f.RuleId == GgufRules.ChatTemplateInjection.Id).ToList();
        Assert.Equal(["__class__", "__base__", "__subclasses__", "__name__", "__builtins__", "popen", "__import__", "'os'"], findings.Select(f => f.Subject));
        Assert.All(findings, f => Assert.Equal("tokenizer.chat_template", f.Location.Node));
        Assert.All(findings, f => Assert.Equal(FileVerdict.Dangerous, f.Verdict));
        Assert.Equal("{% for x in ().__class__.__base__.__subclasses__() %}{% if \"warning\" in x.__name", findings[0].Evidence["excerpt"]);
    }

    [Fact]
    public void Scan_SizeLieFixture_IsMalformed()
    {
        var report = ScanFixture("size_lie.gguf");
        var finding = ScanKit.Only(report.Findings, GgufRules.InvalidTensorLayout.Id);
        Assert.Equal("Tensor 'huge' needs 4,398,046,511,104 bytes at data offset 0, past the end of the file.", finding.Message);
        Assert.Equal("huge", finding.Location.Node);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_BuiltValidFile_IsClean()
    {
        Assert.Empty(Scan(Valid()));
    }

    [Theory]
    [InlineData("{{ messages | attr('x') }}", "|attr")]
    [InlineData("{{ cycler.__init__ }}", "cycler.")]
    [InlineData("{{ lipsum }}", "lipsum")]
    [InlineData("{{ ''['\\x5f\\x5fclass\\x5f\\x5f'] }}", "__class__")]
    [InlineData("{{ x['__cla' ~ 'ss__'] }}", "__class__")]
    [InlineData("{{ x['po' + 'pen'] }}", "'popen'")]
    [InlineData("{% import 'm' as m %}", "import")]
    [InlineData("{{ os.system('id') }}", "os.")]
    [InlineData("{{ eval('1') }}", "eval")]
    [InlineData("{{ self._TemplateReference__context }}", "_TemplateReference__context")]
    [InlineData("{{ namespace.x }}", "namespace.")]
    public void Scan_TemplatePatterns_AreDangerous(string template, string pattern)
    {
        var findings = Scan(Valid().String("tokenizer.chat_template.tool_use", template));
        ScanKit.NoFailure(findings);
        var finding = Assert.Single(findings, f => f.Subject == pattern);
        Assert.Equal(GgufRules.ChatTemplateInjection.Id, finding.RuleId);
        Assert.Equal("tokenizer.chat_template.tool_use", finding.Location.Node);
        Assert.All(findings, f => Assert.Equal(FileVerdict.Dangerous, f.Verdict));
    }

    [Theory]
    [InlineData("You must never import or eval anything; exec is not allowed. Use os. paths.")]
    [InlineData("{% set ns = namespace(found=false) %}{{ ns.found }}{{ messages[0]['content'] | trim }}")]
    [InlineData("{# __class__ in a comment #}{{ message.content }}")]
    [InlineData("{{ joiner(', ') }}{{ cycler('odd', 'even').next() }}")]
    [InlineData("{%- if messages[0]['role'] == 'system' %}{{- messages[0]['content'] }}{%- endif %}{{- \"\\n<tools>{\\\"name\\\": <function-name>}\" }}{%- for tool in tools %}{{- tool | tojson }}{%- endfor %}")]
    [InlineData("{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' }}{%- if message.role == \"assistant\" %}{{- tool_call.arguments | tojson }}{%- endif %}{%- endfor %}{%- set date_string = strftime_now(\"%d %b %Y\") %}")]
    public void Scan_BenignTemplates_AreClean(string template)
    {
        Assert.Empty(Scan(Valid().String("tokenizer.chat_template", template)));
    }

    [Fact]
    public void Scan_VersionOne_IsMalformed()
    {
        var finding = ScanKit.Only(Scan(new GgufBuilder { Version = 1 }), GgufRules.InvalidHeader.Id);
        Assert.Equal("The GGUF version is 1, which ggml no longer reads.", finding.Message);
    }

    [Fact]
    public void Scan_FutureVersion_IsUnscannable()
    {
        var findings = Scan(new GgufBuilder { Version = 4 });
        Assert.Equal(FileVerdict.Unscannable, ScanKit.Only(findings, GgufRules.UnsupportedVersion.Id).Verdict);
    }

    [Fact]
    public void Scan_CountsBeyondFile_AreMalformed()
    {
        Assert.Equal(
            "The header claims 1,000,000 metadata entries but only 8 bytes follow (each entry needs at least 13).",
            ScanKit.Only(Scan(new GgufBuilder { KvCountOverride = 1_000_000 }), GgufRules.InvalidHeader.Id).Message);
        Assert.Equal(
            "The header claims 1,000,000 tensors but only 8 bytes follow (each tensor info needs at least 24).",
            ScanKit.Only(Scan(new GgufBuilder { TensorCountOverride = 1_000_000 }), GgufRules.InvalidHeader.Id).Message);
    }

    [Fact]
    public void Scan_DuplicateKeyAndBadKeyName_AreReported()
    {
        var findings = Scan(Valid().String("general.name", "x").String("general.name", "y").String("General Name", "z"));
        Assert.Equal("general.name", ScanKit.Only(findings, GgufRules.DuplicateKey.Id).Location.Node);
        Assert.Equal("The metadata key 'General Name' is not lower_snake_case dot-separated ASCII.", ScanKit.Only(findings, GgufRules.Anomaly.Id).Message);
    }

    [Fact]
    public void Scan_BoolOtherThanZeroOrOne_IsInvalidMetadata()
    {
        var finding = ScanKit.Only(Scan(Valid().Raw("x.flag", 7, 2)), GgufRules.InvalidMetadata.Id);
        Assert.Equal("The bool 'x.flag' is 2, not 0 or 1.", finding.Message);
    }

    [Fact]
    public void Scan_UnknownValueType_IsInvalidMetadata()
    {
        var finding = ScanKit.Only(Scan(Valid().Raw("x.y", 13, 0)), GgufRules.InvalidMetadata.Id);
        Assert.Equal("The metadata entry 'x.y' has the unknown value type 13.", finding.Message);
    }

    [Fact]
    public void Scan_StringLongerThanFile_IsInvalidMetadata()
    {
        var finding = ScanKit.Only(Scan(new GgufBuilder().Raw("x.s", 8, GgufBuilder.U64(1_000_000))), GgufRules.InvalidMetadata.Id);
        Assert.Equal("A string of 'x.s' claims 1,000,000 bytes, more than the 17 bytes left.", finding.Message);
    }

    [Fact]
    public void Scan_ArrayCountLie_IsInvalidMetadata()
    {
        byte[] array = [.. GgufBuilder.U32(4), .. GgufBuilder.U64(1UL << 40)];
        var finding = ScanKit.Only(Scan(new GgufBuilder().Raw("x.a", 9, array)), GgufRules.InvalidMetadata.Id);
        Assert.Equal("The array 'x.a' claims 1,099,511,627,776 elements, more than 2^30.", finding.Message);
    }

    [Fact]
    public void Scan_ArrayOfArrays_IsReportedAndBoundedInDepth()
    {
        byte[] inner = [.. GgufBuilder.U32(4), .. GgufBuilder.U64(1), .. GgufBuilder.U32(7)];
        byte[] outer = [.. GgufBuilder.U32(9), .. GgufBuilder.U64(1), .. inner];
        var findings = Scan(Valid().Raw("x.nested", 9, outer));
        Assert.Equal("The array 'x.nested' holds arrays; ggml refuses arrays of arrays.", ScanKit.Only(findings, GgufRules.InvalidMetadata.Id).Message);

        var deep = new List<byte>([.. GgufBuilder.U32(4), .. GgufBuilder.U64(0)]);
        for (var i = 0; i < 100; i++)
        {
            deep.InsertRange(0, [.. GgufBuilder.U32(9), .. GgufBuilder.U64(1)]);
        }

        ScanKit.Only(Scan(new GgufBuilder().Raw("x.deep", 9, [.. deep])), CoreScanRules.LimitReached.Id);
    }

    [Fact]
    public void Scan_StringNotUtf8_IsInvalidMetadataButInVocabularyOnlyAnomaly()
    {
        var single = Scan(Valid().Raw("x.s", 8, GgufBuilder.Str([0xC3, 0x28])));
        Assert.Equal("The string 'x.s' is not UTF-8.", ScanKit.Only(single, GgufRules.InvalidMetadata.Id).Message);

        byte[] vocabulary = [.. GgufBuilder.U32(8), .. GgufBuilder.U64(2), .. GgufBuilder.Str("ok"), .. GgufBuilder.Str([0xFF])];
        var findings = Scan(Valid().Raw("tokenizer.ggml.tokens", 9, vocabulary));
        Assert.Equal(FileVerdict.Info, ScanKit.VerdictOf(findings));
    }

    [Theory]
    [InlineData(24u)]
    [InlineData(0u)]
    public void Scan_AlignmentNotPowerOfTwo_IsInvalidAlignment(uint alignment)
    {
        var finding = ScanKit.Only(Scan(Valid().Raw("general.alignment", 4, GgufBuilder.U32(alignment))), GgufRules.InvalidAlignment.Id);
        Assert.Equal($"general.alignment is {alignment}, not a power of two.", finding.Message);
    }

    [Fact]
    public void Scan_AlignmentOfWrongType_IsInvalidAlignment()
    {
        var finding = ScanKit.Only(Scan(Valid().Raw("general.alignment", 10, GgufBuilder.U64(32))), GgufRules.InvalidAlignment.Id);
        Assert.Equal("general.alignment has value type 10, not u32 (4).", finding.Message);
    }

    [Fact]
    public void Scan_CustomAlignment_IsUsedForLayout()
    {
        var builder = new GgufBuilder { Alignment = 64 }.Raw("general.alignment", 4, GgufBuilder.U32(64)).Tensor("a", [8], 0, new byte[32]).Tensor("b", [4], 0, new byte[16]);
        Assert.Empty(Scan(builder));
    }

    [Theory]
    [InlineData(new long[] { 8 }, 4u, "Tensor 't' has ggml type 4, which ggml has removed.")]
    [InlineData(new long[] { 8 }, 40u, "Tensor 't' has the unknown ggml type 40.")]
    [InlineData(new long[] { 33 }, 2u, "Tensor 't' (Q4_0) has first dimension 33, not a multiple of the type's block size 32.")]
    [InlineData(new long[] { -1 }, 0u, "Tensor 't' has the negative dimension -1.")]
    [InlineData(new long[] { 1L << 32, 1L << 32 }, 0u, "Tensor 't' has shape [4294967296, 4294967296], whose element count overflows 64 bits.")]
    public void Scan_InvalidTensorInfo_IsMalformed(long[] dims, uint type, string message)
    {
        var finding = ScanKit.Only(Scan(new GgufBuilder().Tensor("t", dims, type, [])), GgufRules.InvalidTensorInfo.Id);
        Assert.Equal(message, finding.Message);
        Assert.Equal("t", finding.Location.Node);
    }

    [Fact]
    public void Scan_TooManyDimensionsOrLongName_AreInvalidTensorInfo()
    {
        Assert.Equal(
            "Tensor 't' has 5 dimensions; ggml allows at most 4.",
            ScanKit.Only(Scan(new GgufBuilder().Tensor("t", [1, 1, 1, 1, 1], 0, new byte[4])), GgufRules.InvalidTensorInfo.Id).Message);
        var name = new string('n', 64);
        Assert.Equal(
            $"Tensor '{name}' has a name of 64 bytes; ggml allows at most 63.",
            ScanKit.Only(Scan(new GgufBuilder().Tensor(name, [1], 0, new byte[4])), GgufRules.InvalidTensorInfo.Id).Message);
    }

    [Fact]
    public void Scan_DuplicateTensorName_IsInvalidTensorInfo()
    {
        var findings = Scan(new GgufBuilder().Tensor("t", [1], 0, new byte[4]).Tensor("t", [1], 0, new byte[4]));
        Assert.Equal("Tensor 't' appears more than once.", ScanKit.Only(findings, GgufRules.InvalidTensorInfo.Id).Message);
    }

    [Fact]
    public void Scan_OffsetsOutOfOrderOrMisaligned_AreInvalidLayout()
    {
        var gap = Scan(new GgufBuilder().Tensor("a", [8], 0, new byte[32]).Tensor("b", [8], 0, new byte[32], offset: 64));
        Assert.Equal(
            ["Tensor 'b' has offset 64 but ggml expects 32: tensor data must be in order and contiguous.", "Tensor 'b' needs 32 bytes at data offset 64, past the end of the file."],
            gap.Select(f => f.Message));

        var misaligned = Scan(new GgufBuilder().Tensor("a", [8], 0, new byte[32], offset: 4));
        Assert.Equal("Tensor 'a' has offset 4, not a multiple of the alignment 32.", Assert.Single(misaligned, f => f.RuleId == GgufRules.InvalidTensorLayout.Id && f.Message.Contains("alignment", StringComparison.Ordinal)).Message);
    }

    [Fact]
    public void Scan_TrailingBytes_AreAnomaly()
    {
        var findings = Scan(new GgufBuilder { Trailing = [1, 2, 3] }.Tensor("a", [8], 0, new byte[32]));
        Assert.Equal("3 bytes follow the last tensor's data.", ScanKit.Only(findings, GgufRules.Anomaly.Id).Message);
    }

    [Fact]
    public void Scan_TruncatedMetadata_IsNotClean()
    {
        var bytes = Valid().String("general.name", "a long enough name").Build();
        var report = ScanKit.Scan(bytes[..60], "model.gguf");
        ScanKit.NoFailure(report.Findings);
        Assert.True(report.Verdict >= FileVerdict.Unscannable);
    }

    [Fact]
    public void Scan_DeepWithNaN_ReportsTensor()
    {
        var data = new byte[32];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), float.NaN);
        var builder = new GgufBuilder().Tensor("w", [8], 0, data);
        Assert.Empty(Scan(builder));
        var finding = ScanKit.Only(Scan(builder, new ScanOptions { Deep = true }), GgufRules.NonFiniteValues.Id);
        Assert.Equal("Tensor 'w' (F32) holds 1 NaN and 0 infinite values out of 8.", finding.Message);
    }

    [Fact]
    public void Scan_MutatedFiles_NeverFailTheScanner()
    {
        var seeds = new[] { "valid.gguf", "malicious_template.gguf", "bigendian.gguf" }
            .Select(name => File.ReadAllBytes(ScanKit.TestData("Gguf", name)))
            .ToArray();
        ScanKit.Fuzz(
            seeds,
            "model.gguf",
            seed: 601,
            tokens: ["GGUF", "\u0003\0\0\0", "\u0009\0\0\0", "\u0008\0\0\0", "\xff\xff\xff\xff", "{{", "}}", "{%", "__class__", "general.alignment"],
            alphabet: "\0\u0001\u0002\u0003\u0004\u0007\u0008\u0009\u000c\u00ff{}%_");
    }
}
