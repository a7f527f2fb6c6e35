using System.Buffers.Binary;
using Rampart.Labels.Rows;

namespace Rampart.Labels.Diff;

/// <summary>
/// Aligns the signed row hashes with the current ones. Common leading and trailing rows are matched first; the rest is
/// aligned with Myers' O((N + M)·D) shortest edit script, so an inserted or deleted row shifts nothing. Within a run of
/// edits, deletions and insertions are paired in order as changed rows; a removed row whose exact hash was added
/// elsewhere is a moved row. Past <see cref="LabelOptions.MaxEditDistance"/> edits the search stops and the
/// remaining rows are compared by position (the result then says it is not exact).
/// </summary>
internal static class RowDiff
{
    /// <summary>Aligns <paramref name="original"/> (signed) with <paramref name="current"/>.</summary>
    public static RowDiffResult Compute(RowHashList original, RowHashList current, int maxEditDistance, CancellationToken cancellationToken)
    {
        var n = original.Count;
        var m = current.Count;
        var prefix = 0;
        while (prefix < n && prefix < m && original.SameAs(prefix, current, prefix))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < n - prefix && suffix < m - prefix && original.SameAs(n - 1 - suffix, current, m - 1 - suffix))
        {
            suffix++;
        }

        var builder = new Builder();
        var oldLength = n - prefix - suffix;
        var newLength = m - prefix - suffix;
        var script = Myers(original, current, prefix, oldLength, newLength, maxEditDistance, cancellationToken);
        var exact = script is not null;
        if (script is null)
        {
            for (var i = 0; i < Math.Min(oldLength, newLength); i++)
            {
                if (!original.SameAs(prefix + i, current, prefix + i))
                {
                    builder.Changed.Add((prefix + i, prefix + i));
                }
            }

            for (var i = newLength; i < oldLength; i++)
            {
                builder.Removed.Add(prefix + i);
            }

            for (var i = oldLength; i < newLength; i++)
            {
                builder.Added.Add(prefix + i);
            }
        }
        else
        {
            Classify(script, prefix, builder);
        }

        FindMoves(original, current, builder);
        return new RowDiffResult
        {
            Changed = builder.Changed,
            Removed = builder.Removed,
            Added = builder.Added,
            Moved = builder.Moved,
            Exact = exact,
            EditDistance = script?.Count,
        };
    }

    /// <summary>The shortest edit script of the middle ranges, or null past <paramref name="maxD"/> edits.</summary>
    private static List<Edit>? Myers(RowHashList a, RowHashList b, int offset, int n, int m, int maxD, CancellationToken cancellationToken)
    {
        var edits = new List<Edit>();
        if (n == 0 || m == 0)
        {
            for (var i = 0; i < n; i++)
            {
                edits.Add(new Edit(true, i, 0));
            }

            for (var j = 0; j < m; j++)
            {
                edits.Add(new Edit(false, 0, j));
            }

            return edits.Count <= maxD ? edits : null;
        }

        var max = (int)Math.Min((long)n + m, maxD);
        var v = new int[(2 * max) + 3];
        var center = max + 1;
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Keep V of step d - 1 for k in [-(d - 1), d - 1]; the backtrack needs exactly those.
            trace.Add(d == 0 ? [] : v.AsSpan(center - (d - 1), (2 * d) - 1).ToArray());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[center + k - 1] < v[center + k + 1]) ? v[center + k + 1] : v[center + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a.SameAs(offset + x, b, offset + y))
                {
                    x++;
                    y++;
                }

                v[center + k] = x;
                if (x >= n && y >= m)
                {
                    Backtrack(trace, d, n, m, edits);
                    return edits;
                }
            }
        }

        return null;
    }

    private static void Backtrack(List<int[]> trace, int dFinal, int n, int m, List<Edit> edits)
    {
        int x = n, y = m;
        for (var d = dFinal; d > 0; d--)
        {
            var previous = trace[d];
            int V(int k) => previous[k + (d - 1)];
            var k = x - y;
            var previousK = k == -d || (k != d && V(k - 1) < V(k + 1)) ? k + 1 : k - 1;
            var previousX = V(previousK);
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                x--;
                y--;
            }

            edits.Add(x == previousX ? new Edit(false, previousX, previousY) : new Edit(true, previousX, previousY));
            x = previousX;
            y = previousY;
        }

        edits.Reverse();
    }

    private static void Classify(List<Edit> script, int offset, Builder builder)
    {
        var i = 0;
        while (i < script.Count)
        {
            // A hunk: edits that follow each other with no matched row between them.
            var deleted = new List<int>();
            var inserted = new List<int>();
            int x = script[i].X, y = script[i].Y;
            while (i < script.Count && script[i].X == x && script[i].Y == y)
            {
                if (script[i].Delete)
                {
                    deleted.Add(x++);
                }
                else
                {
                    inserted.Add(y++);
                }

                i++;
            }

            var paired = Math.Min(deleted.Count, inserted.Count);
            for (var p = 0; p < paired; p++)
            {
                builder.Changed.Add((offset + deleted[p], offset + inserted[p]));
            }

            builder.Removed.AddRange(deleted.Skip(paired).Select(r => (long)(offset + r)));
            builder.Added.AddRange(inserted.Skip(paired).Select(r => (long)(offset + r)));
        }
    }

    private static void FindMoves(RowHashList original, RowHashList current, Builder builder)
    {
        if (builder.Removed.Count == 0 || builder.Added.Count == 0)
        {
            return;
        }

        var removedByHash = new Dictionary<HashKey, Queue<long>>();
        foreach (var index in builder.Removed)
        {
            var key = HashKey.Of(original.Get(index));
            if (!removedByHash.TryGetValue(key, out var queue))
            {
                removedByHash[key] = queue = new Queue<long>();
            }

            queue.Enqueue(index);
        }

        var moved = new HashSet<long>();
        var stillAdded = new List<long>();
        foreach (var index in builder.Added)
        {
            if (removedByHash.TryGetValue(HashKey.Of(current.Get(index)), out var queue) && queue.Count > 0)
            {
                var from = queue.Dequeue();
                builder.Moved.Add((from, index));
                moved.Add(from);
            }
            else
            {
                stillAdded.Add(index);
            }
        }

        builder.Added.Clear();
        builder.Added.AddRange(stillAdded);
        builder.Removed.RemoveAll(moved.Contains);
        builder.Moved.Sort((p, q) => p.Original.CompareTo(q.Original));
    }

    private readonly record struct Edit(bool Delete, int X, int Y);

    private readonly record struct HashKey(ulong A, ulong B, ulong C, ulong D)
    {
        public static HashKey Of(ReadOnlySpan<byte> hash) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(hash),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
    }

    private sealed class Builder
    {
        public List<(long Original, long Current)> Changed { get; } = [];

        public List<long> Removed { get; } = [];

        public List<long> Added { get; } = [];

        public List<(long Original, long Current)> Moved { get; } = [];
    }
}
