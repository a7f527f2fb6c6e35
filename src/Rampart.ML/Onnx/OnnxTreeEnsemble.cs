using System.Collections.Immutable;
using System.Globalization;

namespace Rampart.ML.Onnx;

/// <summary>Whether an ONNX tree ensemble is a TreeEnsembleClassifier or a TreeEnsembleRegressor.</summary>
public enum OnnxTreeEnsembleKind
{
    /// <summary>ai.onnx.ml TreeEnsembleClassifier: one raw score per class label.</summary>
    Classifier,

    /// <summary>ai.onnx.ml TreeEnsembleRegressor: one raw score per target (n_targets).</summary>
    Regressor,
}

/// <summary>The mode of one node of an ONNX tree (the <c>nodes_modes</c> values, in their ONNX order).</summary>
public enum OnnxTreeNodeMode
{
    /// <summary>BRANCH_LEQ: true when x &lt;= threshold.</summary>
    BranchLeq,

    /// <summary>BRANCH_LT: true when x &lt; threshold.</summary>
    BranchLt,

    /// <summary>BRANCH_GTE: true when x &gt;= threshold.</summary>
    BranchGte,

    /// <summary>BRANCH_GT: true when x &gt; threshold.</summary>
    BranchGt,

    /// <summary>BRANCH_EQ: true when x == threshold.</summary>
    BranchEq,

    /// <summary>BRANCH_NEQ: true when x != threshold.</summary>
    BranchNeq,

    /// <summary>LEAF: carries weights, no children.</summary>
    Leaf,
}

/// <summary>What the graph does to the ensemble's scores between the ensemble and the predictor's output.</summary>
public enum OnnxTreeOutputLink
{
    /// <summary>Nothing that changes values: the output is the ensemble's scores after its own post_transform (through Identity, Cast to FLOAT/DOUBLE or ZipMap).</summary>
    None,

    /// <summary>A Softmax over the class axis of the raw scores (post_transform NONE).</summary>
    Softmax,

    /// <summary>A Sigmoid of a single raw score (post_transform NONE); the predictor reports [1 − p, p].</summary>
    Sigmoid,

    /// <summary>
    /// Concat(1 − Sigmoid(s), Sigmoid(s)) of a single raw score s (post_transform NONE), as
    /// <see cref="Training.OnnxExport"/> writes binary gradient-boosted models.
    /// </summary>
    SigmoidPair,
}

/// <summary>
/// One tree of an <see cref="OnnxTreeEnsemble"/> as flat per-node arrays. Nodes are renumbered in depth-first
/// pre-order: node 0 is the root and every child comes after its parent. Leaves have feature and children −1 and
/// threshold 0; branches have empty <see cref="LeafWeights"/>.
/// </summary>
public sealed record OnnxTree
{
    /// <summary>The tree's <c>nodes_treeids</c> value.</summary>
    public required long TreeId { get; init; }

    /// <summary>Per node: the mode.</summary>
    public required ImmutableArray<OnnxTreeNodeMode> Modes { get; init; }

    /// <summary>Per node: the feature (input column) a branch compares, or −1 for a leaf.</summary>
    public required ImmutableArray<int> Features { get; init; }

    /// <summary>Per node: the threshold a branch compares with, in double (a float attribute widened exactly).</summary>
    public required ImmutableArray<double> Thresholds { get; init; }

    /// <summary>Per node: the child taken when the comparison holds, or −1 for a leaf.</summary>
    public required ImmutableArray<int> TrueChildren { get; init; }

    /// <summary>Per node: the child taken when the comparison fails, or −1 for a leaf.</summary>
    public required ImmutableArray<int> FalseChildren { get; init; }

    /// <summary>Per node: whether a NaN feature takes the true child (<c>nodes_missing_value_tracks_true</c>; otherwise the false child), whatever the mode.</summary>
    public required ImmutableArray<bool> MissingTracksTrue { get; init; }

    /// <summary>
    /// Per node: for a leaf, its weight for each class or target id (<see cref="OnnxTreeEnsemble.TargetCount"/>
    /// entries; several weights on one id are summed, absent ids are 0); empty for a branch.
    /// </summary>
    public required ImmutableArray<ImmutableArray<double>> LeafWeights { get; init; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => Modes.Length;

    /// <summary>The leaf a row reaches, comparing in double as the ONNX operator does.</summary>
    /// <param name="row">The features (at least every feature the tree reads).</param>
    /// <returns>The leaf's node index.</returns>
    public int Leaf(ReadOnlySpan<float> row)
    {
        var node = 0;
        while (Modes[node] != OnnxTreeNodeMode.Leaf)
        {
            node = TakesTrueBranch(node, row[Features[node]]) ? TrueChildren[node] : FalseChildren[node];
        }

        return node;
    }

    /// <summary>Whether a branch sends <paramref name="value"/> to its true child (NaN follows <see cref="MissingTracksTrue"/>).</summary>
    /// <param name="node">A branch node.</param>
    /// <param name="value">The feature value.</param>
    /// <returns><c>true</c> for the true child.</returns>
    public bool TakesTrueBranch(int node, double value)
    {
        if (double.IsNaN(value))
        {
            return MissingTracksTrue[node];
        }

        var t = Thresholds[node];
        return Modes[node] switch
        {
            OnnxTreeNodeMode.BranchLeq => value <= t,
            OnnxTreeNodeMode.BranchLt => value < t,
            OnnxTreeNodeMode.BranchGte => value >= t,
            OnnxTreeNodeMode.BranchGt => value > t,
            OnnxTreeNodeMode.BranchEq => value == t,
            OnnxTreeNodeMode.BranchNeq => value != t,
            _ => throw new InvalidOperationException($"Node {node} is a leaf, not a branch."),
        };
    }
}

/// <summary>
/// A read-only view of the tree ensemble an ONNX model's prediction comes from, read by
/// <see cref="OnnxTreeEnsembleReader"/> from the operator the interpreter loaded (so it passed the same checks).
/// </summary>
/// <remarks>
/// <para>Raw scores (before post_transform), as Rampart's TreeEnsemble kernels compute them: for a classifier, per
/// class, the sum over trees of the class weights of the leaves reached plus base_values; for a regressor, per
/// target, the SUM of the leaf weights (or that sum divided by the tree count for AVERAGE) plus base_values.</para>
/// <para>Binary classifier rule (<see cref="BinaryScoreClass"/> set: two labels, all weights on one class id c):
/// s = the sum of class c's weights + base_values[c] (or the single base value) is the raw score of class 1, and
/// the raw score of class 0 is 1 − s when post_transform is NONE or PROBIT and −s otherwise (the ONNX reference
/// rule, which skl2onnx and onnxmltools binary exports rely on).</para>
/// </remarks>
public sealed record OnnxTreeEnsemble
{
    /// <summary>Classifier or regressor.</summary>
    public required OnnxTreeEnsembleKind Kind { get; init; }

    /// <summary>The trees, in ascending tree id order.</summary>
    public required ImmutableArray<OnnxTree> Trees { get; init; }

    /// <summary>Raw scores per row: the number of class labels (classifier) or n_targets (regressor).</summary>
    public required int TargetCount { get; init; }

    /// <summary>base_values: empty when not set; <see cref="TargetCount"/> values, or one in the binary case.</summary>
    public required ImmutableArray<double> BaseValues { get; init; }

    /// <summary>post_transform: NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO or PROBIT.</summary>
    public required string PostTransform { get; init; }

    /// <summary>aggregate_function: SUM, AVERAGE, MIN or MAX for a regressor; SUM for a classifier.</summary>
    public required string Aggregate { get; init; }

    /// <summary>The class labels as text (int64 labels in invariant culture); empty for a regressor.</summary>
    public required ImmutableArray<string> ClassLabels { get; init; }

    /// <summary>The class id holding every weight of a two-label classifier (the binary rule applies), or <c>null</c>.</summary>
    public int? BinaryScoreClass { get; init; }

    /// <summary>The graph input the rows are fed to.</summary>
    public required string InputName { get; init; }

    /// <summary>Features per row (the input's width); every tree reads features below it.</summary>
    public required int FeatureCount { get; init; }

    /// <summary>The ensemble node, for reports (its name or operator and output).</summary>
    public required string Node { get; init; }

    /// <summary>The graph output (the predictor's output) traced back to the ensemble.</summary>
    public required string OutputName { get; init; }

    /// <summary>What the graph does to the scores after the ensemble.</summary>
    public required OnnxTreeOutputLink OutputLink { get; init; }

    /// <summary>Whether the raw scores are sums of per-tree leaf values (aggregate SUM or AVERAGE), as additive explanations need.</summary>
    public bool IsAdditive => Aggregate is "SUM" or "AVERAGE";

    /// <summary>The constant part of raw score <paramref name="output"/>: its base value (1 − base or −base for class 0 under the binary rule).</summary>
    /// <param name="output">The class or target index.</param>
    /// <returns>The constant.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="output"/> is not below <see cref="TargetCount"/>.</exception>
    public double RawScoreConstant(int output)
    {
        CheckOutput(output);
        if (BinaryScoreClass is { } c)
        {
            var s = BaseValues.IsEmpty ? 0.0 : BaseValues.Length == 1 ? BaseValues[0] : BaseValues[c];
            return output == 1 ? s : PostTransform is "NONE" or "PROBIT" ? 1.0 - s : -s;
        }

        return BaseValues.IsEmpty ? 0.0 : BaseValues[output];
    }

    /// <summary>
    /// What a leaf adds to raw score <paramref name="output"/>: its weight for that id, divided by the tree count
    /// for AVERAGE, and under the binary rule class 1 takes the weight on <see cref="BinaryScoreClass"/> and class 0
    /// its negation.
    /// </summary>
    /// <param name="tree">The tree index.</param>
    /// <param name="node">A leaf of that tree.</param>
    /// <param name="output">The class or target index.</param>
    /// <returns>The leaf's additive share.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="output"/> is out of range.</exception>
    /// <exception cref="ArgumentException">When <paramref name="node"/> is not a leaf.</exception>
    public double LeafScore(int tree, int node, int output)
    {
        CheckOutput(output);
        var weights = Trees[tree].LeafWeights[node];
        if (weights.IsEmpty)
        {
            throw new ArgumentException($"Node {node} of tree {tree} is a branch, not a leaf.", nameof(node));
        }

        var value = BinaryScoreClass is { } c ? (output == 1 ? weights[c] : -weights[c]) : weights[output];
        return Aggregate == "AVERAGE" ? value / Trees.Length : value;
    }

    /// <summary>Raw score <paramref name="output"/> of one row (before post_transform); defined for SUM and AVERAGE.</summary>
    /// <param name="row">The row's features.</param>
    /// <param name="output">The class or target index.</param>
    /// <returns>The raw score.</returns>
    /// <exception cref="InvalidOperationException">When the aggregate is MIN or MAX.</exception>
    public double RawScore(ReadOnlySpan<float> row, int output)
    {
        if (!IsAdditive)
        {
            throw new InvalidOperationException($"aggregate_function {Aggregate} is not a sum of per-tree values.");
        }

        var score = RawScoreConstant(output);
        for (var t = 0; t < Trees.Length; t++)
        {
            score += LeafScore(t, Trees[t].Leaf(row), output);
        }

        return score;
    }

    /// <summary>Names raw score <paramref name="output"/> for reports, saying which transform follows it.</summary>
    /// <param name="output">The class or target index.</param>
    /// <returns>For example <c>raw score of class '1' before post_transform LOGISTIC</c>.</returns>
    public string DescribeOutput(int output)
    {
        CheckOutput(output);
        var what = Kind == OnnxTreeEnsembleKind.Classifier
            ? $"raw score of class '{ClassLabels[output]}'"
            : OutputLink is OnnxTreeOutputLink.Sigmoid or OnnxTreeOutputLink.SigmoidPair
                ? "raw score (log-odds of class 1)"
                : OutputLink == OnnxTreeOutputLink.Softmax
                    ? string.Create(CultureInfo.InvariantCulture, $"raw score of target {output} (logit of class {output})")
                    : string.Create(CultureInfo.InvariantCulture, $"raw score of target {output}");
        var after = OutputLink switch
        {
            OnnxTreeOutputLink.Softmax => " and the graph's Softmax",
            OnnxTreeOutputLink.Sigmoid or OnnxTreeOutputLink.SigmoidPair => " and the graph's Sigmoid",
            _ => string.Empty,
        };
        return $"{what} before post_transform {PostTransform}{after}";
    }

    private void CheckOutput(int output)
    {
        if (output < 0 || output >= TargetCount)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, $"The ensemble has {TargetCount} raw scores; output must be in [0, {TargetCount - 1}].");
        }
    }
}

/// <summary>The result of <see cref="OnnxTreeEnsembleReader.TryRead(OnnxPredictor)"/>: the ensemble, or why the model does not qualify.</summary>
public sealed record OnnxTreeEnsembleReadResult
{
    /// <summary>The ensemble, or <c>null</c> when the model does not qualify.</summary>
    public OnnxTreeEnsemble? Ensemble { get; init; }

    /// <summary>Why the model does not qualify, or <c>null</c> when it does.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether the model qualifies (<see cref="Ensemble"/> is set).</summary>
    public bool Qualifies => Ensemble is not null;
}
