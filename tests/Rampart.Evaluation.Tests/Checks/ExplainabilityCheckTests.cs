using System.Globalization;
using System.Text;
using Rampart.Checks;
using Rampart.Evaluation.Checks;
using Rampart.ML.Onnx;
using Rampart.Tests;

namespace Rampart.Evaluation.Tests.Checks;

public sealed class ExplainabilityCheckTests
{
    private static string Manifest(string policy = "", string sensitive = "[s]") => $"""
        rampart: 1
        system: {"{"} name: s, owner: o, stage: model-development, criticality: medium {"}"}
        assets:
          models:
            - id: m
              path: model/m.onnx
          datasets:
            - id: test
              path: data/test.csv
              role: test
              label: y
              sensitive: {sensitive}
        {policy}
        """;

    /// <summary>Logits (0, a·x + b·z − c), then Softmax; classes "0,1".</summary>
    private static byte[] LinearModel(float a, float b, float c) => new OnnxModelBuilder("linear")
        .AddInput("input", OnnxDataType.Float, null, 2)
        .AddInitializer("w", [0f, 0f, a, b], 2, 2)
        .AddInitializer("bias", [0f, -c], 2)
        .AddNode("Gemm", ["input", "w", "bias"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
        .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
        .AddOutput("probabilities", OnnxDataType.Float, null, 2)
        .AddMetadata("rampart.class_labels", "0,1")
        .ToBytes();

    /// <summary>
    /// 200 rows of x ∈ {0, 1}, z uniform in [0, 1), s = "g" + x (so x is a perfect proxy of the sensitive s) and y
    /// the model's own class.
    /// </summary>
    private static SystemFixture ProxyFixture()
    {
        var fx = new SystemFixture();
        var random = new Random(11);
        var csv = new StringBuilder("x,z,s,y\n");
        for (var i = 0; i < 200; i++)
        {
            var x = i % 2;
            csv.Append(CultureInfo.InvariantCulture, $"{x},{random.NextDouble():0.####},g{x},{x}\n");
        }

        fx.Write("data/test.csv", csv.ToString());
        Directory.CreateDirectory(Path.Combine(fx.Path, "model"));
        File.WriteAllBytes(Path.Combine(fx.Path, "model", "m.onnx"), LinearModel(10, 0, 5)); // uses x only
        return fx;
    }

    private static async Task<CheckResult> RunAsync(SystemFixture fx, string manifest) =>
        await new ExplainabilityCheck().RunAsync(fx.Context(fx.Manifest(manifest)) with { Seed = 5 }, CancellationToken.None);

    [Fact]
    public async Task RunAsync_ModelDrivenByAProxy_MediumFindingExactSharesAndChart()
    {
        using var fx = ProxyFixture();
        var result = await RunAsync(fx, Manifest());

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-EX-001", finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal(Confidence.High, finding.Confidence); // the interval [1, 1] is wholly above the limit
        Assert.Equal(["THR-008", "THR-007"], finding.Threats.ToArray());
        Assert.Equal("x (Cramér's V 1) 1", finding.Evidence["columns"]);
        Assert.Equal("s", finding.Evidence["sensitive_attribute"]);
        Assert.Equal("1", finding.Evidence["importance_share"]);
        Assert.Contains("The sensitive attribute 's' holds 100% of the model's total importance through 'x' (Cramér's V 1, 100%), above the policy's 10%.", finding.Message, StringComparison.Ordinal);
        Assert.Equal("m on test: s", finding.Location.Logical);
        var combined = Assert.Single(result.Measurements, m => m.Metric == "explainability.sensitive_share");
        Assert.Equal((1.0, 1.0, 1.0, Verdict.Fail), (combined.Value, combined.Lower!.Value, combined.Upper!.Value, combined.Verdict));

        // Two features: KernelSHAP enumerates every coalition, so the unused z gets exactly 0.
        var x = Assert.Single(result.Measurements, m => m.Metric == "explainability.shap_share" && m.Subject == "m on test: x");
        var z = Assert.Single(result.Measurements, m => m.Metric == "explainability.shap_share" && m.Subject == "m on test: z");
        Assert.Equal((1.0, 1.0, 1.0), (x.Value, x.Lower!.Value, x.Upper!.Value));
        Assert.Equal(0, z.Value);
        var zPermuted = Assert.Single(result.Measurements, m => m.Metric == "explainability.permutation_importance" && m.Subject == "m on test: z");
        Assert.Equal((0.0, 0.0, 0.0), (zPermuted.Value, zPermuted.Lower!.Value, zPermuted.Upper!.Value));
        Assert.True(Assert.Single(result.Measurements, m => m.Metric == "explainability.permutation_importance" && m.Subject == "m on test: x = 1").Value > 1);
        var fidelity = Assert.Single(result.Measurements, m => m.Metric == "explainability.surrogate_fidelity");
        Assert.Equal((1.0, Verdict.Pass), (fidelity.Value, fidelity.Verdict));

        var chart = Assert.Single(result.Charts);
        Assert.Equal(ChartKind.Bar, chart.Kind);
        Assert.Equal(["x", "z"], chart.Series.Single().Points.Select(p => p.Label!).ToArray());
        Assert.Equal([1.0, 0.0], chart.Series.Single().Points.Select(p => p.Y).ToArray());
        Assert.Contains("above the share limit of 0.1 together: x.", chart.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PolicyAllowsTheShare_NoFinding_PolicyLimitFailOnSeverity()
    {
        using var fx = ProxyFixture();
        Assert.Empty((await RunAsync(fx, Manifest("policy: { thresholds: { explainability.sensitive_share: 1 } }"))).Findings);
        var strict = await RunAsync(fx, Manifest("policy: { fail_on: critical, thresholds: { explainability.sensitive_share: 0.5 } }"));
        Assert.Equal(Severity.Critical, Assert.Single(strict.Findings).Severity);
    }

    [Fact]
    public async Task RunAsync_NoSensitiveColumns_NoProxyFindingButImportances()
    {
        using var fx = ProxyFixture();
        var lines = File.ReadAllLines(Path.Combine(fx.Path, "data", "test.csv")).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 2)));
        fx.Write("data/test.csv", string.Join('\n', lines) + "\n");
        var result = await RunAsync(fx, Manifest(sensitive: "[]"));
        Assert.Empty(result.Findings);
        Assert.Equal(2, result.Measurements.Count(m => m.Metric == "explainability.shap_share"));
    }

    [Fact]
    public async Task RunAsync_DiagonalBoundaryAndPerfectFidelityRequired_LowFinding()
    {
        using var fx = new SystemFixture();
        var random = new Random(2);
        var csv = new StringBuilder("x,z,y\n");
        for (var i = 0; i < 400; i++)
        {
            var (x, z) = (random.NextDouble(), random.NextDouble());
            csv.Append(CultureInfo.InvariantCulture, $"{x:0.####},{z:0.####},{(x + z > 1 ? 1 : 0)}\n");
        }

        fx.Write("data/test.csv", csv.ToString());
        Directory.CreateDirectory(Path.Combine(fx.Path, "model"));
        File.WriteAllBytes(Path.Combine(fx.Path, "model", "m.onnx"), LinearModel(10, 10, 10));
        var result = await RunAsync(fx, Manifest("policy: { thresholds: { explainability.min_surrogate_fidelity: 1 } }", "[]"));

        var fidelity = Assert.Single(result.Measurements, m => m.Metric == "explainability.surrogate_fidelity");
        Assert.True(fidelity.Value < 1);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("RMP-EX-002", finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity); // the policy's own limit
        Assert.Contains("a depth-3 surrogate tree agrees with the model's", finding.Message, StringComparison.Ordinal);
        Assert.Contains("below the policy's 1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownPolicyKey_FindingWithSuggestion()
    {
        using var fx = ProxyFixture();
        var result = await RunAsync(fx, Manifest("policy: { thresholds: { explainability.sensitive_shares: 0.2 } }"));
        var bad = Assert.Single(result.Findings, f => f.RuleId == "RMP-EX-003");
        Assert.Equal("policy.thresholds.explainability.sensitive_shares", bad.Evidence["field"]);
        Assert.Contains("Did you mean 'explainability.sensitive_share'?", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FewRows_FidelityUndefinedAndNoFidelityFinding()
    {
        using var fx = ProxyFixture();
        fx.Write("data/test.csv", "x,z,s,y\n1,0.5,g1,1\n0,0.1,g0,0\n1,0.2,g1,1\n");
        var result = await RunAsync(fx, Manifest("policy: { thresholds: { explainability.sensitive_share: 1 } }"));
        Assert.Empty(result.Findings);
        var fidelity = Assert.Single(result.Measurements, m => m.Metric == "explainability.surrogate_fidelity");
        Assert.Equal(Verdict.Undefined, fidelity.Verdict);
        Assert.Equal("only 1 held-out row(s); the verdict needs at least 30", fidelity.Reason);
    }
}
