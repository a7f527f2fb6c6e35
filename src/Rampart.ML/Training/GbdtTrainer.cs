using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>Settings of <see cref="GbdtTrainer"/>.</summary>
public sealed record GbdtOptions
{
    /// <summary>Boosting rounds (trees per class). Default 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Maximum tree depth. Default 6.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Shrinkage applied to every leaf. Default 0.1.</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>Share of rows sampled (without replacement) for each round. Default 1 (no subsampling).</summary>
    public double Subsample { get; init; } = 1.0;

    /// <summary>Fewest rows in a leaf. Default 20.</summary>
    public int MinSamplesLeaf { get; init; } = 20;

    /// <summary>L2 regularisation of leaf values. Default 0.</summary>
    public double L2 { get; init; }

    /// <summary>Most histogram bins per feature (2 to 255). Default 255.</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>Seed for row subsampling. Default 42.</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>
/// Histogram-based gradient boosting of regression trees on the log-loss (binary: one tree per round on the
/// log-odds; multiclass: one tree per class per round on softmax scores), with Newton leaf values, depth-wise
/// growth, row subsampling and sample weights. Deterministic for a seed.
/// </summary>
public static class GbdtTrainer
{
    private const double MinHessian = 1e-3;

    /// <summary>Trains a model.</summary>
    /// <param name="data">Training data.</param>
    /// <param name="options">Settings, or <c>null</c> for the defaults.</param>
    /// <param name="classLabels">Class names for the model's info, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The model.</returns>
    public static GbdtModel Fit(TrainingSet data, GbdtOptions? options = null, IReadOnlyList<string>? classLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new GbdtOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxBins, 255);
        var x = data.Features;
        var n = x.Rows;
        var f = x.Columns;
        var outputs = data.ClassCount == 2 ? 1 : data.ClassCount;
        var random = new Random(options.Seed);

        var thresholds = new float[f][];
        var bins = new byte[f][];
        for (var j = 0; j < f; j++)
        {
            var column = new float[n];
            for (var i = 0; i < n; i++)
            {
                column[i] = x[i, j];
            }

            thresholds[j] = Thresholds(column, options.MaxBins);
            bins[j] = new byte[n];
            for (var i = 0; i < n; i++)
            {
                bins[j][i] = (byte)BinOf(thresholds[j], column[i]);
            }
        }

        // Base scores: log-odds (binary) or log class priors (multiclass), weighted.
        var classWeight = new double[data.ClassCount];
        double totalWeight = 0;
        for (var i = 0; i < n; i++)
        {
            classWeight[(int)data.Labels[i]] += data.WeightOf(i);
            totalWeight += data.WeightOf(i);
        }

        var baseScores = new float[outputs];
        if (outputs == 1)
        {
            var p = Math.Clamp(classWeight[1] / totalWeight, 1e-12, 1 - 1e-12);
            baseScores[0] = (float)Math.Log(p / (1 - p));
        }
        else
        {
            for (var k = 0; k < outputs; k++)
            {
                baseScores[k] = (float)Math.Log(Math.Max(classWeight[k], 1e-12) / totalWeight);
            }
        }

        var scores = new float[n * outputs];
        for (var i = 0; i < n; i++)
        {
            Array.Copy(baseScores, 0, scores, i * outputs, outputs);
        }

        var trees = new List<GbdtTree>();
        var gradient = new double[n];
        var hessian = new double[n];
        var probability = new double[outputs];
        var allRows = Enumerable.Range(0, n).ToArray();
        var sampleSize = Math.Max(1, (int)Math.Round(n * options.Subsample));
        for (var round = 0; round < options.Trees; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] rows;
            if (sampleSize < n)
            {
                random.Shuffle(allRows);
                rows = allRows[..sampleSize];
                Array.Sort(rows);
            }
            else
            {
                rows = allRows;
            }

            var roundTrees = new GbdtTree[outputs];
            for (var k = 0; k < outputs; k++)
            {
                foreach (var i in rows)
                {
                    var w = data.WeightOf(i);
                    var y = (int)data.Labels[i];
                    double p, target;
                    if (outputs == 1)
                    {
                        p = 1.0 / (1.0 + Math.Exp(-scores[i]));
                        target = y;
                    }
                    else
                    {
                        for (var c = 0; c < outputs; c++)
                        {
                            probability[c] = scores[(i * outputs) + c];
                        }

                        Softmax.InPlace(probability.AsSpan());
                        p = probability[k];
                        target = y == k ? 1 : 0;
                    }

                    gradient[i] = w * (p - target);
                    hessian[i] = w * Math.Max(p * (1 - p), 1e-16);
                }

                roundTrees[k] = Grow(rows, bins, thresholds, gradient, hessian, options, k);
            }

            // Update scores after all classes' trees of the round are grown (as the round's gradients assumed).
            foreach (var tree in roundTrees)
            {
                for (var i = 0; i < n; i++)
                {
                    scores[(i * outputs) + tree.Target] += tree.Evaluate(x.Row(i));
                }

                trees.Add(tree);
            }
        }

        return new GbdtModel([.. trees], baseScores, data.ClassCount, LinearModel.InfoFor(f, data.ClassCount, classLabels, "rampart gbdt"));
    }

    /// <summary>Split candidates: midpoints between consecutive distinct values, or between quantiles when there are more than maxBins - 1.</summary>
    internal static float[] Thresholds(float[] column, int maxBins)
    {
        var distinct = column.Distinct().Order().ToArray();
        if (distinct.Length <= 1)
        {
            return [];
        }

        double[] cuts;
        if (distinct.Length <= maxBins)
        {
            cuts = [.. Enumerable.Range(0, distinct.Length - 1).Select(i => (distinct[i] + (double)distinct[i + 1]) / 2)];
        }
        else
        {
            var sorted = (float[])column.Clone();
            Array.Sort(sorted);
            cuts = [.. Enumerable.Range(1, maxBins - 1).Select(q => (double)sorted[(int)((long)q * (sorted.Length - 1) / maxBins)]).Distinct()];
        }

        return [.. cuts.Select(c => (float)c).Distinct().Order()];
    }

    /// <summary>The bin of a value: the first threshold it does not exceed, or the count of thresholds.</summary>
    internal static int BinOf(float[] thresholds, float value)
    {
        int lo = 0, hi = thresholds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (value <= thresholds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private static GbdtTree Grow(int[] rows, byte[][] bins, float[][] thresholds, double[] g, double[] h, GbdtOptions options, int target)
    {
        var feature = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var value = new List<float>();
        int NewNode()
        {
            feature.Add(-1);
            threshold.Add(0);
            left.Add(-1);
            right.Add(-1);
            value.Add(0);
            return feature.Count - 1;
        }

        // Histograms (gradient, hessian and count per feature and bin) are built for the smaller child of a split
        // and derived for the larger one by subtracting from the parent, which halves the work per level.
        var features = bins.Length;
        bool Splittable(int[] nodeRows, int depth) => depth < options.MaxDepth && nodeRows.Length >= 2 * options.MinSamplesLeaf;
        NodeHistogram Build(int[] nodeRows)
        {
            var hist = new NodeHistogram(features);
            for (var j = 0; j < features; j++)
            {
                if (thresholds[j].Length == 0)
                {
                    continue;
                }

                var column = bins[j];
                var offset = j * NodeHistogram.Bins;
                foreach (var i in nodeRows)
                {
                    var b = offset + column[i];
                    hist.G[b] += g[i];
                    hist.H[b] += h[i];
                    hist.C[b]++;
                }
            }

            return hist;
        }

        var pending = new Queue<(int Node, int[] Rows, int Depth, NodeHistogram? Hist)>();
        pending.Enqueue((NewNode(), rows, 0, Splittable(rows, 0) ? Build(rows) : null));
        while (pending.Count > 0)
        {
            var (node, nodeRows, depth, hist) = pending.Dequeue();
            double sumG = 0, sumH = 0;
            foreach (var i in nodeRows)
            {
                sumG += g[i];
                sumH += h[i];
            }

            var bestGain = 1e-12;
            var bestFeature = -1;
            var bestBin = -1;
            if (hist is not null)
            {
                var parentScore = sumG * sumG / (sumH + options.L2);
                for (var j = 0; j < features; j++)
                {
                    var edges = thresholds[j].Length;
                    var offset = j * NodeHistogram.Bins;
                    double gl = 0, hl = 0;
                    var cl = 0;
                    for (var b = 0; b < edges; b++)
                    {
                        gl += hist.G[offset + b];
                        hl += hist.H[offset + b];
                        cl += hist.C[offset + b];
                        var cr = nodeRows.Length - cl;
                        if (cl < options.MinSamplesLeaf)
                        {
                            continue;
                        }

                        if (cr < options.MinSamplesLeaf)
                        {
                            break;
                        }

                        var gr = sumG - gl;
                        var hr = sumH - hl;
                        if (hl < MinHessian || hr < MinHessian)
                        {
                            continue;
                        }

                        var gain = (gl * gl / (hl + options.L2)) + (gr * gr / (hr + options.L2)) - parentScore;
                        if (gain > bestGain)
                        {
                            bestGain = gain;
                            bestFeature = j;
                            bestBin = b;
                        }
                    }
                }
            }

            if (bestFeature < 0)
            {
                value[node] = (float)(-sumG / (sumH + options.L2) * options.LearningRate);
                continue;
            }

            var splitColumn = bins[bestFeature];
            var leftCount = 0;
            foreach (var i in nodeRows)
            {
                leftCount += splitColumn[i] <= bestBin ? 1 : 0;
            }

            var leftRows = new int[leftCount];
            var rightRows = new int[nodeRows.Length - leftCount];
            int li = 0, ri = 0;
            foreach (var i in nodeRows)
            {
                if (splitColumn[i] <= bestBin)
                {
                    leftRows[li++] = i;
                }
                else
                {
                    rightRows[ri++] = i;
                }
            }

            feature[node] = bestFeature;
            threshold[node] = thresholds[bestFeature][bestBin];
            var l = NewNode();
            var r = NewNode();
            left[node] = l;
            right[node] = r;

            NodeHistogram? leftHist = null, rightHist = null;
            var splitLeft = Splittable(leftRows, depth + 1);
            var splitRight = Splittable(rightRows, depth + 1);
            if (splitLeft || splitRight)
            {
                var leftSmaller = leftRows.Length <= rightRows.Length;
                var small = Build(leftSmaller ? leftRows : rightRows);
                hist!.Subtract(small);
                (leftHist, rightHist) = leftSmaller ? (small, hist) : (hist, small);
            }

            pending.Enqueue((l, leftRows, depth + 1, splitLeft ? leftHist : null));
            pending.Enqueue((r, rightRows, depth + 1, splitRight ? rightHist : null));
        }

        return new GbdtTree
        {
            Feature = [.. feature],
            Threshold = [.. threshold],
            Left = [.. left],
            Right = [.. right],
            Value = [.. value],
            Target = target,
        };
    }

    /// <summary>Gradient, hessian and row count per (feature, bin), 256 bins per feature.</summary>
    private sealed class NodeHistogram(int features)
    {
        public const int Bins = 256;

        public double[] G { get; } = new double[features * Bins];

        public double[] H { get; } = new double[features * Bins];

        public int[] C { get; } = new int[features * Bins];

        /// <summary>this -= other, turning a parent's histogram into its other child's.</summary>
        public void Subtract(NodeHistogram other)
        {
            for (var i = 0; i < G.Length; i++)
            {
                G[i] -= other.G[i];
                H[i] -= other.H[i];
                C[i] -= other.C[i];
            }
        }
    }
}
