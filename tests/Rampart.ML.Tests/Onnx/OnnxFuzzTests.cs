using System.Diagnostics;
using Rampart.ML.Onnx;
using Rampart.ML.Onnx.Runtime;
using Xunit.Abstractions;

namespace Rampart.Tests.ML.Onnx;

/// <summary>Seeded mutation fuzzing of the model reader: only <see cref="OnnxFormatException"/> may escape loading, and running a loaded mutant only <see cref="OnnxRuntimeException"/>.</summary>
public sealed class OnnxFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Load_MutatedValidModels_OnlyDocumentedExceptionsAndNoHang()
    {
        var seeds = new[] { OnnxTestModels.Mlp(1, [4, 5, 3], softmax: true), OnnxTestModels.Cnn(2), OnnxTestModels.Mixed(3) };
        var rng = new Random(20260601);
        var limits = new OnnxLoadOptions { MaxTensorElements = 1 << 20, MaxTensorBytes = 1 << 22, MaxNodes = 1000 };
        var watch = Stopwatch.StartNew();
        int loaded = 0, refused = 0, ran = 0;
        const int Mutations = 2000;
        for (var i = 0; i < Mutations; i++)
        {
            var bytes = Mutate(seeds[i % seeds.Length], rng);
            OnnxModel model;
            try
            {
                model = OnnxModel.Load(bytes, $"mutant {i}", limits);
                loaded++;
            }
            catch (OnnxFormatException)
            {
                refused++;
                continue;
            }

            try
            {
                var input = model.Graph.Inputs.FirstOrDefault();
                if (input is { Type: OnnxDataType.Float, Shape: { } shape } && shape.All(d => d.Value is null or (> 0 and < 64)))
                {
                    var dims = shape.Select(d => (int)(d.Value ?? 2)).ToArray();
                    model.Run(new Dictionary<string, OnnxTensor> { [input.Name] = OnnxTensor.Zeros(OnnxDataType.Float, dims) });
                    ran++;
                }
            }
            catch (OnnxRuntimeException)
            {
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "fuzzing took too long: a hang?");
        }

        output.WriteLine($"{Mutations} mutants: {loaded} loaded, {refused} refused, {ran} ran; {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(Mutations, loaded + refused);
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var bytes = (byte[])seed.Clone();
        var count = rng.Next(1, 6);
        for (var m = 0; m < count; m++)
        {
            var at = rng.Next(bytes.Length);
            switch (rng.Next(5))
            {
                case 0:
                    bytes[at] = (byte)rng.Next(256);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 2:
                    bytes = bytes[..at];
                    break;
                case 3:
                    bytes = [.. bytes[..at], .. new[] { (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0x0F }, .. bytes[at..]];
                    break;
                default:
                    var len = Math.Min(rng.Next(1, 32), bytes.Length - at);
                    bytes = [.. bytes[..at], .. bytes.AsSpan(at, len), .. bytes[at..]];
                    break;
            }

            if (bytes.Length == 0)
            {
                break;
            }
        }

        return bytes;
    }
}
