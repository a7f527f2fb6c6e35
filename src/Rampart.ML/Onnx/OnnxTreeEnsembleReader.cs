using System.Collections.Immutable;
using Rampart.ML.Onnx.Operators.AiOnnxMl;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx;

/// <summary>
/// Finds the tree ensemble an ONNX model's prediction comes from and returns it as an <see cref="OnnxTreeEnsemble"/>,
/// or says why the model does not qualify. The trees are taken from the TreeEnsembleClassifier/Regressor kernel the
/// interpreter bound, so they passed its load-time checks (one root per tree, no cycles, weights on leaves).
/// </summary>
/// <remarks>
/// <para>A model qualifies when the predictor's output is computed from the model input by exactly this chain:</para>
/// <list type="number">
/// <item>the model input, through nothing or through Identity and Cast to FLOAT or DOUBLE (value-preserving for
/// float inputs), is the input of one ai.onnx.ml TreeEnsembleClassifier or TreeEnsembleRegressor node;</item>
/// <item>that node's score output (the classifier's second output, the regressor's only output), through Identity,
/// Cast to FLOAT or DOUBLE and ZipMap, and at most one link, is the predictor's output. The link is a Softmax over
/// the class axis, a Sigmoid of a single score, or Concat(1 − Sigmoid(s), Sigmoid(s)) as <see cref="Training.OnnxExport"/>
/// writes binary gradient-boosted models; a link needs post_transform NONE, and the two sigmoid links a single
/// score.</item>
/// </list>
/// <para>Anything else between the ensemble and the output (an Add, a Mul, a second ensemble, a LinearClassifier
/// on top) changes the scores, so the trees' raw scores would not be the model's, and the model is refused with the
/// operator named. Likewise anything but Identity or Cast between the input and the ensemble (a Scaler, an
/// Imputer) changes the features the trees read.</para>
/// </remarks>
public static class OnnxTreeEnsembleReader
{
    /// <summary>Reads the ensemble behind a predictor's output.</summary>
    /// <param name="predictor">The predictor (its chosen output is the one traced).</param>
    /// <returns>The ensemble, or the reason the model does not qualify.</returns>
    public static OnnxTreeEnsembleReadResult TryRead(OnnxPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var graph = predictor.CompiledModel.Graph;
        var output = graph.Outputs.First(o => o.Name == predictor.Model.OutputName);
        var input = graph.Inputs.First(i => i.Name == predictor.Model.InputName);

        // 1. From the output back to the ensemble's scores.
        var slot = output.Slot;
        var link = OnnxTreeOutputLink.None;
        PlannedNode? ensemble = null;
        while (ensemble is null)
        {
            var node = Producer(graph, slot);
            if (node is null)
            {
                return Refused(NoEnsembleReason(graph, $"output '{output.Name}' does not come from a TreeEnsembleClassifier or TreeEnsembleRegressor node"));
            }

            switch (node.Kernel)
            {
                case TreeEnsembleRegressorKernel when node.Outputs[0] == slot:
                case TreeEnsembleClassifierKernel when node.Outputs.Length > 1 && node.Outputs[1] == slot:
                    ensemble = node;
                    continue;
                case TreeEnsembleClassifierKernel:
                    return Refused($"output '{output.Name}' is the predicted label of {node.Node.Describe()}, not its scores");
                case ZipMapKernel:
                    slot = node.Inputs[0];
                    continue;
            }

            var op = node.Node.OpType;
            if (op == "Identity" || (op == "Cast" && IsFloating(graph.ValueTypes[node.Outputs[0]])))
            {
                slot = node.Inputs[0];
                continue;
            }

            if (link == OnnxTreeOutputLink.None && op == "Softmax" && LastAxis(node, "axis"))
            {
                link = OnnxTreeOutputLink.Softmax;
                slot = node.Inputs[0];
                continue;
            }

            if (link == OnnxTreeOutputLink.None && op == "Sigmoid")
            {
                link = OnnxTreeOutputLink.Sigmoid;
                slot = node.Inputs[0];
                continue;
            }

            if (link == OnnxTreeOutputLink.None && SigmoidPair(graph, node) is { } score)
            {
                link = OnnxTreeOutputLink.SigmoidPair;
                slot = score;
                continue;
            }

            return Refused(NoEnsembleReason(graph, $"output '{output.Name}' is computed by {node.Node.Describe()}, which would change the ensemble's scores (only Identity, Cast to FLOAT/DOUBLE, ZipMap and one Softmax or Sigmoid may follow the ensemble)"));
        }

        // 2. From the ensemble's input back to the model input.
        var describe = ensemble.Node.Describe();
        slot = ensemble.Inputs[0];
        while (slot != input.Slot)
        {
            var node = Producer(graph, slot);
            if (node is null)
            {
                return Refused($"the input of {describe} is not the model input '{input.Name}'");
            }

            var op = node.Node.OpType;
            if (op == "Identity" || (op == "Cast" && IsFloating(graph.ValueTypes[node.Outputs[0]])))
            {
                slot = node.Inputs[0];
                continue;
            }

            return Refused($"the input of {describe} is computed from the model input by {node.Node.Describe()}, so the trees do not read the model's features as given (only Identity and Cast to FLOAT/DOUBLE may come between)");
        }

        var features = predictor.Info.FeatureCount;
        var (ensembleView, tooLarge) = ensemble.Kernel switch
        {
            TreeEnsembleClassifierKernel c => View(c.Trees, OnnxTreeEnsembleKind.Classifier, c.Labels.Count, c.BaseValues, c.Transform, "SUM", [.. c.Labels.AsText()], c.BinaryClass >= 0 ? c.BinaryClass : null),
            TreeEnsembleRegressorKernel r => View(r.Trees, OnnxTreeEnsembleKind.Regressor, r.Targets, r.BaseValues, r.Transform, r.Aggregate, [], null),
            _ => throw new InvalidOperationException("Unreachable: the ensemble node has a tree kernel."),
        };
        if (ensembleView is null)
        {
            return Refused($"tree {tooLarge} of {describe} shares nodes between branches and would expand to more than {MaxExpandedNodes} nodes as a tree");
        }
        if (ensembleView.Trees.Any(t => t.Features.Any(f => f >= features)))
        {
            return Refused($"{describe} reads feature {ensembleView.Trees.Max(t => t.Features.Max())}, but the model input '{input.Name}' has {features} features");
        }

        var transform = ensembleView.PostTransform;
        if (link != OnnxTreeOutputLink.None && transform != "NONE")
        {
            return Refused($"the graph applies a {(link == OnnxTreeOutputLink.Softmax ? "Softmax" : "Sigmoid")} after {describe}, whose post_transform is already {transform}; the output is not a link function of the raw scores");
        }

        if (link is OnnxTreeOutputLink.Sigmoid or OnnxTreeOutputLink.SigmoidPair && ensembleView.TargetCount != 1)
        {
            return Refused($"the graph applies a Sigmoid to the {ensembleView.TargetCount} scores of {describe}; a sigmoid link needs one score");
        }

        return new OnnxTreeEnsembleReadResult
        {
            Ensemble = ensembleView with
            {
                InputName = input.Name,
                FeatureCount = features,
                Node = describe,
                OutputName = output.Name,
                OutputLink = link,
            },
        };
    }

    /// <summary>Loads a model file as an <see cref="OnnxPredictor"/> and reads its ensemble.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">Predictor options (the output choice among them).</param>
    /// <returns>The ensemble, or the reason the model does not qualify.</returns>
    /// <exception cref="OnnxFormatException">When the file cannot be loaded as a predictor.</exception>
    public static OnnxTreeEnsembleReadResult TryRead(string path, OnnxPredictorOptions? options = null) =>
        TryRead(OnnxPredictor.Load(path, options));

    /// <summary>Loads a model from bytes as an <see cref="OnnxPredictor"/> and reads its ensemble.</summary>
    /// <param name="model">ONNX protobuf bytes.</param>
    /// <param name="source">Where the bytes come from, for messages.</param>
    /// <param name="options">Predictor options.</param>
    /// <returns>The ensemble, or the reason the model does not qualify.</returns>
    /// <exception cref="OnnxFormatException">When the bytes cannot be loaded as a predictor.</exception>
    public static OnnxTreeEnsembleReadResult TryRead(ReadOnlySpan<byte> model, string source, OnnxPredictorOptions? options = null) =>
        TryRead(OnnxPredictor.Load(model, source, options));

    private static OnnxTreeEnsembleReadResult Refused(string reason) => new() { Reason = "The model is not a tree ensemble TreeSHAP can read: " + reason + "." };

    private static string NoEnsembleReason(CompiledGraph graph, string reason) =>
        graph.Nodes.Any(n => n.Kernel is TreeEnsembleClassifierKernel or TreeEnsembleRegressorKernel)
            ? reason
            : $"the graph has no TreeEnsembleClassifier or TreeEnsembleRegressor node (operators: {string.Join(", ", graph.Nodes.Select(n => n.Node.OpType).Distinct().Order(StringComparer.Ordinal))})";

    private static PlannedNode? Producer(CompiledGraph graph, int slot) => graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(slot));

    private static bool IsFloating(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Double;

    /// <summary>Whether an axis attribute is absent or names the last axis of a [N, C] tensor (1 or −1).</summary>
    private static bool LastAxis(PlannedNode node, string name) =>
        node.Node.Attributes.FirstOrDefault(a => a.Name == name) is not { } a || a.I is 1 or -1;

    /// <summary>The score slot s when the node is Concat(axis 1) of [Sub(1, Sigmoid(s)), Sigmoid(s)], else null.</summary>
    private static int? SigmoidPair(CompiledGraph graph, PlannedNode concat)
    {
        if (concat.Node.OpType != "Concat" || concat.Inputs.Length != 2 || !LastAxis(concat, "axis") || concat.Node.Attributes.All(a => a.Name != "axis"))
        {
            return null;
        }

        var sigmoid = Producer(graph, concat.Inputs[1]);
        var sub = Producer(graph, concat.Inputs[0]);
        if (sigmoid is not { Node.OpType: "Sigmoid" } || sub is not { Node.OpType: "Sub" } || sub.Inputs.Length != 2 || sub.Inputs[1] != concat.Inputs[1])
        {
            return null;
        }

        return graph.Constant(sub.Inputs[0]) is { } one && one.Type == OnnxDataType.Float && one.Length == 1 && one.Floats[0] == 1f
            ? sigmoid.Inputs[0]
            : null;
    }

    /// <summary>The ensemble with placeholders for the graph fields, or null and the id of a tree too large to expand.</summary>
    private static (OnnxTreeEnsemble? Ensemble, long TooLargeTree) View(TreeEnsemble trees, OnnxTreeEnsembleKind kind, int targets, double[]? baseValues, PostTransform transform, string aggregate, ImmutableArray<string> labels, int? binaryClass)
    {
        var list = ImmutableArray.CreateBuilder<OnnxTree>(trees.TreeCount);
        for (var t = 0; t < trees.TreeCount; t++)
        {
            if (Tree(trees, t, targets) is not { } tree)
            {
                return (null, trees.TreeId(t));
            }

            list.Add(tree);
        }

        return (new OnnxTreeEnsemble
        {
            Kind = kind,
            Trees = list.MoveToImmutable(),
            TargetCount = targets,
            BaseValues = baseValues is null ? [] : [.. baseValues],
            PostTransform = transform switch
            {
                PostTransform.Logistic => "LOGISTIC",
                PostTransform.Softmax => "SOFTMAX",
                PostTransform.SoftmaxZero => "SOFTMAX_ZERO",
                PostTransform.Probit => "PROBIT",
                _ => "NONE",
            },
            Aggregate = aggregate,
            ClassLabels = labels,
            BinaryScoreClass = binaryClass,
            InputName = string.Empty,
            FeatureCount = 0,
            Node = string.Empty,
            OutputName = string.Empty,
            OutputLink = OnnxTreeOutputLink.None,
        }, -1);
    }

    /// <summary>The most nodes one tree may expand to when nodes shared by several parents are copied.</summary>
    private const int MaxExpandedNodes = 1_000_000;

    /// <summary>
    /// One tree renumbered in depth-first pre-order (root 0, children after parents); a node that several branches
    /// point to (the kernel accepts such DAGs) is copied under each, or null past <see cref="MaxExpandedNodes"/>.
    /// </summary>
    private static OnnxTree? Tree(TreeEnsemble trees, int t, int targets)
    {
        var order = new List<int>();
        var parent = new List<(int Parent, bool True)>();
        var stack = new Stack<(int Node, int Parent, bool True)>();
        stack.Push((trees.Root(t), -1, false));
        while (stack.Count > 0)
        {
            var (node, from, side) = stack.Pop();
            if (order.Count == MaxExpandedNodes)
            {
                return null;
            }

            var index = order.Count;
            order.Add(node);
            parent.Add((from, side));
            if (trees.Modes[node] != (byte)OnnxTreeNodeMode.Leaf)
            {
                stack.Push((trees.FalseNodes[node], index, false));
                stack.Push((trees.TrueNodes[node], index, true));
            }
        }

        var n = order.Count;
        var modes = new OnnxTreeNodeMode[n];
        var features = new int[n];
        var thresholds = new double[n];
        var trueChildren = new int[n];
        var falseChildren = new int[n];
        var missing = new bool[n];
        var weights = new ImmutableArray<double>[n];
        for (var i = 0; i < n; i++)
        {
            var node = order[i];
            modes[i] = (OnnxTreeNodeMode)trees.Modes[node];
            missing[i] = trees.MissingTracksTrue[node];
            if (modes[i] == OnnxTreeNodeMode.Leaf)
            {
                features[i] = trueChildren[i] = falseChildren[i] = -1;
                var w = new double[targets];
                var ids = trees.LeafTargets(node);
                var values = trees.LeafWeights(node);
                for (var k = 0; k < ids.Length; k++)
                {
                    w[ids[k]] += values[k];
                }

                weights[i] = [.. w];
                continue;
            }

            features[i] = trees.Features[node];
            thresholds[i] = trees.Thresholds[node];
            weights[i] = [];
        }

        for (var i = 1; i < n; i++)
        {
            var (from, side) = parent[i];
            (side ? trueChildren : falseChildren)[from] = i;
        }

        return new OnnxTree
        {
            TreeId = trees.TreeId(t),
            Modes = [.. modes],
            Features = [.. features],
            Thresholds = [.. thresholds],
            TrueChildren = [.. trueChildren],
            FalseChildren = [.. falseChildren],
            MissingTracksTrue = [.. missing],
            LeafWeights = [.. weights],
        };
    }
}
