using System.Diagnostics;
using System.Globalization;
using Rampart.Evaluation.Explainability;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Mitigation;
using Rampart.Evaluation.Robustness;
using Rampart.ML.Onnx;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Benchmarks.Evaluation;

/// <summary>
/// The evaluation library's costs on seeded synthetic data: fairness metrics on 1,000,000 rows with two sensitive
/// features (2 × 5 groups) without and with 1,000 bootstrap replicates; KernelSHAP on 1,000 rows × 10 features
/// (20 background rows) of a closed-form logistic model; HopSkipJump (ART's defaults) on 100 rows against a
/// logistic regression trained by <see cref="LogisticRegressionTrainer"/>; TreeSHAP against KernelSHAP on one exported
/// GBDT read back from ONNX; the threshold optimizer on the 1,000,000 fairness rows and exponentiated gradient on
/// 5,000 rows. Each step reports its wall time, the bytes
/// it allocated, the process's peak working set so far, and the model rows (queries) it used.
/// Run: dotnet run -c Release --project bench/Rampart.Benchmarks -- evaluation [DIR]
/// (DIR, default /tmp/rampart-evaluation-bench, receives results.tsv with the table).
/// </summary>
internal static class EvaluationBenchmark
{
    private const int FairnessRows = 1_000_000;
    private const int ShapRows = 1_000;
    private const int ShapBackground = 20;
    private const int Features = 10;
    private const int AttackRows = 100;
    private const int TrainRows = 5_000;
    private const int TreeRows = 100;
    private const int TreeBackground = 100;
    private const int KernelRowsOnTrees = 10;

    public static async Task<int> RunAsync(string dir)
    {
        Directory.CreateDirectory(dir);
        var rows = new List<string[]>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}"));

        // 1. Fairness: 1,000,000 rows, sex (2 groups) and age_band (5 groups), so three groupings (2 + 5 + 10).
        var (yTrue, yPred, scores, sex, age) = FairnessData(FairnessRows, seed: 20261130);
        FairnessInput? input = null;
        rows.Add(Measure("fairness: FairnessInput.Create (1M rows, 2 × 5 groups)", () =>
        {
            input = FairnessInput.Create(yTrue, yPred, [sex, age], scores).Value ?? throw new InvalidOperationException("The fairness input did not validate.");
            return (0, $"{input.RowCount:N0} rows");
        }));
        foreach (var replicates in new[] { 0, 1_000 })
        {
            rows.Add(Measure($"fairness: Evaluate, {replicates:N0} bootstrap replicates", () =>
            {
                var report = FairnessEvaluator.Evaluate(input!, new FairnessOptions { BootstrapSamples = replicates, Seed = 7 });
                var value = report.Value ?? throw new InvalidOperationException(string.Join("; ", report.Problems.Select(p => p.Message)));
                var groups = value.Groupings.Sum(g => g.Groups.Length);
                return (0, $"{value.Groupings.Length} groupings, {groups} groups");
            }));
        }

        rows.Add(Measure("fairness: Create + Evaluate, 1,000 replicates", () =>
        {
            var created = FairnessInput.Create(yTrue, yPred, [sex, age], scores).Value!;
            var report = FairnessEvaluator.Evaluate(created, new FairnessOptions { BootstrapSamples = 1_000, Seed = 7 });
            return (0, report.IsValid ? "valid" : "INVALID");
        }));

        // 2. KernelSHAP: 1,000 rows x 10 features, 20 background rows, a closed-form seeded logistic model.
        var random = new Random(11);
        var weights = Enumerable.Range(0, Features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var explained = Gaussian(ShapRows, Features, random);
        var background = Gaussian(ShapBackground, Features, random);
        rows.Add(await MeasureAsync("KernelSHAP: 1,000 rows × 10 features, 20 background", async () =>
        {
            var model = ExplainedOutput.FromFunction(Features, batch => Logistic(batch, weights, 0.25), "logistic");
            var explanation = await KernelShap.ExplainAsync(model, background, explained);
            return (explanation.ModelEvaluations, $"{(explanation.Exact ? "exact" : "sampled")}, {explanation.Coalitions:N0} coalitions/row, {explanation.ModelEvaluations / (double)ShapRows:N0} model rows/row");
        }));

        // 3. HopSkipJump (ART's defaults, L2 and L-infinity) on 100 rows against a trained logistic regression.
        var (train, trainLabels) = Classification(TrainRows, random);
        var trained = LogisticRegressionTrainer.Fit(new TrainingSet(train, trainLabels.Select(l => (float)l).ToArray(), 2));
        var (test, testLabels) = Classification(AttackRows, random);
        var attackInput = RobustnessInput.Create(test, testLabels, trained.Info, FeatureConstraints.FromData(train));
        if (!attackInput.IsValid)
        {
            throw new InvalidOperationException(string.Join("; ", attackInput.Problems.Select(p => p.Message)));
        }

        foreach (var norm in new[] { PerturbationNorm.L2, PerturbationNorm.LInfinity })
        {
            rows.Add(await MeasureAsync($"HopSkipJump {norm}: 100 rows, logistic regression", async () =>
            {
                var before = trained.Queries.Rows;
                var result = await HopSkipJumpAttack.RunAsync(trained, attackInput.Value!, new HopSkipJumpOptions { Norm = norm, Seed = 3 });
                var value = result.Value ?? throw new InvalidOperationException(string.Join("; ", result.Problems.Select(p => p.Message)));
                var used = trained.Queries.Rows - before;
                return (used, $"{value.MeanQueries:N0} queries/row (mean), success {value.SuccessRate:P0}, median distance {value.MedianPerturbation:G3}, clean accuracy {value.CleanAccuracy:P0}");
            }));
        }

        // 4. TreeSHAP against KernelSHAP on the same exported GBDT (100 trees of depth 6), read back from ONNX.
        var gbdt = GbdtTrainer.Fit(new TrainingSet(train, [.. trainLabels.Select(l => (float)l)], 2));
        var onnx = OnnxPredictor.Load(OnnxExport.ToOnnx(gbdt), "gbdt.onnx");
        var shapRows = test.SelectRows([.. Enumerable.Range(0, TreeRows)]);
        var shapBackground = train.SelectRows([.. Enumerable.Range(0, TreeBackground)]);
        rows.Add(Measure("TreeSHAP (ONNX GBDT): 100 rows × 100 background", () =>
        {
            var ensemble = OnnxTreeEnsembleReader.TryRead(onnx).Ensemble ?? throw new InvalidOperationException("The exported GBDT is not readable as a tree ensemble.");
            var explanation = TreeShap.Explain(ensemble, shapBackground, shapRows, 0);
            return (0, $"{ensemble.Trees.Length} trees, exact, no model calls; base value {explanation.BaseValue:G4}");
        }));
        rows.Add(await MeasureAsync("KernelSHAP (same ONNX GBDT): 10 rows × 100 background", async () =>
        {
            var output = ExplainedOutput.FromPredictor(onnx);
            var explanation = await KernelShap.ExplainAsync(output, shapBackground, shapRows.SelectRows([.. Enumerable.Range(0, KernelRowsOnTrees)]));
            return (explanation.ModelEvaluations, $"{(explanation.Exact ? "exact" : "sampled")}, {explanation.ModelEvaluations / (double)KernelRowsOnTrees:N0} model rows per explained row");
        }));

        // 5. Mitigation: the threshold optimizer on the 1,000,000 fairness rows; exponentiated gradient on 5,000 rows.
        rows.Add(Measure("ThresholdOptimizer: 1M rows, demographic parity, 2 × 5 groups", () =>
        {
            var policy = ThresholdOptimizer.Fit(scores, yTrue, [sex, age], new ThresholdOptimizerOptions()).Value ?? throw new InvalidOperationException("The threshold optimizer failed.");
            return (0, $"{policy.Groups.Length} groups, expected accuracy {policy.ExpectedAccuracy:G4}");
        }));
        var groupOfRow = new SensitiveFeature[] { SensitiveFeature.FromValues("group", [.. trainLabels.Select((l, i) => (i % 3 == 0) == (l == 1) ? "a" : "b")]) };
        rows.Add(Measure("ExponentiatedGradient: 5,000 rows × 10 features, demographic parity", () =>
        {
            var mixture = ExponentiatedGradient.Fit(train, trainLabels, groupOfRow, new ExponentiatedGradientOptions()).Value ?? throw new InvalidOperationException("Exponentiated gradient failed.");
            return (0, $"{mixture.Iterations} iterations, {mixture.Members.Length} classifiers kept");
        }));

        Print(rows);
        await File.WriteAllLinesAsync(Path.Combine(dir, "results.tsv"), rows.Select(r => string.Join('\t', r)));
        return 0;
    }

    private static string[] Measure(string name, Func<(long Queries, string Note)> step)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var (queries, note) = step();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return Row(name, elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, queries, note);
    }

    private static async Task<string[]> MeasureAsync(string name, Func<Task<(long Queries, string Note)>> step)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var (queries, note) = await step();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return Row(name, elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, queries, note);
    }

    private static string[] Row(string name, TimeSpan elapsed, long allocated, long queries, string note)
    {
        using var process = Process.GetCurrentProcess();
        var row = new[]
        {
            name,
            elapsed.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds:N0} ms") : string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:N2} s"),
            string.Create(CultureInfo.InvariantCulture, $"{allocated / 1e6:N0} MB"),
            string.Create(CultureInfo.InvariantCulture, $"{process.PeakWorkingSet64 / 1e6:N0} MB"),
            queries == 0 ? "-" : queries.ToString("N0", CultureInfo.InvariantCulture),
            note,
        };
        Console.WriteLine(string.Join(" | ", row));
        return row;
    }

    private static void Print(List<string[]> rows)
    {
        string[] header = ["step", "wall time", "allocated", "peak working set (process, so far)", "model rows (queries)", "notes"];
        Console.WriteLine();
        Console.WriteLine("| " + string.Join(" | ", header) + " |");
        Console.WriteLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row) + " |");
        }
    }

    /// <summary>Labels with base rates that differ by group, predictions that err more for some groups, and scores.</summary>
    private static (int[] YTrue, int[] YPred, double[] Scores, SensitiveFeature Sex, SensitiveFeature Age) FairnessData(int n, int seed)
    {
        var random = new Random(seed);
        var yTrue = new int[n];
        var yPred = new int[n];
        var scores = new double[n];
        var sex = new int[n];
        var age = new int[n];
        for (var i = 0; i < n; i++)
        {
            sex[i] = random.Next(2);
            age[i] = random.Next(5);
            var rate = 0.3 + 0.1 * sex[i] + 0.04 * age[i];
            yTrue[i] = random.NextDouble() < rate ? 1 : 0;
            var score = Math.Clamp((yTrue[i] == 1 ? 0.65 : 0.35) + 0.05 * sex[i] + (random.NextDouble() - 0.5) * (0.6 + 0.1 * age[i]), 0, 1);
            scores[i] = score;
            yPred[i] = score >= 0.5 ? 1 : 0;
        }

        return (yTrue, yPred, scores,
            SensitiveFeature.FromCodes("sex", ["female", "male"], sex),
            SensitiveFeature.FromCodes("age_band", ["18-25", "26-35", "36-45", "46-60", "60+"], age));
    }

    private static FloatMatrix Gaussian(int rows, int columns, Random random)
    {
        var matrix = new FloatMatrix(rows, columns);
        for (var i = 0; i < matrix.Data.Length; i++)
        {
            matrix.Data[i] = (float)random.NextGaussian();
        }

        return matrix;
    }

    /// <summary>Ten features in different ranges; the label is a noisy linear rule of them.</summary>
    private static (FloatMatrix Features, int[] Labels) Classification(int n, Random random)
    {
        var features = new FloatMatrix(n, Features);
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var row = features.Row(i);
            var z = 0.0;
            for (var j = 0; j < Features; j++)
            {
                row[j] = (float)(random.NextGaussian() * (1 + j % 3));
                z += (j % 2 == 0 ? 1 : -0.5) * row[j] / (1 + j % 3);
            }

            labels[i] = z + random.NextGaussian() * 0.5 > 0 ? 1 : 0;
        }

        return (features, labels);
    }

    private static double[] Logistic(FloatMatrix rows, double[] weights, double bias)
    {
        var output = new double[rows.Rows];
        for (var i = 0; i < rows.Rows; i++)
        {
            var row = rows.Row(i);
            var z = bias;
            for (var j = 0; j < row.Length; j++)
            {
                z += weights[j] * row[j];
            }

            output[i] = 1 / (1 + Math.Exp(-z));
        }

        return output;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static double NextGaussian(this Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
