using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Rampart.ML.Data;

namespace Rampart.Benchmarks.Data;

/// <summary>
/// Loading a 1,000,000 x 50 numeric CSV (about 490 MB): into a <see cref="TabularDataset"/>, into a float matrix
/// through a <see cref="FeatureMap"/>, and the one-pass statistics. The file is generated in a temp file by a formula
/// that <c>pandas_read_csv.py</c> beside this file reproduces byte for byte, so pandas can read the same bytes.
/// </summary>
[MemoryDiagnoser]
public class CsvLoadBenchmarks
{
    private string _path = string.Empty;

    /// <summary>Rows in the generated file.</summary>
    public const int Rows = 1_000_000;

    /// <summary>Columns in the generated file.</summary>
    public const int Columns = 50;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"rampart-bench-{Guid.NewGuid():N}.csv");
        Write(_path, Rows, Columns);
        using var stream = File.OpenRead(_path);
        Console.WriteLine($"// generated {_path}: {new FileInfo(_path).Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(stream))}");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public async Task<int> LoadDataset()
    {
        var result = await TabularDatasetReader.ReadAsync(_path, null, CancellationToken.None);
        return result.Value!.RowCount;
    }

    [Benchmark]
    public async Task<int> LoadAndEncode()
    {
        var data = (await TabularDatasetReader.ReadAsync(_path, null, CancellationToken.None)).Value!;
        var map = FeatureMap.Fit(data).Value!;
        return map.Encode(data).Value!.Rows;
    }

    [Benchmark]
    public async Task<long> Statistics()
    {
        var result = await CsvStatistics.ComputeAsync(_path, null, CancellationToken.None);
        return result.Value!.RowCount;
    }

    /// <summary>
    /// Writes the benchmark file: header <c>c0..c49</c>, then value (r, c) = k / 1000 with three decimals, where
    /// k = ((r * 2654435761 + c * 40503 + 12345) mod 20000000) - 10000000. Integer arithmetic only, so any language
    /// writes the same bytes.
    /// </summary>
    internal static void Write(string path, int rows, int columns)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', Enumerable.Range(0, columns).Select(c => $"c{c}")));
        var line = new StringBuilder(columns * 12);
        for (long r = 0; r < rows; r++)
        {
            line.Clear();
            for (long c = 0; c < columns; c++)
            {
                var k = ((r * 2654435761L) + (c * 40503L) + 12345L) % 20_000_000L - 10_000_000L;
                if (c > 0)
                {
                    line.Append(',');
                }

                var magnitude = Math.Abs(k);
                line.Append(k < 0 ? "-" : string.Empty).Append(magnitude / 1000).Append('.').Append((magnitude % 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }

            writer.WriteLine(line);
        }
    }
}
