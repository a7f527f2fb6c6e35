using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// The trees of TreeEnsembleClassifier / TreeEnsembleRegressor, flattened into arrays and checked at load time:
/// parallel <c>nodes_*</c> attributes of one length, unique (tree, node) ids, children inside their own tree, one
/// root per tree, no cycles, and leaf weights (<c>class_*</c> or <c>target_*</c>) on existing leaves with ids in range.
/// Thresholds and inputs are compared in double (exact for float inputs and float thresholds). A NaN feature takes
/// the branch named by <c>nodes_missing_value_tracks_true</c> (default false) whatever the node's mode, as the
/// specification says.
/// </summary>
internal sealed class TreeEnsemble
{
    private const byte Leq = 0, Lt = 1, Gte = 2, Gt = 3, Eq = 4, Neq = 5, LeafMode = 6;

    private static readonly string[] ModeNames = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ", "LEAF"];

    private readonly byte[] _mode;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly int[] _true;
    private readonly int[] _false;
    private readonly bool[] _missingTrue;
    private readonly int[] _roots;
    private readonly long[] _treeIds;
    private readonly int[] _weightStart;
    private readonly int[] _weightTarget;
    private readonly double[] _weightValue;

    private TreeEnsemble(byte[] mode, int[] feature, double[] threshold, int[] trueNode, int[] falseNode, bool[] missingTrue, int[] roots, long[] treeIds, int[] weightStart, int[] weightTarget, double[] weightValue)
    {
        _treeIds = treeIds;
        _mode = mode;
        _feature = feature;
        _threshold = threshold;
        _true = trueNode;
        _false = falseNode;
        _missingTrue = missingTrue;
        _roots = roots;
        _weightStart = weightStart;
        _weightTarget = weightTarget;
        _weightValue = weightValue;
        FeatureCount = feature.Length == 0 ? 0 : feature.Max() + 1;
    }

    public int TreeCount => _roots.Length;

    /// <summary>One more than the highest feature index a branch reads.</summary>
    public int FeatureCount { get; }

    /// <summary>The distinct target (class) ids that carry weights.</summary>
    public int[] WeightTargets => _weightTarget.Distinct().Order().ToArray();

    /// <summary>Per node (attribute index): 0 BRANCH_LEQ, 1 BRANCH_LT, 2 BRANCH_GTE, 3 BRANCH_GT, 4 BRANCH_EQ, 5 BRANCH_NEQ, 6 LEAF.</summary>
    public ReadOnlySpan<byte> Modes => _mode;

    /// <summary>Per node: the feature a branch reads (0 for leaves).</summary>
    public ReadOnlySpan<int> Features => _feature;

    /// <summary>Per node: the branch threshold (0 for leaves).</summary>
    public ReadOnlySpan<double> Thresholds => _threshold;

    /// <summary>Per node: the node index a branch goes to when its comparison holds.</summary>
    public ReadOnlySpan<int> TrueNodes => _true;

    /// <summary>Per node: the node index a branch goes to when its comparison fails.</summary>
    public ReadOnlySpan<int> FalseNodes => _false;

    /// <summary>Per node: whether a NaN feature takes the true branch.</summary>
    public ReadOnlySpan<bool> MissingTracksTrue => _missingTrue;

    /// <summary>The root node index of a tree (trees in ascending tree id order).</summary>
    public int Root(int tree) => _roots[tree];

    /// <summary>The tree id (nodes_treeids value) of a tree.</summary>
    public long TreeId(int tree) => _treeIds[tree];

    /// <param name="c">The node.</param>
    /// <param name="prefix">"class" (classifier) or "target" (regressor).</param>
    /// <param name="targetCount">Number of classes or targets; weight ids must be below it.</param>
    public static TreeEnsemble Load(NodeContext c, string prefix, int targetCount)
    {
        var treeIds = Required(c, "nodes_treeids");
        var n = treeIds.Length;
        var nodeIds = Required(c, "nodes_nodeids");
        RequireLength(c, "nodes_nodeids", nodeIds.Length, n, "nodes_treeids");
        var modeNames = Strings(c, "nodes_modes") ?? throw c.Invalid("attribute 'nodes_modes' is required");
        RequireLength(c, "nodes_modes", modeNames.Length, n, "nodes_treeids");
        var features = c.Ints("nodes_featureids");
        var values = Doubles(c, "nodes_values");
        var trueIds = c.Ints("nodes_truenodeids");
        var falseIds = c.Ints("nodes_falsenodeids");
        var missing = c.Ints("nodes_missing_value_tracks_true");
        var hitRates = Doubles(c, "nodes_hitrates");
        RequireLength(c, "nodes_featureids", features?.Length, n, "nodes_treeids");
        RequireLength(c, "nodes_values", values?.Length, n, "nodes_treeids");
        RequireLength(c, "nodes_truenodeids", trueIds?.Length, n, "nodes_treeids");
        RequireLength(c, "nodes_falsenodeids", falseIds?.Length, n, "nodes_treeids");
        RequireLength(c, "nodes_missing_value_tracks_true", IsSet(missing) ? missing!.Length : null, n, "nodes_treeids");
        RequireLength(c, "nodes_hitrates", IsSet(hitRates) ? hitRates!.Length : null, n, "nodes_treeids");

        var mode = new byte[n];
        var index = new Dictionary<(long Tree, long Node), int>();
        for (var i = 0; i < n; i++)
        {
            var m = Array.IndexOf(ModeNames, modeNames[i]);
            mode[i] = m >= 0 ? (byte)m : throw c.Invalid(Invariant($"attribute 'nodes_modes' value '{modeNames[i]}' at index {i} is not one of {string.Join(", ", ModeNames)}"));
            if (!index.TryAdd((treeIds[i], nodeIds[i]), i))
            {
                throw c.Invalid(Invariant($"attribute 'nodes_nodeids': node {nodeIds[i]} of tree {treeIds[i]} is defined twice (indices {index[(treeIds[i], nodeIds[i])]} and {i})"));
            }
        }

        var anyBranch = mode.Any(m => m != LeafMode);
        foreach (var (name, list) in new[] { ("nodes_featureids", features?.Length), ("nodes_values", values?.Length), ("nodes_truenodeids", trueIds?.Length), ("nodes_falsenodeids", falseIds?.Length) })
        {
            if (anyBranch && list is null)
            {
                throw c.Invalid($"attribute '{name}' is required when the trees have branch nodes");
            }
        }

        var feature = new int[n];
        var threshold = new double[n];
        var trueNode = new int[n];
        var falseNode = new int[n];
        var missingTrue = new bool[n];
        var referenced = new bool[n];
        for (var i = 0; i < n; i++)
        {
            missingTrue[i] = IsSet(missing) && missing![i] != 0;
            if (mode[i] == LeafMode)
            {
                continue;
            }

            var f = features![i];
            feature[i] = f is >= 0 and < int.MaxValue ? (int)f : throw c.Invalid(Invariant($"attribute 'nodes_featureids' value {f} at index {i} is not a valid feature index"));
            threshold[i] = values![i];
            trueNode[i] = Child(c, index, "nodes_truenodeids", i, treeIds[i], trueIds![i]);
            falseNode[i] = Child(c, index, "nodes_falsenodeids", i, treeIds[i], falseIds![i]);
            referenced[trueNode[i]] = true;
            referenced[falseNode[i]] = true;
        }

        var trees = treeIds.Distinct().Order().ToArray();
        var roots = new int[trees.Length];
        for (var t = 0; t < trees.Length; t++)
        {
            var members = Enumerable.Range(0, n).Where(i => treeIds[i] == trees[t]).ToArray();
            var rootCandidates = members.Where(i => !referenced[i]).ToArray();
            if (rootCandidates.Length == 0)
            {
                throw c.Invalid(Invariant($"attributes 'nodes_truenodeids'/'nodes_falsenodeids' make a cycle in tree {trees[t]}: every node is the child of another, so the tree has no root"));
            }

            if (rootCandidates.Length > 1)
            {
                throw c.Invalid(Invariant($"attributes 'nodes_truenodeids'/'nodes_falsenodeids': tree {trees[t]} has {rootCandidates.Length} nodes that no branch points to (node ids {Join(rootCandidates.Select(i => nodeIds[i]))}); a tree has one root"));
            }

            roots[t] = rootCandidates[0];
            CheckAcyclic(c, roots[t], members, mode, trueNode, falseNode, nodeIds, trees[t]);
        }

        var (start, target, weight) = LoadWeights(c, prefix, targetCount, index, mode, n);
        return new TreeEnsemble(mode, feature, threshold, trueNode, falseNode, missingTrue, roots, trees, start, target, weight);
    }

    /// <summary>The leaf index each tree reaches, for aggregations that need per-tree values.</summary>
    public int Leaf(int tree, ReadOnlySpan<double> row) => LeafFrom(_roots[tree], row);

    public ReadOnlySpan<int> LeafTargets(int leaf) => _weightTarget.AsSpan(_weightStart[leaf], _weightStart[leaf + 1] - _weightStart[leaf]);

    public ReadOnlySpan<double> LeafWeights(int leaf) => _weightValue.AsSpan(_weightStart[leaf], _weightStart[leaf + 1] - _weightStart[leaf]);

    public void CheckFeatures(int features, string op)
    {
        if (FeatureCount > features)
        {
            throw new OnnxRuntimeException(Invariant($"{op} reads feature {FeatureCount - 1}, but the input has {features} features."));
        }
    }

    private int LeafFrom(int node, ReadOnlySpan<double> row)
    {
        var i = node;
        while (_mode[i] != LeafMode)
        {
            var x = row[_feature[i]];
            var t = _threshold[i];
            var go = double.IsNaN(x)
                ? _missingTrue[i]
                : _mode[i] switch
                {
                    Leq => x <= t,
                    Lt => x < t,
                    Gte => x >= t,
                    Gt => x > t,
                    Eq => x == t,
                    _ => x != t,
                };
            i = go ? _true[i] : _false[i];
        }

        return i;
    }

    private static long[] Required(NodeContext c, string name) =>
        c.Ints(name) is { Length: > 0 } v ? v : throw c.Invalid($"attribute '{name}' is required and must not be empty");

    private static int Child(NodeContext c, Dictionary<(long, long), int> index, string attribute, int i, long tree, long child) =>
        index.TryGetValue((tree, child), out var j)
            ? j
            : throw c.Invalid(Invariant($"attribute '{attribute}' value {child} at index {i} points to node {child}, which is not in tree {tree}"));

    private static void CheckAcyclic(NodeContext c, int root, int[] members, byte[] mode, int[] trueNode, int[] falseNode, long[] nodeIds, long tree)
    {
        // Iterative depth-first search: 1 = on the current path, 2 = finished.
        var state = new Dictionary<int, byte> { [root] = 1 };
        var stack = new Stack<(int Node, int NextChild)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (mode[node] == LeafMode || next == 2)
            {
                state[node] = 2;
                continue;
            }

            stack.Push((node, next + 1));
            var child = next == 0 ? trueNode[node] : falseNode[node];
            state.TryGetValue(child, out var s);
            if (s == 1)
            {
                throw c.Invalid(Invariant($"attributes 'nodes_truenodeids'/'nodes_falsenodeids' make a cycle in tree {tree}: node {nodeIds[node]} leads back to node {nodeIds[child]}"));
            }

            if (s == 0)
            {
                state[child] = 1;
                stack.Push((child, 0));
            }
        }

        var unreachable = members.FirstOrDefault(i => !state.ContainsKey(i), -1);
        if (unreachable >= 0)
        {
            throw c.Invalid(Invariant($"attributes 'nodes_truenodeids'/'nodes_falsenodeids' make a cycle in tree {tree}: node {nodeIds[unreachable]} is not reachable from the root"));
        }
    }

    private static (int[] Start, int[] Target, double[] Weight) LoadWeights(NodeContext c, string prefix, int targetCount, Dictionary<(long Tree, long Node), int> index, byte[] mode, int n)
    {
        var trees = c.Ints(prefix + "_treeids") ?? [];
        var nodes = c.Ints(prefix + "_nodeids") ?? [];
        var ids = c.Ints(prefix + "_ids") ?? [];
        var weights = Doubles(c, prefix + "_weights") ?? [];
        RequireLength(c, prefix + "_nodeids", nodes.Length, trees.Length, prefix + "_treeids");
        RequireLength(c, prefix + "_ids", ids.Length, trees.Length, prefix + "_treeids");
        RequireLength(c, prefix + "_weights", weights.Length, trees.Length, prefix + "_treeids");
        var leafOf = new int[trees.Length];
        for (var i = 0; i < trees.Length; i++)
        {
            if (!index.TryGetValue((trees[i], nodes[i]), out var leaf))
            {
                throw c.Invalid(Invariant($"attribute '{prefix}_nodeids' value {nodes[i]} at index {i} points to node {nodes[i]}, which is not in tree {trees[i]}"));
            }

            if (mode[leaf] != LeafMode)
            {
                throw c.Invalid(Invariant($"attribute '{prefix}_nodeids' value {nodes[i]} at index {i} points to node {nodes[i]} of tree {trees[i]}, which is a branch, not a LEAF"));
            }

            if (ids[i] < 0 || ids[i] >= targetCount)
            {
                throw c.Invalid(Invariant($"attribute '{prefix}_ids' value {ids[i]} at index {i} is outside 0 to {targetCount - 1}"));
            }

            leafOf[i] = leaf;
        }

        // Compressed rows: weights grouped by leaf, in attribute order within a leaf.
        var order = Enumerable.Range(0, trees.Length).OrderBy(i => leafOf[i]).ThenBy(i => i).ToArray();
        var start = new int[n + 1];
        foreach (var i in order)
        {
            start[leafOf[i] + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            start[i + 1] += start[i];
        }

        return (start, order.Select(i => (int)ids[i]).ToArray(), order.Select(i => weights[i]).ToArray());
    }
}
