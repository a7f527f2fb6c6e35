using Rampart.ModelFiles.TensorFlow;
using Rampart.ModelFiles.Tests.Keras;
using Rampart.Tests;
using static Rampart.ModelFiles.Tests.Keras.KerasTestKit;

namespace Rampart.ModelFiles.Tests.TensorFlow;

public sealed class SavedModelScannerTests
{
    [Fact]
    public void ScanStream_BenignGraphWithSaver_IsClean()
    {
        var report = ScanFile(Bytes("TensorFlow", "benign.pb"), "saved_model.pb");

        Assert.Equal(ModelFormat.SavedModel, Assert.Single(report.Formats));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void ScanStream_MaliciousGraph_ReportsEachOperatorAtItsNode()
    {
        var report = ScanFile(Bytes("TensorFlow", "malicious.pb"), "saved_model.pb");

        var found = report.Findings.Select(finding => (finding.RuleId, finding.Subject, finding.Location.Node)).ToList();
        Assert.Equal(
            [
                (TensorFlowRules.CodeExecutionOp.Id, "PyFunc", "py"),
                (TensorFlowRules.FileOrNetworkOp.Id, "PrintV2", "print"),
                (TensorFlowRules.UnknownOp.Id, "MyCustomOp", "custom"),
                (TensorFlowRules.CheckpointOpOutsideSaver.Id, "SaveV2", "exfil/SaveV2"),
                (TensorFlowRules.FileOrNetworkOp.Id, "ReadFile", "__inference_evil_7/read"),
                (TensorFlowRules.FileOrNetworkOp.Id, "WriteFile", "__inference_evil_7/write"),
            ],
            found);
        Assert.Equal("file:///tmp/leak.txt", report.Findings[1].Evidence["output_stream"]);
        Assert.Equal("__inference_evil_7", report.Findings[4].Evidence["function"]);
        Assert.All(report.Findings, finding => Assert.NotNull(finding.Location.Offset));
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void ScanStream_Tf24KerasObjectGraphMetadataWithLambda_IsDangerous()
    {
        var report = ScanFile(Bytes("TensorFlow", "keras_tf24.pb"), "saved_model.pb");

        Assert.Equal(2, report.Findings.Length);
        Assert.All(report.Findings, finding =>
        {
            Assert.Equal(Rampart.ModelFiles.Keras.KerasRules.LambdaBytecode.Id, finding.RuleId);
            Assert.Equal("double", finding.Location.Node);
        });
        Assert.Equal("object graph metadata of '_tf_keras_sequential'", report.Findings[0].Evidence["source"]);
        Assert.Equal("object graph metadata of '_tf_keras_layer'", report.Findings[1].Evidence["source"]);
    }

    [Fact]
    public void ScanStream_UnknownOperatorWhenStrict_IsDangerous()
    {
        var report = ScanFile(Bytes("TensorFlow", "malicious.pb"), "saved_model.pb", new ScanOptions { Strict = true });

        var unknown = Assert.Single(report.Findings, finding => finding.RuleId == TensorFlowRules.UnknownOp.Id);
        Assert.Equal(FileVerdict.Dangerous, unknown.Verdict);
    }

    [Fact]
    public async Task ScanAsync_BenignFolder_ClaimsVariablesAndFingerprintAndIsClean()
    {
        var folder = KerasTestKit.Fixture("TensorFlow", "benign");

        var report = await new ModelScanner().ScanAsync([folder]);

        Assert.Equal(FileVerdict.Clean, report.Verdict);
        var byName = report.Files.ToDictionary(file => file.Path[(folder.Length + 1)..]);
        Assert.Equal("variables of saved_model.pb", byName["variables/variables.index"].CompanionOf);
        Assert.Equal("variables of saved_model.pb", byName["variables/variables.data-00000-of-00001"].CompanionOf);
        Assert.Equal("fingerprint of saved_model.pb", byName["fingerprint.pb"].CompanionOf);
        Assert.Null(byName["assets/vocab.txt"].CompanionOf);
    }

    [Fact]
    public async Task ScanAsync_MaliciousFolder_ReportsBadIndexAndExecutableAsset()
    {
        var folder = KerasTestKit.Fixture("TensorFlow", "malicious");

        var report = await new ModelScanner().ScanAsync([folder]);

        var model = report.Files.Single(file => file.Path.EndsWith("/saved_model.pb", StringComparison.Ordinal));
        var index = Assert.Single(model.Findings, finding => finding.RuleId == TensorFlowRules.VariablesMalformed.Id);
        Assert.Equal("variables/variables.index", index.Location.Node);
        Assert.Equal("0x1122334455667788", index.Evidence["magic"]);
        var code = Assert.Single(model.Findings, finding => finding.RuleId == CoreScanRules.ExecutableCode.Id);
        Assert.Equal("assets/hook.py", code.Location.Node);
        Assert.Equal(FileVerdict.Dangerous, model.Verdict);
    }

    [Fact]
    public void ScanAs_LyingLength_IsMalformedAtTheLength()
    {
        // SavedModel { meta_graphs (field 2): 1,000 bytes declared, 3 present }
        byte[] bytes = [0x08, 0x01, 0x12, 0xE8, 0x07, 0x0A, 0x01, 0x00];

        var session = ScanAs(bytes, ModelFormat.SavedModel, "saved_model.pb");

        var finding = Assert.Single(session.Findings);
        Assert.Equal(TensorFlowRules.ProtobufMalformed.Id, finding.RuleId);
        Assert.Equal(3L, finding.Location.Offset);
    }

    [Fact]
    public void ScanAs_TruncatedGraph_IsMalformed()
    {
        var bytes = Bytes("TensorFlow", "malicious.pb");

        var session = ScanAs(bytes[..^7], ModelFormat.SavedModel, "saved_model.pb");

        Assert.Equal(TensorFlowRules.ProtobufMalformed.Id, Assert.Single(session.Findings).RuleId);
    }

    [Fact]
    public void ScanAs_DeeplyNestedGroups_AreUnscannable()
    {
        // Start-group tags (field 3, wire type 3) nested 100 deep inside the top-level message.
        var bytes = Enumerable.Repeat((byte)0x1B, 100).ToArray();

        var session = ScanAs(bytes, ModelFormat.SavedModel, "saved_model.pb");

        Assert.Equal(CoreScanRules.LimitReached.Id, Assert.Single(session.Findings).RuleId);
    }

    [Fact]
    public void ScanAs_NoMetaGraph_IsMalformed()
    {
        var session = ScanAs([0x08, 0x01], ModelFormat.SavedModel, "saved_model.pb");

        Assert.Equal(TensorFlowRules.ProtobufMalformed.Id, Assert.Single(session.Findings).RuleId);
    }

    [Fact]
    public void RiskyOperators_AreStandardOperators()
    {
        var lists = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src/Rampart.ModelFiles/TensorFlow/Data/tf-risky-ops.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' ')[0]);

        Assert.All(lists, op => Assert.True(TensorFlowOps.IsKnown(op), op));
        Assert.True(TensorFlowOps.Known.Count > 1400);
    }

    [Fact]
    public void ScanAs_MutatedGraphs_NeverFailTheScanner()
    {
        var seeds = new[] { Bytes("TensorFlow", "malicious.pb"), Bytes("TensorFlow", "benign.pb") };
        var tokens = new[] { "\n", "\u0012", "\u001a", "*", "\u00ff\u00ff\u00ff\u00ff\u000f", "\u001b", "\u001c", "ReadFile", "PyFunc" };
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var configured) ? configured : 400;
        var random = new Random(7801);
        for (var i = 0; i < iterations; i++)
        {
            var mutated = SeededMutator.Mutate(seeds[i % 2], random, tokens, "\0\n\u0012\u0080\u00ff", 32, 256);
            AssertNoScannerFailure(ScanAs(mutated, ModelFormat.SavedModel, "saved_model.pb").Findings);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rampart.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
