using System.Collections.Immutable;

namespace Rampart.ML.Data;

/// <summary>
/// Seeded, reproducible splits and samples of row indices. Every method takes the seed explicitly and draws from
/// <c>new Random(seed)</c> alone, so the same arguments give the same indices on every run and machine. Apply the
/// indices with <see cref="TabularDataset.SelectRows"/>.
/// </summary>
public static class DatasetSplits
{
    /// <summary>Splits rows at random into train and test.</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="testFraction">Share of rows held out, strictly between 0 and 1; the test size is rounded to the nearest row.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The split (each side sorted).</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the fraction is not in (0, 1) or the row count is negative.</exception>
    public static SplitIndices TrainTest(int rowCount, double testFraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        CheckFraction(testFraction);
        var rows = Enumerable.Range(0, rowCount).ToArray();
        Shuffle(rows, new Random(seed));
        var test = (int)Math.Round(rowCount * testFraction, MidpointRounding.AwayFromZero);
        return new SplitIndices(Sorted(rows.AsSpan(test)), Sorted(rows.AsSpan(0, test)));
    }

    /// <summary>
    /// Splits rows into train and test keeping each class's share: each class gives its own rounded share of test
    /// rows (largest remainders settle the total, which is the overall fraction rounded).
    /// </summary>
    /// <param name="classes">Class index of every row (for example <see cref="LabelVector.ClassIndices"/>); non-negative.</param>
    /// <param name="testFraction">Share of rows held out, strictly between 0 and 1.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The split (each side sorted).</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the fraction is not in (0, 1) or a class index is negative.</exception>
    public static SplitIndices StratifiedTrainTest(ReadOnlySpan<int> classes, double testFraction, int seed)
    {
        CheckFraction(testFraction);
        var groups = Group(classes);
        var random = new Random(seed);
        var quotas = Apportion([.. groups.Select(g => g.Length)], (int)Math.Round(classes.Length * testFraction, MidpointRounding.AwayFromZero));
        var train = new List<int>(classes.Length);
        var test = new List<int>(classes.Length);
        for (var c = 0; c < groups.Length; c++)
        {
            Shuffle(groups[c], random);
            test.AddRange(groups[c].AsSpan(0, quotas[c]));
            train.AddRange(groups[c].AsSpan(quotas[c]));
        }

        return new SplitIndices(Sorted(train), Sorted(test));
    }

    /// <summary>Splits rows into <paramref name="folds"/> folds of sizes differing by at most one.</summary>
    /// <param name="rowCount">Number of rows (at least <paramref name="folds"/>).</param>
    /// <param name="folds">Number of folds, at least 2.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>One split per fold: that fold as test, the others as train.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When there are fewer than 2 folds or more folds than rows.</exception>
    public static ImmutableArray<SplitIndices> KFold(int rowCount, int folds, int seed)
    {
        CheckFolds(rowCount, folds);
        var rows = Enumerable.Range(0, rowCount).ToArray();
        Shuffle(rows, new Random(seed));
        var assignment = new int[rowCount];
        for (var i = 0; i < rows.Length; i++)
        {
            assignment[rows[i]] = i % folds;
        }

        return Folds(assignment, folds);
    }

    /// <summary>
    /// Splits rows into folds keeping each class's share: each class is shuffled and dealt round-robin across the
    /// folds, continuing from where the previous class stopped, so fold sizes differ by at most one.
    /// </summary>
    /// <param name="classes">Class index of every row; non-negative.</param>
    /// <param name="folds">Number of folds, at least 2.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>One split per fold.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When there are fewer than 2 folds or more folds than rows, or a class index is negative.</exception>
    public static ImmutableArray<SplitIndices> StratifiedKFold(ReadOnlySpan<int> classes, int folds, int seed)
    {
        CheckFolds(classes.Length, folds);
        var groups = Group(classes);
        var random = new Random(seed);
        var assignment = new int[classes.Length];
        var next = 0;
        foreach (var group in groups)
        {
            Shuffle(group, random);
            foreach (var row in group)
            {
                assignment[row] = next;
                next = (next + 1) % folds;
            }
        }

        return Folds(assignment, folds);
    }

    /// <summary>Draws rows at random.</summary>
    /// <param name="rowCount">Number of rows to draw from.</param>
    /// <param name="size">Rows to draw (at most <paramref name="rowCount"/> without replacement).</param>
    /// <param name="withReplacement"><c>true</c> for a bootstrap sample (rows may repeat), <c>false</c> for distinct rows.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The rows in the order drawn.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When a size is negative, or too large without replacement, or rows are drawn from none.</exception>
    public static ImmutableArray<int> Sample(int rowCount, int size, bool withReplacement, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var random = new Random(seed);
        if (withReplacement)
        {
            if (size > 0 && rowCount == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(rowCount), "Cannot draw rows from an empty dataset.");
            }

            var drawn = new int[size];
            for (var i = 0; i < size; i++)
            {
                drawn[i] = random.Next(rowCount);
            }

            return [.. drawn];
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, rowCount);
        var rows = Enumerable.Range(0, rowCount).ToArray();
        PartialShuffle(rows, size, random);
        return [.. rows.AsSpan(0, size)];
    }

    /// <summary>
    /// Draws distinct rows keeping each class's share: each class gives its share of <paramref name="size"/>, rounded
    /// by largest remainders so that the total is exact.
    /// </summary>
    /// <param name="classes">Class index of every row; non-negative.</param>
    /// <param name="size">Rows to draw, at most the number of rows.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The rows, sorted.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the size is negative or larger than the number of rows, or a class index is negative.</exception>
    public static ImmutableArray<int> StratifiedSample(ReadOnlySpan<int> classes, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, classes.Length);
        var groups = Group(classes);
        var quotas = Apportion([.. groups.Select(g => g.Length)], size);
        var random = new Random(seed);
        var drawn = new List<int>(size);
        for (var c = 0; c < groups.Length; c++)
        {
            PartialShuffle(groups[c], quotas[c], random);
            drawn.AddRange(groups[c].AsSpan(0, quotas[c]));
        }

        return Sorted(drawn);
    }

    /// <summary>Splits <paramref name="total"/> among groups in proportion to their sizes (Hamilton's largest-remainder method; ties go to the lower group).</summary>
    internal static int[] Apportion(int[] sizes, int total)
    {
        var all = sizes.Sum();
        var quotas = new int[sizes.Length];
        if (all == 0)
        {
            return quotas;
        }

        var remainders = new (double Remainder, int Group)[sizes.Length];
        var given = 0;
        for (var c = 0; c < sizes.Length; c++)
        {
            var exact = (double)sizes[c] * total / all;
            quotas[c] = (int)Math.Floor(exact);
            remainders[c] = (exact - quotas[c], c);
            given += quotas[c];
        }

        foreach (var (_, group) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Group).Take(total - given))
        {
            quotas[group]++;
        }

        return quotas;
    }

    private static void Shuffle(int[] items, Random random) => PartialShuffle(items, items.Length, random);

    /// <summary>Fisher-Yates from the front: after it, the first <paramref name="count"/> items are a uniform random draw.</summary>
    private static void PartialShuffle(int[] items, int count, Random random)
    {
        for (var i = 0; i < Math.Min(count, items.Length - 1); i++)
        {
            var j = random.Next(i, items.Length);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static int[][] Group(ReadOnlySpan<int> classes)
    {
        var lists = new List<List<int>>();
        for (var i = 0; i < classes.Length; i++)
        {
            var c = classes[i];
            if (c < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(classes), c, $"Row {i} has a negative class index.");
            }

            while (lists.Count <= c)
            {
                lists.Add([]);
            }

            lists[c].Add(i);
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    private static ImmutableArray<SplitIndices> Folds(int[] assignment, int folds)
    {
        var result = ImmutableArray.CreateBuilder<SplitIndices>(folds);
        for (var f = 0; f < folds; f++)
        {
            var train = ImmutableArray.CreateBuilder<int>();
            var test = ImmutableArray.CreateBuilder<int>();
            for (var row = 0; row < assignment.Length; row++)
            {
                (assignment[row] == f ? test : train).Add(row);
            }

            result.Add(new SplitIndices(train.ToImmutable(), test.ToImmutable()));
        }

        return result.MoveToImmutable();
    }

    private static ImmutableArray<int> Sorted(IEnumerable<int> rows) => [.. rows.Order()];

    private static ImmutableArray<int> Sorted(ReadOnlySpan<int> rows)
    {
        var copy = rows.ToArray();
        Array.Sort(copy);
        return [.. copy];
    }

    private static void CheckFraction(double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }
    }

    private static void CheckFolds(int rowCount, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, rowCount);
    }
}
