using System.Diagnostics;
using Rampart.ModelFiles.Onnx;
using Rampart.ModelFiles.Tests.Tensors;
using Rampart.Tests;

namespace Rampart.ModelFiles.Tests.Onnx;

public sealed class OnnxScannerTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(ScanKit.TestData("Onnx", name));

    private static FileScanReport ScanFixture(string name, ScanOptions? options = null) => ScanKit.Scan(Fixture(name), name, options);

    /// <summary>Copies a model (named model.onnx) and weights.bin into a fresh folder and scans the folder.</summary>
    private static async Task<(FileScanReport Model, ScanReport Report)> ScanInFolder(TempFolder folder, string fixture, ScanOptions? options = null)
    {
        File.Copy(ScanKit.TestData("Onnx", fixture), Path.Combine(folder.Path, "model.onnx"));
        File.Copy(ScanKit.TestData("Onnx", "external", "weights.bin"), Path.Combine(folder.Path, "weights.bin"));
        var report = await new ModelScanner(options).ScanAsync([folder.Path]);
        return (report.Files.Single(file => file.Path.EndsWith("model.onnx", StringComparison.Ordinal)), report);
    }

    [Fact]
    public void Scan_ValidModelWithSubgraph_IsClean()
    {
        var report = ScanFixture("valid.onnx", new ScanOptions { Deep = true });
        Assert.Empty(report.Findings);
        Assert.Equal(ModelFormat.Onnx, Assert.Single(report.Formats));
    }

    [Fact]
    public void Scan_PyOpNode_IsDangerous()
    {
        var report = ScanFixture("pyop.onnx");
        var finding = ScanKit.Only(report.Findings, OnnxRules.PythonOperator.Id);
        Assert.Equal("PyOp", finding.Subject);
        Assert.Equal("py", finding.Location.Node);
        Assert.Equal("ai.onnx.contrib", finding.Evidence["domain"]);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_PyOpInLoopBodyOfLocalFunction_IsFound()
    {
        var report = ScanFixture("function_loop_pyop.onnx");
        var finding = ScanKit.Only(report.Findings, OnnxRules.PythonOperator.Id);
        Assert.Equal("hidden_py", finding.Location.Node);
        Assert.DoesNotContain(report.Findings, f => f.RuleId == OnnxRules.CustomOperator.Id);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_SecondGraphFieldWithPyOp_IsMergedLikeProtobuf()
    {
        // Two serialized models back to back parse as one model whose graph holds the nodes of both.
        byte[] bytes = [.. Fixture("valid.onnx"), .. Fixture("pyop.onnx")];
        var report = ScanKit.Scan(bytes, "model.onnx");
        Assert.Equal("py", ScanKit.Only(report.Findings, OnnxRules.PythonOperator.Id).Location.Node);
        var merged = ScanKit.Only(report.Findings, OnnxRules.Anomaly.Id);
        Assert.Equal("The graph field appears 2 times; protobuf merges them into one graph, which tools reading only the first miss.", merged.Message);
        Assert.Equal(FileVerdict.Suspicious, merged.Verdict);
    }

    [Fact]
    public void Scan_CustomOperator_IsSuspiciousAndDangerousWhenStrict()
    {
        var finding = ScanKit.Only(ScanFixture("custom_op.onnx").Findings, OnnxRules.CustomOperator.Id);
        Assert.Equal("Gelu", finding.Subject);
        Assert.Equal("1 node(s) use the custom operator com.example.Gelu, first 'gelu'; running it needs a custom-operator library.", finding.Message);
        Assert.Equal(FileVerdict.Suspicious, finding.Verdict);

        var strict = ScanKit.Only(ScanFixture("custom_op.onnx", new ScanOptions { Strict = true }).Findings, OnnxRules.CustomOperator.Id);
        Assert.Equal(FileVerdict.Dangerous, strict.Verdict);
    }

    [Fact]
    public void Scan_DomainNotImported_IsMalformed()
    {
        var report = ScanFixture("domain_not_imported.onnx");
        var finding = ScanKit.Only(report.Findings, OnnxRules.OpsetImport.Id);
        Assert.Equal("Node 'gelu' (Gelu) uses the domain 'com.example', which graph does not import.", finding.Message);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Theory]
    [InlineData("cycle.onnx", "first", "Node 'first' uses 'c', which node 'second' produces later: ONNX requires topological order, and this may be a cycle.")]
    [InlineData("undefined_input.onnx", "add", "Node 'add' uses 'missing', which no graph input, initializer or earlier node defines.")]
    [InlineData("duplicate_output.onnx", "b", "Node 'b' produces 'y', which node 'a' already produces.")]
    public void Scan_BrokenDataFlow_IsGraphTopology(string fixture, string node, string message)
    {
        var report = ScanFixture(fixture);
        var finding = ScanKit.Only(report.Findings, OnnxRules.GraphTopology.Id);
        Assert.Equal(message, finding.Message);
        Assert.Equal(node, finding.Location.Node);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Theory]
    [InlineData("raw_size_mismatch.onnx", "Tensor 'w' (FLOAT, dims [2, 2]) needs 16 bytes of raw_data but has 8.")]
    [InlineData("typed_count_mismatch.onnx", "Tensor 'w' (FLOAT, dims [2, 2]) needs 4 values in float_data but has 3.")]
    [InlineData("typed_wrong_field.onnx", "Tensor 'w' (INT64, dims [1]) stores float_data, which cannot hold INT64 values.")]
    [InlineData("two_data_fields.onnx", "Tensor 'w' has more than one data field (raw_data, float_data).")]
    public void Scan_TensorDataMismatch_IsMalformed(string fixture, string message)
    {
        var report = ScanFixture(fixture);
        var finding = ScanKit.Only(report.Findings, OnnxRules.TensorData.Id);
        Assert.Equal(message, finding.Message);
        Assert.Equal("w", finding.Location.Node);
    }

    [Fact]
    public void Scan_DeepWithNaNInfinityAndExtreme_ReportsInitializer()
    {
        Assert.Empty(ScanFixture("nan_inf.onnx").Findings);
        var finding = ScanKit.Only(ScanFixture("nan_inf.onnx", new ScanOptions { Deep = true }).Findings, OnnxRules.UnusualValues.Id);
        Assert.Equal("Tensor 'w' holds 1 NaN, 1 infinite and 1 extreme values out of 4.", finding.Message);
        Assert.Equal("w", finding.Location.Node);
    }

    [Fact]
    public void Scan_DeepWithFloat16NaNInTypedField_ReportsInitializer()
    {
        var finding = ScanKit.Only(ScanFixture("float16_nan_typed.onnx", new ScanOptions { Deep = true }).Findings, OnnxRules.UnusualValues.Id);
        Assert.Equal("Tensor 'w' holds 1 NaN, 0 infinite and 0 extreme values out of 2.", finding.Message);
    }

    [Fact]
    public async Task ScanAsync_ValidExternalData_IsCleanAndClaimsTheDataFile()
    {
        using var folder = new TempFolder();
        var (model, report) = await ScanInFolder(folder, Path.Combine("external", "model.onnx"), new ScanOptions { Deep = true });

        Assert.Empty(model.Findings);
        var weights = report.Files.Single(file => file.Path.EndsWith("weights.bin", StringComparison.Ordinal));
        Assert.Equal("external data of model.onnx", weights.CompanionOf);
        Assert.Equal(FileVerdict.Clean, weights.Verdict);
    }

    [Theory]
    [InlineData("external_traversal.onnx", "../../../../etc/passwd", "which climbs out of the model folder")]
    [InlineData("external_traversal_sub.onnx", "sub/../../secret.bin", "which climbs out of the model folder")]
    [InlineData("external_absolute.onnx", "/etc/passwd", "an absolute path")]
    public void Scan_ExternalDataLeavingTheFolder_IsDangerous(string fixture, string location, string reason)
    {
        var report = ScanFixture(fixture);
        var finding = ScanKit.Only(report.Findings, OnnxRules.ExternalDataTraversal.Id);
        Assert.Equal($"Tensor 'w' reads external data from '{location}', {reason}.", finding.Message);
        Assert.Equal(location, finding.Subject);
        Assert.Equal("w", finding.Location.Node);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public async Task ScanAsync_ExternalDataSymlinkLeavingTheFolder_IsDangerous()
    {
        using var outside = new TempFolder();
        using var folder = new TempFolder();
        var secret = outside.Write("secret.bin", new string('s', 16));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "link.bin"), secret);

        var (model, _) = await ScanInFolder(folder, "external_symlink.onnx");

        var finding = ScanKit.Only(model.Findings, OnnxRules.ExternalDataTraversal.Id);
        Assert.StartsWith("Tensor 'w' reads external data from 'link.bin', a symbolic link whose real path '", finding.Message, StringComparison.Ordinal);
        Assert.Equal(FileVerdict.Dangerous, model.Verdict);
    }

    [Fact]
    public async Task ScanAsync_ExternalDataHardLink_IsSuspicious()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var folder = new TempFolder();
        File.Copy(ScanKit.TestData("Onnx", "external", "weights.bin"), Path.Combine(folder.Path, "original.bin"));
        using (var ln = Process.Start(new ProcessStartInfo("ln", [Path.Combine(folder.Path, "original.bin"), Path.Combine(folder.Path, "link.bin")]))!)
        {
            await ln.WaitForExitAsync();
        }

        var (model, _) = await ScanInFolder(folder, "external_symlink.onnx");
        var finding = ScanKit.Only(model.Findings, OnnxRules.ExternalDataHardLink.Id);
        Assert.Equal("Tensor 'w' reads external data from 'link.bin', which has 2 hard links and may be a file outside the model folder.", finding.Message);
        Assert.Equal(FileVerdict.Suspicious, model.Verdict);
    }

    [Theory]
    [InlineData("external_missing.onnx", "Tensor 'w' reads external data from 'missing.bin', which does not exist.")]
    [InlineData("external_past_end.onnx", "Tensor 'w' reads external data from 'weights.bin', which needs 64 bytes from byte 16, past the end of the 32-byte file.")]
    public async Task ScanAsync_ExternalDataInvalid_IsMalformed(string fixture, string message)
    {
        using var folder = new TempFolder();
        var (model, _) = await ScanInFolder(folder, fixture);
        Assert.Equal(message, ScanKit.Only(model.Findings, OnnxRules.ExternalDataInvalid.Id).Message);
        Assert.Equal(FileVerdict.Malformed, model.Verdict);
    }

    [Fact]
    public async Task ScanAsync_DeepExternalDataChecksum_IsVerified()
    {
        using (var folder = new TempFolder())
        {
            var (good, _) = await ScanInFolder(folder, "external_checksum.onnx", new ScanOptions { Deep = true });
            Assert.Empty(good.Findings);
        }

        using (var folder = new TempFolder())
        {
            var (bad, _) = await ScanInFolder(folder, "external_bad_checksum.onnx", new ScanOptions { Deep = true });
            var finding = ScanKit.Only(bad.Findings, OnnxRules.ExternalDataInvalid.Id);
            Assert.Equal($"Tensor 'w' reads external data from 'weights.bin', whose SHA-1 does not match the checksum {new string('0', 40)}.", finding.Message);
        }

        using (var folder = new TempFolder())
        {
            var (shallow, _) = await ScanInFolder(folder, "external_bad_checksum.onnx");
            Assert.Empty(shallow.Findings);
        }
    }

    [Fact]
    public async Task ScanAsync_ExternalDataDunderKey_IsDangerous()
    {
        using var folder = new TempFolder();
        var (model, _) = await ScanInFolder(folder, "external_injected_key.onnx");
        var finding = ScanKit.Only(model.Findings, OnnxRules.ExternalDataKey.Id);
        Assert.Equal("__class__", finding.Subject);
        Assert.Equal(FileVerdict.Dangerous, finding.Verdict);
    }

    [Fact]
    public void ScanStream_ExternalDataWithoutDiskPath_IsUnscannable()
    {
        var report = ScanKit.Scan(Fixture(Path.Combine("external", "model.onnx")), "model.onnx");
        var finding = ScanKit.Only(report.Findings, OnnxRules.ExternalDataUnscannable.Id);
        Assert.Equal("Tensor 'w' keeps its data in 'weights.bin', which cannot be checked because the model is not a file on disk.", finding.Message);
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_TruncatedModel_IsNotClean()
    {
        var bytes = Fixture("valid.onnx");
        var findings = ScanKit.ScanAs(bytes[..(bytes.Length - 20)], ModelFormat.Onnx);
        ScanKit.NoFailure(findings);
        Assert.True(ScanKit.VerdictOf(findings) >= FileVerdict.Unscannable);
    }

    [Fact]
    public void Scan_InvalidWireType_IsMalformedProtobuf()
    {
        byte[] bytes = [0x08, 0x08, 0x3A, 0x02, 0x0F, 0x00];
        var finding = ScanKit.Only(ScanKit.ScanAs(bytes, ModelFormat.Onnx), OnnxRules.MalformedProtobuf.Id);
        Assert.Equal("The protobuf data has the invalid wire type 7.", finding.Message);
        Assert.Equal(4, finding.Location.Offset);
    }

    [Fact]
    public void Scan_LengthPastMessageEnd_IsMalformedProtobuf()
    {
        byte[] bytes = [0x08, 0x08, 0x3A, 0x05, 0x0A, 0x10, 0x00];
        var finding = ScanKit.Only(ScanKit.ScanAs(bytes, ModelFormat.Onnx), OnnxRules.MalformedProtobuf.Id);
        Assert.Equal("A protobuf field claims 5 bytes but its message has only 3 left.", finding.Message);
    }

    [Fact]
    public void Scan_DeeplyNestedSubgraphs_IsLimitReached()
    {
        // graph { node { attribute { g: graph { node { ... } } } } }, 40 levels of If bodies.
        byte[] graph = [];
        for (var i = 0; i < 40; i++)
        {
            byte[] attribute = [0x32, .. Varint(graph.Length), .. graph];
            byte[] node = [0x2A, .. Varint(attribute.Length), .. attribute];
            graph = [0x0A, .. Varint(node.Length), .. node];
        }

        byte[] model = [0x08, 0x08, 0x3A, .. Varint(graph.Length), .. graph];
        ScanKit.Only(ScanKit.ScanAs(model, ModelFormat.Onnx), CoreScanRules.LimitReached.Id);
    }

    [Fact]
    public void Scan_MutatedModels_NeverFailTheScanner()
    {
        ScanKit.Fuzz(
            [Fixture("valid.onnx"), Fixture("function_loop_pyop.onnx"), Fixture("nan_inf.onnx"), Fixture("float16_nan_typed.onnx")],
            "model.onnx",
            seed: 401,
            tokens: ["\u0008\u0008", "\u003A", "\u0042\u0002", "\u00FF\u00FF\u00FF\u00FF\u000F", "PyOp", "ai.onnx.contrib", "\u0070\u0001", "location", "../"],
            alphabet: "\0\u0001\u0002\u0008\u000A\u0012\u001A\u0022\u002A\u003A\u0042\u004A\u0080\u00FF");
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }

        bytes.Add((byte)v);
        return [.. bytes];
    }
}
