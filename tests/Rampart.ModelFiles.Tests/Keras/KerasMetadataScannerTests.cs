using Rampart.ModelFiles.Keras;
using static Rampart.ModelFiles.Tests.Keras.KerasTestKit;

namespace Rampart.ModelFiles.Tests.Keras;

public sealed class KerasMetadataScannerTests
{
    [Fact]
    public void ScanStream_DenseModelMetadata_IsCleanAndSniffedByName()
    {
        var report = ScanFile(Bytes("Keras", "keras_metadata_dense.pb"), "keras_metadata.pb");

        Assert.Equal(ModelFormat.KerasMetadata, Assert.Single(report.Formats));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void ScanStream_LambdaInMetadata_IsDangerousInTheModelAndTheLayerNode()
    {
        var report = ScanFile(Bytes("Keras", "keras_metadata_lambda.pb"), "keras_metadata.pb");

        Assert.Equal(2, report.Findings.Length);
        Assert.All(report.Findings, finding =>
        {
            Assert.Equal(KerasRules.LambdaBytecode.Id, finding.RuleId);
            Assert.Equal("Lambda", finding.Subject);
            Assert.Equal("double", finding.Location.Node);
        });
        Assert.Equal("metadata of node 'root'", report.Findings[0].Evidence["source"]);
        Assert.Equal("metadata of node 'root.layer_with_weights-1'", report.Findings[1].Evidence["source"]);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void ScanAs_TruncatedMetadata_IsMalformed()
    {
        var bytes = Bytes("Keras", "keras_metadata_lambda.pb");

        var session = ScanAs(bytes[..(bytes.Length / 2)], ModelFormat.KerasMetadata, "keras_metadata.pb");

        var finding = Assert.Single(session.Findings);
        Assert.Equal(KerasRules.MetadataMalformed.Id, finding.RuleId);
        Assert.Equal(1L, finding.Location.Offset);
    }

    [Fact]
    public void ScanAs_NoNodes_IsMalformed()
    {
        var session = ScanAs([0x10, 0x01], ModelFormat.KerasMetadata, "keras_metadata.pb");

        Assert.Equal(KerasRules.MetadataMalformed.Id, Assert.Single(session.Findings).RuleId);
    }

    [Fact]
    public void ScanAs_MutatedMetadata_NeverFailsTheScanner()
    {
        var seed = Bytes("Keras", "keras_metadata_lambda.pb");
        var tokens = new[] { "\n", "\u0012", "*", "\u00ff\u00ff\u00ff\u00ff\u000f", "{", "\"class_name\"", "\"Lambda\"" };
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var configured) ? configured : 300;
        var random = new Random(7141);
        for (var i = 0; i < iterations; i++)
        {
            var mutated = Rampart.Tests.SeededMutator.Mutate(seed, random, tokens, "\0\n\u0012\u0080{}\"", 32, 256);
            AssertNoScannerFailure(ScanAs(mutated, ModelFormat.KerasMetadata, "keras_metadata.pb").Findings);
        }
    }
}
