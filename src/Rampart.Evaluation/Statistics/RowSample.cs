namespace Rampart.Evaluation.Statistics;

/// <summary>Seeded samples of row indices, the same for the same seed on every machine.</summary>
public static class RowSample
{
    /// <summary>
    /// Draws <paramref name="count"/> distinct row indices without replacement (a partial Fisher-Yates shuffle) and
    /// returns them in row order; all rows when there are no more than <paramref name="count"/>.
    /// </summary>
    /// <param name="random">The source of randomness; it advances by <paramref name="count"/> draws (none when all rows are taken).</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="count">How many to take.</param>
    /// <returns>Ascending row indices.</returns>
    public static int[] Choose(Random random, int rows, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var all = Enumerable.Range(0, rows).ToArray();
        if (count >= rows)
        {
            return all;
        }

        for (var i = 0; i < count; i++)
        {
            var j = i + random.Next(rows - i);
            (all[i], all[j]) = (all[j], all[i]);
        }

        var chosen = all[..count];
        Array.Sort(chosen);
        return chosen;
    }
}
