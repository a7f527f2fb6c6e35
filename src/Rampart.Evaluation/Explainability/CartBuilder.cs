using System.Collections.Immutable;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>Grows a CART tree depth-first: squared error for numbers, gini for classes.</summary>
internal sealed class CartBuilder(FloatMatrix rows, double[] targets, int classCount, SurrogateTreeOptions options)
{
    private readonly List<SurrogateNode> _nodes = [];

    public ImmutableArray<SurrogateNode> Build(int[] indices)
    {
        Grow(indices, 0);
        return [.. _nodes];
    }

    private int Grow(int[] indices, int depth)
    {
        var index = _nodes.Count;
        var (value, purity, impurity) = Summary(indices);
        _nodes.Add(new SurrogateNode { Feature = -1, Threshold = 0, Left = -1, Right = -1, Value = value, Purity = purity, Samples = indices.Length, Depth = depth });
        if (depth >= options.MaxDepth || indices.Length < 2 * options.MinSamplesLeaf || impurity <= 0)
        {
            return index;
        }

        var best = BestSplit(indices, impurity);
        if (best is not { } split)
        {
            return index;
        }

        var left = indices.Where(r => rows[r, split.Feature] <= split.Threshold).ToArray();
        var right = indices.Where(r => rows[r, split.Feature] > split.Threshold).ToArray();
        var l = Grow(left, depth + 1);
        var rr = Grow(right, depth + 1);
        _nodes[index] = _nodes[index] with { Feature = split.Feature, Threshold = split.Threshold, Left = l, Right = rr };
        return index;
    }

    /// <summary>Value, purity, and total impurity (sum of squared errors, or n × gini).</summary>
    private (double Value, double Purity, double Impurity) Summary(int[] indices)
    {
        if (classCount < 2)
        {
            var mean = indices.Average(r => targets[r]);
            return (mean, double.NaN, indices.Sum(r => (targets[r] - mean) * (targets[r] - mean)));
        }

        var counts = new double[classCount];
        foreach (var r in indices)
        {
            counts[(int)targets[r]]++;
        }

        var majority = 0;
        for (var c = 1; c < classCount; c++)
        {
            if (counts[c] > counts[majority])
            {
                majority = c;
            }
        }

        return (majority, counts[majority] / indices.Length, Gini(counts, indices.Length));
    }

    private static double Gini(double[] counts, double n)
    {
        if (n == 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var c in counts)
        {
            sum += c * c;
        }

        return n - (sum / n);
    }

    private (int Feature, double Threshold)? BestSplit(int[] indices, double parentImpurity)
    {
        var n = indices.Length;
        var bestImpurity = parentImpurity - 1e-12;
        (int, double)? best = null;
        var sorted = new int[n];
        var leftCounts = new double[Math.Max(classCount, 1)];
        var totalCounts = new double[Math.Max(classCount, 1)];
        if (classCount >= 2)
        {
            foreach (var r in indices)
            {
                totalCounts[(int)targets[r]]++;
            }
        }

        double totalSum = 0, totalSquares = 0;
        foreach (var r in indices)
        {
            totalSum += targets[r];
            totalSquares += targets[r] * targets[r];
        }

        for (var feature = 0; feature < rows.Columns; feature++)
        {
            indices.CopyTo(sorted, 0);
            var f = feature;
            Array.Sort(sorted, (a, b) => rows[a, f].CompareTo(rows[b, f]));
            Array.Clear(leftCounts);
            double leftSum = 0, leftSquares = 0;
            for (var k = 0; k < n - 1; k++)
            {
                var t = targets[sorted[k]];
                if (classCount >= 2)
                {
                    leftCounts[(int)t]++;
                }
                else
                {
                    leftSum += t;
                    leftSquares += t * t;
                }

                var here = rows[sorted[k], feature];
                var next = rows[sorted[k + 1], feature];
                var leftN = k + 1;
                if (here == next || leftN < options.MinSamplesLeaf || n - leftN < options.MinSamplesLeaf)
                {
                    continue;
                }

                double impurity;
                if (classCount >= 2)
                {
                    var rightCounts = new double[classCount];
                    for (var c = 0; c < classCount; c++)
                    {
                        rightCounts[c] = totalCounts[c] - leftCounts[c];
                    }

                    impurity = Gini(leftCounts, leftN) + Gini(rightCounts, n - leftN);
                }
                else
                {
                    var rightSum = totalSum - leftSum;
                    var rightSquares = totalSquares - leftSquares;
                    impurity = (leftSquares - (leftSum * leftSum / leftN)) + (rightSquares - (rightSum * rightSum / (n - leftN)));
                }

                if (impurity < bestImpurity)
                {
                    bestImpurity = impurity;
                    var threshold = ((double)here + next) / 2;

                    // Keep the midpoint strictly below the upper value once stored as float comparisons run in double.
                    best = (feature, threshold >= next ? here : threshold);
                }
            }
        }

        return best;
    }
}
