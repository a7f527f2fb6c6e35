using System.Text;
using Rampart.Diagnostics;
using Rampart.ML.Data;

namespace Rampart.Tests.ML.Data;

/// <summary>Reads CSV given as text, the way tests want it.</summary>
internal static class CsvText
{
    public static Task<ValidationResult<TabularDataset>> ReadAsync(string csv, DatasetReadOptions? options = null, bool seekable = true) =>
        ReadAsync(Encoding.UTF8.GetBytes(csv), options, seekable);

    public static async Task<ValidationResult<TabularDataset>> ReadAsync(byte[] bytes, DatasetReadOptions? options = null, bool seekable = true)
    {
        using var stream = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);
        return await TabularDatasetReader.ReadAsync(stream, "test.csv", options, CancellationToken.None);
    }

    public static async Task<TabularDataset> ReadValidAsync(string csv, DatasetReadOptions? options = null, bool seekable = true)
    {
        var result = await ReadAsync(csv, options, seekable);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    public static async Task<Problem> ReadSingleProblemAsync(string csv, DatasetReadOptions? options = null)
    {
        var result = await ReadAsync(csv, options);
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems);
    }

    /// <summary>A stream that cannot seek, as a network body would be.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
