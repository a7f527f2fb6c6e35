using System.Buffers.Binary;
using Rampart.ModelFiles.Keras;
using static Rampart.ModelFiles.Tests.Keras.KerasTestKit;

namespace Rampart.ModelFiles.Tests.Keras;

public sealed class Hdf5ScannerTests
{
    private static FileScanReport Scan(string fixture) => ScanFile(Bytes("Keras", fixture), fixture);

    [Theory]
    [InlineData("sequential_dense.h5")]      // superblock 0, fixed-length model_config, variable-length training_config
    [InlineData("sequential_vlen_str.h5")]   // variable-length UTF-8 model_config (h5py's str)
    [InlineData("sequential_latest.h5")]     // superblock 3, OHDR/OCHK object headers
    [InlineData("sequential_userblock.h5")]  // superblock at 512 after a user block
    public void ScanStream_Keras2ModelWithStandardLayers_IsClean(string fixture)
    {
        var report = Scan(fixture);

        Assert.Equal(ModelFormat.Hdf5, Assert.Single(report.Formats));
        Assert.Empty(report.Findings);
        Assert.Equal(FileVerdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData("lambda_bytecode.h5")]
    [InlineData("lambda_bytecode_latest.h5")]
    public void ScanStream_LambdaWithMarshalledCode_IsDangerousAtTheLayer(string fixture)
    {
        var report = Scan(fixture);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(KerasRules.LambdaBytecode.Id, finding.RuleId);
        Assert.Equal("Lambda", finding.Subject);
        Assert.Equal("double", finding.Location.Node);
        Assert.Equal("model_config", finding.Evidence["source"]);
        Assert.Equal("yes", finding.Evidence["marshal-code-object"]);
        Assert.NotNull(finding.Location.Offset);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void ScanStream_LambdaFinding_PointsAtTheConfigurationBytes()
    {
        var bytes = Bytes("Keras", "lambda_bytecode.h5");

        var offset = (int)Scan("lambda_bytecode.h5").Findings[0].Location.Offset!.Value;

        Assert.StartsWith("{\"class_name\": \"Sequential\"", System.Text.Encoding.UTF8.GetString(bytes, offset, 40), StringComparison.Ordinal);
    }

    [Fact]
    public void ScanStream_DenseAttributeStorage_IsUnscannable()
    {
        var report = Scan("dense_attributes.h5");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(KerasRules.Hdf5Unsupported.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Theory]
    [InlineData("weights_only.h5")]
    [InlineData("model.weights.h5")]
    public void ScanStream_WeightsOnly_IsInformational(string fixture)
    {
        var report = Scan(fixture);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(KerasRules.Hdf5WeightsOnly.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Info, report.Verdict);
    }

    [Fact]
    public void ScanStream_NoConfigurationAndNoGroups_IsUnscannable()
    {
        // A superblock 0 file whose root object header holds one NIL message only.
        var bytes = new byte[256];
        Superblock0(bytes, rootHeader: 96, eof: 256);
        ObjectHeaderV1(bytes, 96, [(0x0000, new byte[16])]);

        var report = ScanFile(bytes, "empty.h5");

        Assert.Equal(KerasRules.Hdf5Unsupported.Id, Assert.Single(report.Findings).RuleId);
    }

    [Fact]
    public void ScanStream_TruncatedFile_IsMalformed()
    {
        var bytes = Bytes("Keras", "sequential_dense.h5")[..1000];

        var report = ScanFile(bytes, "model.h5");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(KerasRules.Hdf5Malformed.Id, finding.RuleId);
        Assert.Contains("truncated", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScanStream_RootAddressBeyondTheEnd_IsMalformed()
    {
        var bytes = new byte[256];
        Superblock0(bytes, rootHeader: 1 << 20, eof: 256);

        var finding = Assert.Single(ScanFile(bytes, "model.h5").Findings);

        Assert.Equal(KerasRules.Hdf5Malformed.Id, finding.RuleId);
        Assert.Equal(64, finding.Location.Offset);
    }

    [Fact]
    public void ScanStream_ContinuationLoop_IsMalformed()
    {
        // The root header's only message is a continuation to the header's own message block.
        var bytes = new byte[256];
        Superblock0(bytes, rootHeader: 96, eof: 256);
        var continuation = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(continuation, 96 + 16);
        BinaryPrimitives.WriteUInt64LittleEndian(continuation.AsSpan(8), 24);
        ObjectHeaderV1(bytes, 96, [(0x0010, continuation)]);

        var finding = Assert.Single(ScanFile(bytes, "model.h5").Findings);

        Assert.Equal(KerasRules.Hdf5Malformed.Id, finding.RuleId);
        Assert.Contains("loop", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScanStream_AttributeLengthBeyondItsMessage_IsMalformed()
    {
        // model_config claims a fixed string of 4,000 bytes in a 48-byte message.
        var bytes = new byte[256];
        Superblock0(bytes, rootHeader: 96, eof: 256);
        var attribute = new byte[48];
        attribute[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), 13);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(6), 8);
        "model_config\0"u8.CopyTo(attribute.AsSpan(8));
        attribute[24] = 0x13; // string class, version 1
        BinaryPrimitives.WriteUInt32LittleEndian(attribute.AsSpan(28), 4000);
        attribute[32] = 1; // dataspace version 1, scalar
        ObjectHeaderV1(bytes, 96, [(0x000C, attribute)]);

        var finding = Assert.Single(ScanFile(bytes, "model.h5").Findings);

        Assert.Equal(KerasRules.Hdf5Malformed.Id, finding.RuleId);
        Assert.Contains("model_config", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScanStream_HeapObjectBeyondItsCollection_IsMalformed()
    {
        var bytes = Bytes("Keras", "sequential_vlen_str.h5");
        var heap = bytes.AsSpan().IndexOf("GCOL"u8);
        // First object's size (after index, reference count, reserved) made huge.
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(heap + 16 + 8), 1UL << 40);

        var finding = Assert.Single(ScanFile(bytes, "model.h5").Findings);

        Assert.Equal(KerasRules.Hdf5Malformed.Id, finding.RuleId);
    }

    [Fact]
    public void ScanStream_MutatedFiles_NeverFailTheScanner()
    {
        var seeds = new[] { "sequential_dense.h5", "lambda_bytecode_latest.h5", "sequential_vlen_str.h5" }.Select(name => Bytes("Keras", name)).ToArray();
        var tokens = new[] { "OHDR", "OCHK", "GCOL", "TREE", "\u00ff\u00ff\u00ff\u00ff", "\0\0\0\0", "model_config" };
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var configured) ? configured : 300;
        var random = new Random(7111);
        for (var i = 0; i < iterations; i++)
        {
            var mutated = Rampart.Tests.SeededMutator.Mutate(seeds[i % seeds.Length], random, tokens, "\0\u0001\u0002\u0008\u0010\u00ff", 64, 512);
            var report = ScanFile(mutated, "model.h5");
            AssertNoScannerFailure(report.Findings);
        }
    }

    private static void Superblock0(byte[] bytes, long rootHeader, long eof)
    {
        (new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A }).CopyTo(bytes, 0);
        bytes[13] = 8; // size of offsets
        bytes[14] = 8; // size of lengths
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), 0);           // base address
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), ulong.MaxValue); // free space
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(40), (ulong)eof);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(48), ulong.MaxValue); // driver info
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(56), 0);           // root link name offset
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(64), (ulong)rootHeader);
    }

    private static void ObjectHeaderV1(byte[] bytes, int at, (int Type, byte[] Data)[] messages)
    {
        var size = messages.Sum(message => 8 + message.Data.Length);
        bytes[at] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), (ushort)messages.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), (uint)size);
        var position = at + 16;
        foreach (var (type, data) in messages)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(position), (ushort)type);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(position + 2), (ushort)data.Length);
            data.CopyTo(bytes, position + 8);
            position += 8 + data.Length;
        }
    }
}
