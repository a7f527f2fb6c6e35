using BenchmarkDotNet.Attributes;
using Rampart.ML.Onnx;
using Rampart.ML.Tensors;

namespace Rampart.Benchmarks.Onnx;

/// <summary>
/// Rampart's ONNX interpreter on an MLP 50-128-64-2 (Gemm + Relu + Softmax, as PyTorch exports it), batch 1,024,
/// single-threaded. The peer script bench/Rampart.Benchmarks/Onnx/mlp_peer.py runs the same model with numpy
/// (OpenBLAS) and, where installed, ONNX Runtime.
/// Run: dotnet run -c Release --project bench/Rampart.Benchmarks -- --filter '*OnnxMlp*' --job short
/// </summary>
[MemoryDiagnoser]
public class OnnxMlpBenchmarks
{
    private OnnxPredictor _predictor = null!;
    private FloatMatrix _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _predictor = OnnxPredictor.Load(Mlp(), "mlp-50-128-64-2");
        var rng = new Random(7);
        _batch = new FloatMatrix(1024, 50, Enumerable.Range(0, 1024 * 50).Select(_ => (float)rng.NextDouble()).ToArray());
    }

    [Benchmark]
    public async Task<float> PredictBatch1024() => (await _predictor.PredictAsync(_batch, CancellationToken.None))[0, 0];

    [Benchmark]
    public float InputGradientBatch1024() => _predictor.InputGradient(_batch, new(Rampart.ML.Predictors.GradientKind.Loss, 0), new float[1024])[0, 0];

    /// <summary>The benchmark model; also written by the peer script's companion (see README).</summary>
    public static byte[] Mlp()
    {
        var rng = new Random(1);
        int[] layers = [50, 128, 64, 2];
        var b = new OnnxModelBuilder("mlp");
        b.AddInput("input", OnnxDataType.Float, null, 50);
        var current = "input";
        for (var l = 1; l < layers.Length; l++)
        {
            b.AddInitializer($"w{l}", Enumerable.Range(0, layers[l] * layers[l - 1]).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), layers[l], layers[l - 1]);
            b.AddInitializer($"b{l}", new float[layers[l]], layers[l]);
            b.AddNode("Gemm", [current, $"w{l}", $"b{l}"], [$"z{l}"], OnnxAttributeValue.OfInt("transB", 1));
            current = $"z{l}";
            if (l < layers.Length - 1)
            {
                b.AddNode("Relu", [current], [$"h{l}"]);
                current = $"h{l}";
            }
        }

        b.AddNode("Softmax", [current], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1));
        b.AddOutput("probabilities", OnnxDataType.Float, null, 2);
        return b.ToBytes();
    }
}
