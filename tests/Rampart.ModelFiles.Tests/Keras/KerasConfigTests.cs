using System.Text;
using Rampart.ModelFiles.Keras;
using Rampart.ModelFiles.TensorFlow;
using static Rampart.ModelFiles.Tests.Keras.KerasTestKit;

namespace Rampart.ModelFiles.Tests.Keras;

public sealed class KerasConfigTests
{
    private static ScanSession Config(string fixture, ScanOptions? options = null) =>
        ScanAs(Bytes("Keras", fixture), ModelFormat.KerasConfig, "config.json", options);

    private static ScanSession Json(string json, ScanOptions? options = null) =>
        ScanAs(Encoding.UTF8.GetBytes(json), ModelFormat.KerasConfig, "config.json", options);

    private static FileVerdict Verdict(ScanSession session) => FileScanReport.VerdictOf(session.Findings);

    [Fact]
    public void ScanAs_Keras3Sequential_IsClean()
    {
        var session = Config("keras3_sequential_config.json");

        Assert.Empty(session.Findings);
        Assert.Equal(FileVerdict.Clean, Verdict(session));
    }

    [Fact]
    public void ScanAs_Keras3LambdaWithCode_IsDangerousBytecodeAtTheLayer()
    {
        var session = Config("keras3_lambda_config.json");

        var finding = Assert.Single(session.Findings);
        Assert.Equal(KerasRules.LambdaBytecode.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Dangerous, finding.Verdict);
        Assert.Equal("__lambda__", finding.Subject);
        Assert.Equal("double", finding.Location.Node);
        Assert.Equal("config.json", Assert.Single(finding.Location.Members));
        Assert.Equal("yes", finding.Evidence["marshal-code-object"]);
    }

    [Fact]
    public void ScanAs_ModuleOutsideKeras_IsDangerousExternalCallable()
    {
        var session = Config("keras3_external_module_config.json");

        var finding = Assert.Single(session.Findings);
        Assert.Equal(KerasRules.ExternalCallable.Id, finding.RuleId);
        Assert.Equal("subprocess.getoutput", finding.Subject);
        Assert.Equal("dense", finding.Location.Node);
        Assert.Equal(FileVerdict.Dangerous, Verdict(session));
    }

    [Fact]
    public void ScanAs_EnableUnsafeDeserialization_IsReportedOnce()
    {
        var session = Config("keras3_enable_unsafe_config.json");

        var finding = Assert.Single(session.Findings);
        Assert.Equal(KerasRules.UnsafeDeserializationToggle.Id, finding.RuleId);
        Assert.Equal("keras.config.enable_unsafe_deserialization", finding.Subject);
        Assert.Equal("unlock", finding.Location.Node);
    }

    [Fact]
    public void ScanAs_GetFileActivation_IsDangerousFileAccess()
    {
        var session = Config("keras3_get_file_config.json");

        var finding = Assert.Single(session.Findings);
        Assert.Equal(KerasRules.FileAccessFunction.Id, finding.RuleId);
        Assert.Equal("keras.utils.get_file", finding.Subject);
        Assert.Equal("download", finding.Location.Node);
        Assert.Equal(FileVerdict.Dangerous, finding.Verdict);
    }

    [Fact]
    public void ScanAs_TorchModuleWrapper_IsDangerousAndItsPayloadIsScanned()
    {
        var session = Config("keras3_torch_wrapper_config.json");

        var finding = Assert.Single(session.Findings, finding => finding.RuleId == KerasRules.TorchModuleWrapper.Id);
        Assert.Equal("torch_module", finding.Location.Node);
        Assert.Equal("keras.layers.TorchModuleWrapper", finding.Subject);
        Assert.Contains(session.Parts, part => part.Location.Members.SequenceEqual(["config.json", "config.json:torch_module.module"]));
        Assert.Equal(FileVerdict.Dangerous, Verdict(session));
    }

    [Fact]
    public void ScanAs_CustomLayerFromOwnPackage_IsDangerousUnlessAllowed()
    {
        var session = Config("keras3_custom_layer_config.json");
        var allowed = Config("keras3_custom_layer_config.json", new ScanOptions { AllowGlobals = ["my_project.layers.MyLayer"] });

        var finding = Assert.Single(session.Findings);
        Assert.Equal(KerasRules.ExternalCallable.Id, finding.RuleId);
        Assert.Equal("my_project.layers.MyLayer", finding.Subject);
        Assert.Equal("mine", finding.Location.Node);
        Assert.Empty(allowed.Findings);
    }

    [Fact]
    public void ScanAs_UnknownClassWithoutModule_IsSuspiciousCustomObjectAndDangerousWhenStrict()
    {
        const string json = """{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "MyLayer", "config": {"name": "mine"}}]}}""";

        var normal = Assert.Single(Json(json).Findings);
        var strict = Assert.Single(Json(json, new ScanOptions { Strict = true }).Findings);

        Assert.Equal(KerasRules.CustomObject.Id, normal.RuleId);
        Assert.Equal("MyLayer", normal.Subject);
        Assert.Equal("mine", normal.Location.Node);
        Assert.Equal(FileVerdict.Suspicious, normal.Verdict);
        Assert.Equal(FileVerdict.Dangerous, strict.Verdict);
    }

    [Theory]
    [InlineData("keras.src.ops.numpy", "Add", true)]
    [InlineData("keras.src.ops.nn", "Softmax", true)]
    [InlineData("keras.src.ops.numpy", "os", false)]
    [InlineData("keras.src.utils.file_utils", "Downloader", false)]
    public void ScanAs_KerasOperationObjects_AreStandard(string module, string className, bool clean)
    {
        var json = $$"""{"module": "{{module}}", "class_name": "{{className}}", "config": {"name": "op"}, "registered_name": "{{className}}"}""";

        var findings = Json(json).Findings;

        Assert.Equal(clean, findings.Count == 0);
        Assert.All(findings, finding => Assert.Equal(KerasRules.CustomObject.Id, finding.RuleId));
    }

    [Fact]
    public void ScanAs_KerasExtensionPackage_IsInformational()
    {
        const string json = """{"module": "keras_hub.src.models.gemma.gemma_backbone", "class_name": "GemmaBackbone", "config": {"name": "gemma"}, "registered_name": "keras_hub>GemmaBackbone"}""";

        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(KerasRules.CustomObject.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Info, finding.Verdict);
        Assert.Equal("keras_hub.src.models.gemma.gemma_backbone.GemmaBackbone", finding.Subject);
    }

    [Fact]
    public void ScanAs_Keras2NamedFunctionInOs_IsDangerous()
    {
        const string json = """{"class_name": "Lambda", "config": {"name": "run", "function": "system", "function_type": "function", "module": "os"}}""";

        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(KerasRules.ExternalCallable.Id, finding.RuleId);
        Assert.Equal("os.system", finding.Subject);
        Assert.Equal("run", finding.Location.Node);
    }

    [Fact]
    public void ScanAs_Keras2LambdaWithCustomFunction_IsSuspicious()
    {
        const string json = """{"class_name": "Lambda", "config": {"name": "mine", "function": "my_fn", "function_type": "function", "module": null}}""";

        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(KerasRules.LambdaLayer.Id, finding.RuleId);
        Assert.Equal("my_fn", finding.Subject);
        Assert.Equal(FileVerdict.Suspicious, finding.Verdict);
    }

    [Theory]
    [InlineData("""{"class_name": "__class__", "config": {"name": "x"}}""", "__class__")]
    [InlineData("""{"class_name": "Dense", "config": {"name": "x"}, "__reduce__": 1}""", "__reduce__")]
    [InlineData("""{"module": "keras.layers", "class_name": "function", "config": "__import__"}""", "keras.layers.__import__")]
    [InlineData("""{"module": "os.__dict__", "class_name": "Dense", "config": {"name": "x"}}""", "os.__dict__.Dense")]
    public void ScanAs_DunderNames_AreDangerous(string json, string subject)
    {
        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(KerasRules.DunderReference.Id, finding.RuleId);
        Assert.Equal(subject, finding.Subject);
        Assert.Equal(FileVerdict.Dangerous, finding.Verdict);
    }

    [Fact]
    public void ScanAs_DuplicateClassName_ReportsTheDuplicateAndAnalysesEveryValue()
    {
        const string json = """{"class_name": "Dense", "class_name": "Lambda", "config": {"name": "twice", "function": ["4wAAAAAAAAAAAAAAAAEAAAAC", null, null], "function_type": "lambda"}}""";

        var findings = Json(json).Findings;

        Assert.Equal([KerasRules.ConfigDuplicateKey.Id, KerasRules.LambdaBytecode.Id], findings.Select(finding => finding.RuleId));
        Assert.All(findings, finding => Assert.Equal("twice", finding.Location.Node));
        Assert.Equal("class_name", findings[0].Evidence["keys"]);
    }

    [Fact]
    public void ScanAs_TfOpLambdaWritingFiles_IsDangerous()
    {
        const string json = """{"class_name": "TFOpLambda", "config": {"name": "tf.io.write_file", "function": "io.write_file"}}""";

        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(KerasRules.ExternalCallable.Id, finding.RuleId);
        Assert.Equal("tf.io.write_file", finding.Subject);
    }

    [Fact]
    public void ScanAs_TensorFlowOpLayerReadingFiles_IsDangerousTensorFlowOp()
    {
        const string json = """{"class_name": "TensorFlowOpLayer", "config": {"name": "read", "node_def": {"name": "read", "op": "ReadFile", "input": ["x"]}}}""";

        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(TensorFlowRules.FileOrNetworkOp.Id, finding.RuleId);
        Assert.Equal("ReadFile", finding.Subject);
        Assert.Equal("read", finding.Location.Node);
    }

    [Fact]
    public void ScanAs_BuiltinsKerasFunctionAndPythonLiterals_AreClean()
    {
        const string json = """{"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "epsilon": NaN, "max": Infinity, "min": -Infinity, "activation": {"module": "builtins", "class_name": "function", "config": "relu", "registered_name": "function"}}}""";

        Assert.Empty(Json(json).Findings);
    }

    [Theory]
    [InlineData("{\"class_name\": \"Dense\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("\u00ff\u00fe")]
    public void ScanAs_NotAConfigurationObject_IsMalformed(string json)
    {
        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(KerasRules.ConfigMalformed.Id, finding.RuleId);
        Assert.Equal(FileVerdict.Malformed, finding.Verdict);
    }

    [Fact]
    public void ScanAs_NestingBeyondTheLimit_IsUnscannable()
    {
        var json = new string('[', 200) + new string(']', 200);

        var finding = Assert.Single(Json(json).Findings);

        Assert.Equal(CoreScanRules.LimitReached.Id, finding.RuleId);
    }

    [Fact]
    public void ScanAs_ConfigLargerThanTheLimit_IsUnscannable()
    {
        var options = new ScanOptions { Limits = ScanLimits.Default with { MaxHeaderBytes = 100 } };

        var finding = Assert.Single(Config("keras3_sequential_config.json", options).Findings);

        Assert.Equal(CoreScanRules.LimitReached.Id, finding.RuleId);
    }

    [Fact]
    public void ScanAs_MutatedConfigurations_NeverFailTheScanner()
    {
        var seeds = new[] { "keras3_sequential_config.json", "keras3_lambda_config.json", "keras3_torch_wrapper_config.json" }
            .Select(name => Bytes("Keras", name)).ToArray();
        var tokens = new[] { "{", "}", "[", "]", "\"", ",", ":", "\"class_name\"", "\"module\"", "\"__lambda__\"", "\"Lambda\"", "NaN", "null", "\\u0000", "\"function\"", "\"config\"" };
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), out var configured) ? configured : 400;
        var random = new Random(7011);
        for (var i = 0; i < iterations; i++)
        {
            var mutated = Rampart.Tests.SeededMutator.Mutate(seeds[i % seeds.Length], random, tokens, "{}[]\":,0aZ_\\", 40, 200);
            var session = ScanAs(mutated, ModelFormat.KerasConfig, "config.json");
            AssertNoScannerFailure(session.Findings);
        }
    }
}
