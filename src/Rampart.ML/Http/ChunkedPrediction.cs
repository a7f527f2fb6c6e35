using System.Globalization;
using System.Runtime.ExceptionServices;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Http;

/// <summary>Checks a batch, charges its rows, splits it into chunks and runs them on a few workers, results in row order.</summary>
internal static class ChunkedPrediction
{
    /// <summary>Predicts a batch chunk by chunk.</summary>
    /// <param name="inputs">Rows x features.</param>
    /// <param name="info">The predictor's shape.</param>
    /// <param name="queries">Charged for every row before anything is sent.</param>
    /// <param name="maxRows">Rows per chunk.</param>
    /// <param name="workers">Chunks in flight at once.</param>
    /// <param name="predictChunk">Predicts rows [start, start + count) into a rows x outputs span.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Rows x outputs.</returns>
    public static async ValueTask<FloatMatrix> RunAsync(
        FloatMatrix inputs,
        PredictorInfo info,
        QueryCounter queries,
        int maxRows,
        int workers,
        Func<int, int, Memory<float>, CancellationToken, Task> predictChunk,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns != info.FeatureCount)
        {
            throw new ArgumentException(
                $"The model takes {info.FeatureCount} features per row; the batch has {inputs.Columns}.", nameof(inputs));
        }

        var bad = FirstNonFinite(inputs.Data);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Row {bad / inputs.Columns}, feature {bad % inputs.Columns} is {inputs.Data[bad]}; JSON cannot carry non-finite inputs."),
                nameof(inputs));
        }

        var result = new FloatMatrix(inputs.Rows, info.OutputCount);
        if (inputs.Rows == 0)
        {
            return result;
        }

        cancellationToken.ThrowIfCancellationRequested();
        queries.Charge(inputs.Rows);
        var chunks = (inputs.Rows + maxRows - 1) / maxRows;
        var next = -1;
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task Worker()
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref next)) < chunks)
            {
                var start = chunk * maxRows;
                var count = Math.Min(maxRows, inputs.Rows - start);
                try
                {
                    await predictChunk(
                        start,
                        count,
                        result.Data.AsMemory(start * info.OutputCount, count * info.OutputCount),
                        failFast.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await failFast.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }

        var tasks = Enumerable.Range(0, Math.Min(workers, chunks)).Select(_ => Worker()).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A sibling's failure cancelled this one: surface the failure, not the cancellation.
            var first = tasks.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException;
            if (first is not null)
            {
                ExceptionDispatchInfo.Throw(first);
            }

            throw;
        }

        return result;
    }

    private static int FirstNonFinite(float[] data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
