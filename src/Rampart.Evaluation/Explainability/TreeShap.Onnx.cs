using System.Diagnostics.CodeAnalysis;
using Rampart.ML.Onnx;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <content>TreeSHAP of ONNX tree ensembles (TreeEnsembleClassifier / TreeEnsembleRegressor) read by <see cref="OnnxTreeEnsembleReader"/>.</content>
public static partial class TreeShap
{
    /// <summary>Whether an ONNX ensemble can be explained: its raw scores must be sums of per-tree values (aggregate SUM or AVERAGE).</summary>
    /// <param name="ensemble">The ensemble.</param>
    /// <param name="reason">Why not, or <c>null</c>.</param>
    /// <returns><c>true</c> when <see cref="Explain(OnnxTreeEnsemble, FloatMatrix, FloatMatrix, int, IReadOnlyList{string}?)"/> accepts it.</returns>
    public static bool CanExplain(OnnxTreeEnsemble ensemble, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        reason = ensemble.IsAdditive
            ? null
            : $"{ensemble.Node} aggregates its trees with {ensemble.Aggregate}, which is not a sum of per-tree values; TreeSHAP needs SUM or AVERAGE (use KernelSHAP).";
        return reason is null;
    }

    /// <summary>
    /// Explains one raw score of an ONNX tree ensemble: the class's or target's score before post_transform (and
    /// before the graph's Softmax or Sigmoid link), exactly as <see cref="OnnxTreeEnsemble.RawScore"/> defines it,
    /// with every branch mode, AVERAGE divided by the tree count, base_values in the base value, and the binary
    /// classifier rule. NaN features are allowed: they follow each node's missing-value branch, in the explained rows
    /// and in the background alike.
    /// </summary>
    /// <param name="ensemble">The ensemble (from <see cref="OnnxTreeEnsembleReader"/>).</param>
    /// <param name="background">Background rows (at least one).</param>
    /// <param name="rows">Rows to explain.</param>
    /// <param name="output">The class index (classifier) or target index (regressor).</param>
    /// <param name="featureNames">Names; <c>null</c> for x0, x1, ….</param>
    /// <returns>Exact interventional Shapley values of the raw score.</returns>
    /// <exception cref="ArgumentException">When inputs are empty or of the wrong width, or the aggregate is MIN or MAX.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="output"/> is not a raw score index.</exception>
    public static ShapExplanation Explain(OnnxTreeEnsemble ensemble, FloatMatrix background, FloatMatrix rows, int output = 0, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        if (!CanExplain(ensemble, out var reason))
        {
            throw new ArgumentException(reason, nameof(ensemble));
        }

        if (output < 0 || output >= ensemble.TargetCount)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, $"The ensemble has {ensemble.TargetCount} raw scores; output must be in [0, {ensemble.TargetCount - 1}].");
        }

        var trees = new TreeArrays[ensemble.Trees.Length];
        for (var t = 0; t < trees.Length; t++)
        {
            var tree = ensemble.Trees[t];
            var value = new double[tree.NodeCount];
            for (var node = 0; node < value.Length; node++)
            {
                if (tree.Modes[node] == OnnxTreeNodeMode.Leaf)
                {
                    value[node] = ensemble.LeafScore(t, node, output);
                }
            }

            trees[t] = new TreeArrays([.. tree.Features], [.. tree.Thresholds], [.. tree.TrueChildren], [.. tree.FalseChildren], value, [.. tree.Modes], [.. tree.MissingTracksTrue]);
        }

        return Explain(trees, ensemble.RawScoreConstant(output), ensemble.FeatureCount, background, rows, featureNames, ensemble.DescribeOutput(output), allowMissing: true);
    }
}
