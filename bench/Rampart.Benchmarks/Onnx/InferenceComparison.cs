using System.Diagnostics;
using System.Globalization;
using Rampart.ML.Onnx;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Benchmarks.Onnx;

/// <summary>
/// Inference throughput of the interpreter, single thread, batch 1,024, on an MLP 50-128-64-2 and a 100-tree
/// depth-6 GBDT (trained here on seeded synthetic data and exported), written to DIR so that ONNX Runtime can run
/// the very same files: node bench/Rampart.Benchmarks/Onnx/ort_peer.js DIR.
/// Run: dotnet run -c Release --project bench/Rampart.Benchmarks -- compare-inference [DIR]
/// </summary>
internal static class InferenceComparison
{
    public static async Task<int> RunAsync(string outDir)
    {
        Directory.CreateDirectory(outDir);
        var random = new Random(7);
        var batch = new FloatMatrix(1024, 50, [.. Enumerable.Range(0, 1024 * 50).Select(_ => (float)random.NextDouble())]);
        await File.WriteAllBytesAsync(Path.Combine(outDir, "mlp-50-128-64-2.onnx"), OnnxMlpBenchmarks.Mlp());
        await File.WriteAllBytesAsync(Path.Combine(outDir, "gbdt-100x6.onnx"), Gbdt());

        Console.WriteLine("model,tool,rows_per_second");
        foreach (var file in new[] { "mlp-50-128-64-2.onnx", "gbdt-100x6.onnx" })
        {
            var predictor = OnnxPredictor.Load(Path.Combine(outDir, file));
            for (var i = 0; i < 20; i++)
            {
                await predictor.PredictAsync(batch, CancellationToken.None);
            }

            var watch = Stopwatch.StartNew();
            var batches = 0;
            while (watch.Elapsed < TimeSpan.FromSeconds(3))
            {
                await predictor.PredictAsync(batch, CancellationToken.None);
                batches++;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file},rampart,{batches * 1024 / watch.Elapsed.TotalSeconds:0}"));
        }

        Console.WriteLine($"models written to {outDir}; now run: node bench/Rampart.Benchmarks/Onnx/ort_peer.js {outDir}");
        return 0;
    }

    /// <summary>A 100-round, depth-6 boosted ensemble on 20,000 seeded rows of 50 features, exported to ONNX.</summary>
    private static byte[] Gbdt()
    {
        var random = new Random(11);
        var x = new FloatMatrix(20_000, 50, [.. Enumerable.Range(0, 20_000 * 50).Select(_ => (float)random.NextDouble())]);
        var y = new float[x.Rows];
        for (var r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            y[r] = row[0] + (row[1] * row[2]) - (0.5f * row[3]) + (0.2f * (float)random.NextDouble()) > 0.6f ? 1 : 0;
        }

        var model = GbdtTrainer.Fit(new TrainingSet(x, y, 2), new GbdtOptions { Trees = 100, MaxDepth = 6, MinSamplesLeaf = 1 });
        return OnnxExport.ToOnnx(model);
    }
}
