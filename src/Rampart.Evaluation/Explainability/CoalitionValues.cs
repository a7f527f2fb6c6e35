using System.Collections.Concurrent;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Evaluates the interventional value function v(S) = mean over background rows z of f(x_S, z_rest) for many
/// coalitions S of one row x, batching background rows × coalitions into model calls of bounded size.
/// </summary>
internal static class CoalitionValues
{
    /// <summary>v(S) for each coalition; <paramref name="masks"/> holds one row of <c>featureCount</c> flags per coalition.</summary>
    /// <remarks>
    /// Batch buffers come from <paramref name="pool"/> (by row count, when given) and go back to it once the model has
    /// answered, so explaining many rows does not allocate a large array per row; the model must not keep its input.
    /// The pool holds at most one buffer per size per concurrent caller.
    /// </remarks>
    public static async ValueTask<double[]> EvaluateAsync(ExplainedOutput f, float[] x, FloatMatrix background, bool[] masks, int maxBatchRows, ConcurrentDictionary<int, ConcurrentBag<FloatMatrix>>? pool, CancellationToken cancellationToken)
    {
        var m = x.Length;
        var count = masks.Length / m;
        var n = background.Rows;
        var values = new double[count];
        var perBatch = Math.Max(1, maxBatchRows / n);
        for (var start = 0; start < count; start += perBatch)
        {
            var take = Math.Min(perBatch, count - start);
            var batch = Rent(pool, take * n, m);
            for (var c = 0; c < take; c++)
            {
                var mask = masks.AsSpan((start + c) * m, m);
                for (var b = 0; b < n; b++)
                {
                    var row = batch.Row((c * n) + b);
                    background.Row(b).CopyTo(row);
                    for (var i = 0; i < m; i++)
                    {
                        if (mask[i])
                        {
                            row[i] = x[i];
                        }
                    }
                }
            }

            var outputs = await f.EvaluateAsync(batch, cancellationToken).ConfigureAwait(false);
            pool?.GetOrAdd(batch.Rows, _ => []).Add(batch);
            for (var c = 0; c < take; c++)
            {
                double sum = 0;
                for (var b = 0; b < n; b++)
                {
                    sum += outputs[(c * n) + b];
                }

                values[start + c] = sum / n;
            }
        }

        return values;
    }

    private static FloatMatrix Rent(ConcurrentDictionary<int, ConcurrentBag<FloatMatrix>>? pool, int rows, int columns) =>
        pool is not null && pool.TryGetValue(rows, out var bag) && bag.TryTake(out var matrix) ? matrix : new FloatMatrix(rows, columns);

    /// <summary>The mean of f over the background rows, E_bg[f].</summary>
    public static async ValueTask<double> BaseValueAsync(ExplainedOutput f, FloatMatrix background, CancellationToken cancellationToken)
    {
        var outputs = await f.EvaluateAsync(background, cancellationToken).ConfigureAwait(false);
        double sum = 0;
        foreach (var v in outputs)
        {
            sum += v;
        }

        return sum / outputs.Length;
    }
}
