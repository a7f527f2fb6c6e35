using System.Collections.Immutable;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// The rows of a dataset split by one sensitive feature or by the intersection of several: each row's group index,
/// and the groups that have rows, ordered by the features' group order.
/// </summary>
internal sealed class Grouping
{
    private const long DenseLimit = 1 << 22;

    private Grouping(string name, ImmutableArray<SensitiveFeature> features, int[] rowGroup, ImmutableArray<ImmutableArray<string>> values, long[] sizes)
    {
        Name = name;
        Features = features;
        RowGroup = rowGroup;
        GroupValues = values;
        GroupNames = [.. values.Select(v => string.Join(" & ", v))];
        Sizes = sizes;
    }

    public string Name { get; }

    public ImmutableArray<SensitiveFeature> Features { get; }

    /// <summary>The group index of every row.</summary>
    public int[] RowGroup { get; }

    public ImmutableArray<ImmutableArray<string>> GroupValues { get; }

    public string[] GroupNames { get; }

    public long[] Sizes { get; }

    public int Count => Sizes.Length;

    /// <summary>One grouping per feature, then their intersection when asked and there are two or more.</summary>
    public static List<Grouping> ForFeatures(IReadOnlyList<SensitiveFeature> features, bool includeIntersection)
    {
        var list = features.Select(f => Build([f])).ToList();
        if (includeIntersection && features.Count >= 2)
        {
            list.Add(Build([.. features]));
        }

        return list;
    }

    /// <summary>Crosses the features (none may have missing values).</summary>
    public static Grouping Build(ImmutableArray<SensitiveFeature> features)
    {
        var rows = features[0].RowCount;
        var codes = new long[rows];
        long radix = 1;
        for (var f = features.Length - 1; f >= 0; f--)
        {
            var featureCodes = features[f].Codes;
            for (var i = 0; i < rows; i++)
            {
                codes[i] += featureCodes[i] * radix;
            }

            radix *= Math.Max(1, features[f].Groups.Length);
        }

        var distinct = radix <= DenseLimit ? DenseDistinct(codes, radix) : [.. codes.Distinct().Order()];
        var rowGroup = new int[rows];
        var sizes = new long[distinct.Length];
        if (radix <= DenseLimit)
        {
            var map = new int[radix];
            for (var g = 0; g < distinct.Length; g++)
            {
                map[distinct[g]] = g;
            }

            for (var i = 0; i < rows; i++)
            {
                var g = map[codes[i]];
                rowGroup[i] = g;
                sizes[g]++;
            }
        }
        else
        {
            var map = new Dictionary<long, int>(distinct.Length);
            for (var g = 0; g < distinct.Length; g++)
            {
                map[distinct[g]] = g;
            }

            for (var i = 0; i < rows; i++)
            {
                var g = map[codes[i]];
                rowGroup[i] = g;
                sizes[g]++;
            }
        }

        var values = ImmutableArray.CreateBuilder<ImmutableArray<string>>(distinct.Length);
        foreach (var code in distinct)
        {
            var parts = new string[features.Length];
            var rest = code;
            for (var f = features.Length - 1; f >= 0; f--)
            {
                var n = Math.Max(1, features[f].Groups.Length);
                parts[f] = features[f].Groups[(int)(rest % n)];
                rest /= n;
            }

            values.Add([.. parts]);
        }

        var name = string.Join(" & ", features.Select(f => f.Name));
        return new Grouping(name, features, rowGroup, values.MoveToImmutable(), sizes);
    }

    /// <summary>The privileged group's index and how it was chosen.</summary>
    public (int Index, string ChosenBy) Privileged(IReadOnlyDictionary<string, string> given)
    {
        var wanted = new string[Features.Length];
        var allGiven = true;
        for (var f = 0; f < Features.Length; f++)
        {
            if (given.TryGetValue(Features[f].Name, out var value))
            {
                wanted[f] = value;
            }
            else
            {
                allGiven = false;
            }
        }

        if (allGiven)
        {
            for (var g = 0; g < Count; g++)
            {
                if (GroupValues[g].SequenceEqual(wanted, StringComparer.Ordinal))
                {
                    return (g, "given");
                }
            }
        }

        var largest = 0;
        for (var g = 1; g < Count; g++)
        {
            if (Sizes[g] > Sizes[largest])
            {
                largest = g;
            }
        }

        return (largest, allGiven ? "largest group (the given privileged group has no rows)" : "largest group");
    }

    private static long[] DenseDistinct(long[] codes, long radix)
    {
        var seen = new bool[radix];
        foreach (var code in codes)
        {
            seen[code] = true;
        }

        var list = new List<long>();
        for (long c = 0; c < radix; c++)
        {
            if (seen[c])
            {
                list.Add(c);
            }
        }

        return [.. list];
    }
}
