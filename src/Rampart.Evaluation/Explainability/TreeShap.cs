using System.Collections.Immutable;
using Rampart.ML.Onnx;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Interventional TreeSHAP for tree ensembles (shap's TreeExplainer with background data, model_output "raw"):
/// exact interventional Shapley values of the ensemble's raw (pre-link) score, averaged over background rows,
/// computed from the trees without calling the model. For one explained row x and one background row z a tree
/// leaf is reached under coalition S exactly when S holds every feature A on its path where x (not z) decides the
/// branch and none of the features B where z decides it; that leaf then gives each i ∈ A
/// v·(|A|−1)!|B|!/(|A|+|B|)! and each i ∈ B −v·|A|!(|B|−1)!/(|A|+|B|)!. The cost is O(trees × leaves reached) per
/// (row, background row) pair. Probabilities are not additive over trees: explain them with <see cref="KernelShap"/>.
/// </summary>
public static partial class TreeShap
{
    /// <summary>Explains the raw score of one output of a built-in gradient-boosted model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="background">Background rows (at least one; no NaN).</param>
    /// <param name="rows">Rows to explain (no NaN).</param>
    /// <param name="output">The score index: 0 for a binary model (the log-odds of class 1), the class for a multiclass model.</param>
    /// <param name="featureNames">Names; <c>null</c> for the model's names, else x0, x1, ….</param>
    /// <returns>Exact interventional Shapley values of the raw score.</returns>
    /// <exception cref="ArgumentException">When inputs are empty, of the wrong width or hold NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="output"/> is not a score index.</exception>
    public static ShapExplanation Explain(GbdtModel model, FloatMatrix background, FloatMatrix rows, int output = 0, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (output < 0 || output >= model.BaseScores.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, $"The model has {model.BaseScores.Count} raw scores; output must be in [0, {model.BaseScores.Count - 1}].");
        }

        var trees = model.Trees.Where(t => t.Target == output)
            .Select(t => new TreeArrays(t.Feature, [.. t.Threshold.Select(v => (double)v)], t.Left, t.Right, [.. t.Value.Select(v => (double)v)], Modes: null, MissingLeft: null))
            .ToArray();
        var names = featureNames ?? (model.Info.FeatureNames.Length == model.Info.FeatureCount ? model.Info.FeatureNames : null);
        var label = model.ClassCount == 2 ? "raw score (log-odds of class 1)" : $"raw score of class {output}";
        return Explain(trees, model.BaseScores[output], model.Info.FeatureCount, background, rows, names, label);
    }

    /// <summary>Explains a sum of trees given as flat arrays (rows with <c>x[feature] &lt;= threshold</c> go left).</summary>
    /// <param name="trees">The trees.</param>
    /// <param name="offset">A constant added to the sum (base score).</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="background">Background rows (at least one; no NaN).</param>
    /// <param name="rows">Rows to explain (no NaN).</param>
    /// <param name="featureNames">Names; <c>null</c> for x0, x1, ….</param>
    /// <param name="outputName">What the sum is, for reports.</param>
    /// <returns>Exact interventional Shapley values.</returns>
    /// <exception cref="ArgumentException">When inputs are empty, of the wrong width or hold NaN.</exception>
    public static ShapExplanation Explain(IReadOnlyList<GbdtTree> trees, double offset, int featureCount, FloatMatrix background, FloatMatrix rows, IReadOnlyList<string>? featureNames = null, string outputName = "sum of trees")
    {
        ArgumentNullException.ThrowIfNull(trees);
        var arrays = trees.Select(t => new TreeArrays(t.Feature, [.. t.Threshold.Select(v => (double)v)], t.Left, t.Right, [.. t.Value.Select(v => (double)v)], Modes: null, MissingLeft: null)).ToArray();
        return Explain(arrays, offset, featureCount, background, rows, featureNames, outputName);
    }

    internal static ShapExplanation Explain(TreeArrays[] trees, double offset, int m, FloatMatrix background, FloatMatrix rows, IReadOnlyList<string>? featureNames, string outputName, bool allowMissing = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        InputChecks.Matrix(background, m, nameof(background), allowNaN: allowMissing);
        InputChecks.Matrix(rows, m, nameof(rows), allowEmpty: true, allowNaN: allowMissing);

        var names = InputChecks.Names(featureNames, m, nameof(featureNames));
        for (var t = 0; t < trees.Length; t++)
        {
            if (trees[t].Problem(m) is { } problem)
            {
                throw new ArgumentException($"trees[{t}]: {problem}", nameof(trees));
            }
        }

        var maxDepth = trees.Length == 0 ? 0 : trees.Max(t => t.Depth());
        var weights = new WeightTable(maxDepth + 1);
        double baseValue = 0;
        for (var b = 0; b < background.Rows; b++)
        {
            baseValue += offset + trees.Sum(t => t.Evaluate(background.Row(b)));
        }

        baseValue /= background.Rows;

        var backgroundRows = new float[background.Rows][];
        for (var b = 0; b < backgroundRows.Length; b++)
        {
            backgroundRows[b] = background.Row(b).ToArray();
        }

        var explanations = ImmutableArray.CreateBuilder<LocalExplanation>(rows.Rows);
        var state = new int[m];
        for (var r = 0; r < rows.Rows; r++)
        {
            var x = rows.Row(r).ToArray();
            var phi = new double[m];
            var prediction = offset;
            foreach (var tree in trees)
            {
                prediction += tree.Evaluate(x);
            }

            foreach (var z in backgroundRows)
            {
                foreach (var tree in trees)
                {
                    var path = new Walker(tree, x, z, state, phi, weights, 1.0 / background.Rows);
                    path.Visit(0, 0, 0);
                }
            }

            explanations.Add(new LocalExplanation { Row = r, Prediction = prediction, Contributions = [.. phi] });
        }

        return new ShapExplanation
        {
            Method = "TreeSHAP (interventional, exact)",
            Output = outputName,
            FeatureNames = [.. names],
            BaseValue = baseValue,
            Rows = explanations.MoveToImmutable(),
            Exact = true,
            ModelEvaluations = 0,
        };
    }

    /// <summary>(a−1)! b! / (a+b)! and a! (b−1)! / (a+b)! for path counts up to the deepest tree.</summary>
    private sealed class WeightTable(int size)
    {
        private readonly double[] _factorial = BuildFactorials((2 * size) + 2);

        public double Positive(int a, int b) => _factorial[a - 1] * _factorial[b] / _factorial[a + b];

        public double Negative(int a, int b) => _factorial[a] * _factorial[b - 1] / _factorial[a + b];

        private static double[] BuildFactorials(int n)
        {
            var f = new double[n + 1];
            f[0] = 1;
            for (var i = 1; i <= n; i++)
            {
                f[i] = f[i - 1] * i;
            }

            return f;
        }
    }

    /// <summary>
    /// Depth-first walk of one tree for one (x, z) pair. <c>state[i]</c> is 1 when feature i is on the path as an
    /// x-decided split (in A), −1 when z-decided (in B), 0 otherwise; a feature already decided keeps its side.
    /// </summary>
    private readonly ref struct Walker(TreeArrays tree, float[] x, float[] z, int[] state, double[] phi, WeightTable weights, double scale)
    {
        private readonly TreeArrays _tree = tree;
        private readonly float[] _x = x;
        private readonly float[] _z = z;
        private readonly int[] _state = state;
        private readonly double[] _phi = phi;
        private readonly WeightTable _weights = weights;
        private readonly double _scale = scale;

        public void Visit(int node, int a, int b)
        {
            var feature = _tree.Feature[node];
            if (feature < 0)
            {
                Leaf(_tree.Value[node] * _scale, a, b);
                return;
            }

            var xChild = _tree.Child(node, _x[feature]);
            var zChild = _tree.Child(node, _z[feature]);
            switch (_state[feature])
            {
                case 1:
                    Visit(xChild, a, b);
                    return;
                case -1:
                    Visit(zChild, a, b);
                    return;
            }

            if (xChild == zChild)
            {
                Visit(xChild, a, b);
                return;
            }

            _state[feature] = 1;
            Visit(xChild, a + 1, b);
            _state[feature] = -1;
            Visit(zChild, a, b + 1);
            _state[feature] = 0;
        }

        private void Leaf(double value, int a, int b)
        {
            if (value == 0 || a + b == 0)
            {
                return;
            }

            var positive = a > 0 ? value * _weights.Positive(a, b) : 0;
            var negative = b > 0 ? value * _weights.Negative(a, b) : 0;
            for (var i = 0; i < _state.Length; i++)
            {
                if (_state[i] == 1)
                {
                    _phi[i] += positive;
                }
                else if (_state[i] == -1)
                {
                    _phi[i] -= negative;
                }
            }
        }
    }
}

/// <summary>
/// One tree as flat arrays: a branch sends a row to <see cref="Left"/> when its comparison holds (by
/// <see cref="Modes"/>, one of the ONNX branch modes per node; all <c>x &lt;= threshold</c> when null) and to
/// <see cref="Right"/> otherwise; a NaN feature goes left when <see cref="MissingLeft"/> says so, else right.
/// </summary>
internal sealed record TreeArrays(int[] Feature, double[] Threshold, int[] Left, int[] Right, double[] Value, OnnxTreeNodeMode[]? Modes, bool[]? MissingLeft)
{
    public int Child(int node, double value)
    {
        var t = Threshold[node];
        var left = double.IsNaN(value)
            ? MissingLeft is { } missing && missing[node]
            : Modes is null
                ? value <= t
                : Modes[node] switch
                {
                    OnnxTreeNodeMode.BranchLeq => value <= t,
                    OnnxTreeNodeMode.BranchLt => value < t,
                    OnnxTreeNodeMode.BranchGte => value >= t,
                    OnnxTreeNodeMode.BranchGt => value > t,
                    OnnxTreeNodeMode.BranchEq => value == t,
                    _ => value != t,
                };
        return left ? Left[node] : Right[node];
    }

    public double Evaluate(ReadOnlySpan<float> x)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = Child(node, x[Feature[node]]);
        }

        return Value[node];
    }

    public int Depth()
    {
        var depth = new int[Feature.Length];
        var max = 0;
        for (var node = 0; node < Feature.Length; node++)
        {
            if (Feature[node] >= 0)
            {
                depth[Left[node]] = depth[node] + 1;
                depth[Right[node]] = depth[node] + 1;
                max = Math.Max(max, depth[node] + 1);
            }
        }

        return max;
    }

    public string? Problem(int featureCount)
    {
        var n = Feature.Length;
        if (n == 0 || Threshold.Length != n || Left.Length != n || Right.Length != n || Value.Length != n || (Modes is not null && Modes.Length != n) || (MissingLeft is not null && MissingLeft.Length != n))
        {
            return "the arrays are empty or of different lengths.";
        }

        for (var node = 0; node < n; node++)
        {
            if (Feature[node] >= featureCount)
            {
                return $"node {node} splits on feature {Feature[node]}; the model has {featureCount} features.";
            }

            if (Feature[node] >= 0 && (Left[node] <= node || Right[node] <= node || Left[node] >= n || Right[node] >= n))
            {
                return $"node {node} has children outside ({node}, {n}); trees must list children after parents.";
            }
        }

        return null;
    }
}
