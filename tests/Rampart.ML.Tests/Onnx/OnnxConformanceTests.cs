using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Operators;
using Rampart.ML.Onnx.Runtime;
using Xunit.Abstractions;

namespace Rampart.Tests.ML.Onnx;

/// <summary>
/// Runs the ONNX project's backend node tests (Debian package libonnx-testdata) through the interpreter: every case
/// whose operators are all supported must pass with the backend tests' tolerances (rtol 1e-3, atol 1e-7), unless it
/// is listed in <see cref="OutOfScope"/> with a reason.
/// </summary>
public sealed class OnnxConformanceTests(ITestOutputHelper output)
{
    private const string Root = "/usr/share/libonnx-testdata/data/node";
    private const double RelativeTolerance = 1e-3;
    private const double AbsoluteTolerance = 1e-7;
    private long _comparedValues;

    /// <summary>Cases whose operators are all supported but which are deliberately not run, each with its reason.</summary>
    internal static readonly IReadOnlyDictionary<string, string> OutOfScope = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["test_training_dropout"] = "training-mode Dropout draws a random mask (numpy's generator); only inference or ratio 0 is supported",
        ["test_training_dropout_default"] = "training-mode Dropout draws a random mask (numpy's generator); only inference or ratio 0 is supported",
        ["test_training_dropout_default_mask"] = "training-mode Dropout draws a random mask (numpy's generator); only inference or ratio 0 is supported",
        ["test_training_dropout_mask"] = "training-mode Dropout draws a random mask (numpy's generator); only inference or ratio 0 is supported",
        ["test_cast_BFLOAT16_to_FLOAT"] = "BFLOAT16 element type is not supported",
        ["test_cast_FLOAT_to_BFLOAT16"] = "BFLOAT16 element type is not supported",
        ["test_castlike_BFLOAT16_to_FLOAT_expanded"] = "BFLOAT16 element type is not supported",
        ["test_castlike_FLOAT_to_BFLOAT16_expanded"] = "BFLOAT16 element type is not supported",
        ["test_identity_opt"] = "optional values (non-tensor types) are not supported",
        ["test_identity_sequence"] = "sequence values (non-tensor types) are not supported",
    };

    [Fact]
    public void BackendNodeTests_SupportedOperators_MatchReferenceOutputs()
    {
        if (!Directory.Exists(Root))
        {
            if (Environment.GetEnvironmentVariable("RAMPART_SKIP_ONNX_CONFORMANCE") == "1")
            {
                output.WriteLine("ONNX conformance skipped: RAMPART_SKIP_ONNX_CONFORMANCE=1 and libonnx-testdata is not installed.");
                return;
            }

            Assert.Fail($"The ONNX backend node tests are missing ({Root}). Install Debian's libonnx-testdata (test.sh does), or set RAMPART_SKIP_ONNX_CONFORMANCE=1 to skip on purpose.");
        }

        var watch = Stopwatch.StartNew();
        var registry = OperatorRegistry.Default;
        var skipped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var failures = new List<string>();
        var listedButPassing = new List<string>();
        int ran = 0, passed = 0, outOfScope = 0;
        var cases = Directory.GetDirectories(Root).Order(StringComparer.Ordinal).ToList();
        foreach (var dir in cases)
        {
            var name = Path.GetFileName(dir);
            var modelPath = Path.Combine(dir, "model.onnx");
            var proto = OnnxProtoParser.ParseModel(File.ReadAllBytes(modelPath), OnnxLoadOptions.Default);
            var missing = proto.Graph!.Nodes
                .Where(n => !registry.TryGet(n.Domain, n.OpType, out _))
                .Select(n => (n.Domain.Length == 0 ? string.Empty : n.Domain + ".") + n.OpType)
                .Distinct()
                .ToList();
            if (missing.Count > 0)
            {
                Add(skipped, "unsupported operator " + string.Join("+", missing), name);
                continue;
            }

            if (OutOfScope.TryGetValue(name, out var reason))
            {
                outOfScope++;
                Add(skipped, "out of scope: " + reason, name);
                if (TryRun(dir, out _))
                {
                    listedButPassing.Add(name);
                }

                continue;
            }

            ran++;
            if (TryRun(dir, out var error))
            {
                passed++;
            }
            else
            {
                failures.Add($"{name}: {error}");
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"ONNX backend node tests: {cases.Count} cases; ran {ran}, passed {passed}, failed {failures.Count}; out of scope {outOfScope}; skipped {cases.Count - ran - outOfScope} for unsupported operators; {_comparedValues} output values compared; {watch.Elapsed.TotalSeconds:F1} s.");
        foreach (var group in skipped.OrderByDescending(g => g.Value.Count).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  skipped ({group.Value.Count}) {group.Key}: {string.Join(", ", group.Value)}");
        }

        foreach (var f in failures)
        {
            report.AppendLine("  FAILED " + f);
        }

        output.WriteLine(report.ToString());
        Assert.True(_comparedValues > 10_000, $"Only {_comparedValues} output values were compared.");
        Assert.True(ran > 250, $"Only {ran} cases ran; expected the libonnx-testdata node suite.\n{report}");
        Assert.True(failures.Count == 0, $"{failures.Count} conformance case(s) failed:\n{string.Join("\n", failures)}");
        Assert.True(listedButPassing.Count == 0, $"Cases listed as out of scope now pass; remove them from the list: {string.Join(", ", listedButPassing)}");
    }

    private static void Add(Dictionary<string, List<string>> groups, string key, string name)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        list.Add(name);
    }

    private bool TryRun(string dir, out string error)
    {
        try
        {
            var model = OnnxModel.Load(Path.Combine(dir, "model.onnx"));
            foreach (var set in Directory.GetDirectories(dir, "test_data_set_*").Order(StringComparer.Ordinal))
            {
                var feeds = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
                var inputFiles = Files(set, "input_");
                for (var i = 0; i < inputFiles.Count; i++)
                {
                    var fileName = OnnxModel.ReadTensorName(inputFiles[i]);
                    var target = model.Graph.Inputs.Any(x => x.Name == fileName) ? fileName : model.Graph.Inputs[i].Name;
                    feeds[target] = OnnxModel.ReadTensorFile(inputFiles[i]);
                }

                var results = model.Run(feeds);
                var outputFiles = Files(set, "output_");
                for (var i = 0; i < outputFiles.Count; i++)
                {
                    var fileName = OnnxModel.ReadTensorName(outputFiles[i]);
                    var key = results.ContainsKey(fileName) ? fileName : model.Graph.Outputs[i].Name;
                    var expected = OnnxModel.ReadTensorFile(outputFiles[i]);
                    var problem = Compare(expected, results[key]);
                    _comparedValues += expected.Length;
                    if (problem is not null)
                    {
                        error = $"{Path.GetFileName(set)} output '{key}': {problem}";
                        return false;
                    }
                }
            }

            error = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is OnnxFormatException or OnnxRuntimeException or KeyNotFoundException or ArgumentOutOfRangeException)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }

    private static List<string> Files(string set, string prefix) =>
        Directory.GetFiles(set, prefix + "*.pb")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[prefix.Length..], CultureInfo.InvariantCulture))
            .ToList();

    internal static string? Compare(OnnxTensor expected, OnnxTensor actual)
    {
        if (expected.Type != actual.Type)
        {
            return $"type {actual.Type}, expected {expected.Type}";
        }

        if (!expected.Shape.SequenceEqual(actual.Shape))
        {
            return $"shape {OnnxTensor.Format(actual.Shape)}, expected {OnnxTensor.Format(expected.Shape)}";
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected.Data.GetValue(i);
            var a = actual.Data.GetValue(i);
            if (e is float or double or Half)
            {
                var ev = Convert.ToDouble(e is Half he ? (double)he : e, CultureInfo.InvariantCulture);
                var av = Convert.ToDouble(a is Half ha ? (double)ha : a, CultureInfo.InvariantCulture);
                if (double.IsNaN(ev) && double.IsNaN(av))
                {
                    continue;
                }

                if (ev == av || Math.Abs(ev - av) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(ev)))
                {
                    continue;
                }

                return string.Create(CultureInfo.InvariantCulture, $"element {i} is {av:R}, expected {ev:R}");
            }

            if (!Equals(e, a))
            {
                return string.Create(CultureInfo.InvariantCulture, $"element {i} is {a}, expected {e}");
            }
        }

        return null;
    }
}
