using System.Text;

namespace Rampart.ModelFiles.Tests.Core;

public sealed class FormatSnifferTests
{
    private static ModelFormat[] Sniff(byte[] data, string name = "x") => [.. FormatSniffer.Sniff(new MemoryStream(data), name)];

    [Theory]
    [InlineData(new byte[] { 0x80, 0x02, 0x7D, 0x71, 0x00, 0x2E }, ModelFormat.Pickle)]
    [InlineData(new byte[] { 0x80, 0x05, 0x95, 0x00 }, ModelFormat.Pickle)]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0 }, ModelFormat.Zip)]
    [InlineData(new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4 }, ModelFormat.SevenZip)]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, ModelFormat.Npy)]
    [InlineData(new byte[] { (byte)'G', (byte)'G', (byte)'U', (byte)'F', 3, 0, 0, 0 }, ModelFormat.Gguf)]
    [InlineData(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A, 0 }, ModelFormat.Hdf5)]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, ModelFormat.Gzip)]
    [InlineData(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'9', 0x31 }, ModelFormat.Bzip2)]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0 }, ModelFormat.Xz)]
    [InlineData(new byte[] { 0x04, 0x22, 0x4D, 0x18, 0 }, ModelFormat.Lz4)]
    [InlineData(new byte[] { 0x78, 0x9C, 0x03, 0x00 }, ModelFormat.Zlib)]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1 }, ModelFormat.Code)]
    public void Sniff_MagicBytes_FindsFormat(byte[] data, ModelFormat expected) => Assert.Equal(expected, Sniff(data)[0]);

    [Fact]
    public void Sniff_Empty_IsEmpty() => Assert.Equal([ModelFormat.Empty], Sniff([]));

    [Fact]
    public void Sniff_SafeTensorsHeader_IsSafeTensors()
    {
        var header = "{\"__metadata__\":{}}"u8.ToArray();
        var data = BitConverter.GetBytes((ulong)header.Length).Concat(header).ToArray();
        Assert.Equal([ModelFormat.SafeTensors], Sniff(data));
    }

    [Fact]
    public void Sniff_ProtocolZeroPickle_IsPickleNotText()
    {
        var data = Encoding.ASCII.GetBytes("cos\nsystem\n(S'echo hi'\ntR.");
        Assert.Equal([ModelFormat.Pickle], Sniff(data, "data.txt"));
    }

    [Theory]
    [InlineData("This is a README.")]
    [InlineData("(c) 2026 Example. All rights reserved.")]
    [InlineData("{\"architectures\": [\"BertModel\"]}")]
    [InlineData("Nothing to see here.")]
    public void Sniff_Prose_IsText(string text) => Assert.Equal([ModelFormat.Text], Sniff(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Sniff_PythonSource_IsCode() =>
        Assert.Equal([ModelFormat.Code], Sniff("import os\nos.system('id')\n"u8.ToArray(), "modeling_evil.py"));

    [Fact]
    public void Sniff_PickleWithZipDirectoryAtEnd_IsBoth()
    {
        var pickle = new byte[] { 0x80, 0x02, 0x4E, 0x2E };
        var endOfCentralDirectory = new byte[22];
        "PK\x05\x06"u8.CopyTo(endOfCentralDirectory);
        Assert.Equal([ModelFormat.Pickle, ModelFormat.Zip], Sniff([.. pickle, .. endOfCentralDirectory]));
    }

    [Fact]
    public void Sniff_OnnxProtobuf_IsOnnx()
    {
        // ir_version = 8 (field 1), graph (field 7) holding an empty message, opset_import (field 8).
        var data = new byte[] { 0x08, 0x08, 0x3A, 0x00, 0x42, 0x02, 0x10, 0x11 };
        Assert.Equal([ModelFormat.Onnx], Sniff(data));
    }

    [Fact]
    public void Sniff_SavedModelProtobuf_IsSavedModel()
    {
        var data = new byte[] { 0x08, 0x01, 0x12, 0x02, 0x12, 0x00 };
        Assert.Equal([ModelFormat.SavedModel], Sniff(data));
    }

    [Fact]
    public void Sniff_RandomBinary_IsUnknown()
    {
        var data = new byte[256];
        new Random(7).NextBytes(data);
        data[0] = 0xF3;
        Assert.Equal([ModelFormat.Unknown], Sniff(data));
    }

    [Fact]
    public void Sniff_SavedModelTextFormat_IsRecognisedNotText() =>
        Assert.Equal([ModelFormat.SavedModelText], Sniff("saved_model_schema_version: 1\nmeta_graphs {\n}\n"u8.ToArray(), "saved_model.pbtxt"));

    [Fact]
    public void Scan_SavedModelTextFormat_IsUnsupportedNotClean()
    {
        var report = new ModelScanner().ScanStream(new MemoryStream("saved_model_schema_version: 1\n"u8.ToArray()), "saved_model.pbtxt");
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
        Assert.Equal(CoreScanRules.UnsupportedFormat.Id, Assert.Single(report.Findings).RuleId);
    }
}
