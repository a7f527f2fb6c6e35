using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// TreeEnsembleClassifier: per class, the sum of the class weights of the leaves reached, plus base_values, then
/// post_transform; the label is the class of the highest score before the transform.
/// </summary>
/// <remarks>
/// Binary case (two labels, all class weights on one class id): that column's sum s (plus base_values[id], or the
/// single base value) is the positive class's score. The scores are [1 - s, s] for NONE and PROBIT and [-s, s]
/// otherwise, then post_transform; the label is the class of the higher final score (ties go to the first class).
/// This is the ONNX reference implementation's rule; ONNX Runtime agrees for the common exports (LOGISTIC with
/// weights of both signs, NONE with non-negative weights) and differs elsewhere (it skips the transform when all
/// weights are non-negative, onnxruntime issue 27533).
/// </remarks>
internal sealed class TreeEnsembleClassifierKernel(TreeEnsemble trees, Labels labels, double[]? baseValues, int binaryClass, PostTransform transform) : IKernel
{
    /// <summary>The loaded trees.</summary>
    public TreeEnsemble Trees => trees;

    /// <summary>The class labels.</summary>
    public Labels Labels => labels;

    /// <summary>base_values, or null when not set.</summary>
    public double[]? BaseValues => baseValues;

    /// <summary>The class id holding all weights in the binary case (see remarks), or -1.</summary>
    public int BinaryClass => binaryClass;

    /// <summary>The post_transform.</summary>
    public PostTransform Transform => transform;

    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        c.RequireType(0, MlInput.Numeric, MlInput.NumericNames);
        var labels = OneOfLabels(c, "classlabels_int64s", "classlabels_strings");
        if (labels.Count < 2)
        {
            throw c.Invalid(Invariant($"needs at least two class labels, has {labels.Count}"));
        }

        var transform = ScoreTransforms.Parse(c);
        var trees = TreeEnsemble.Load(c, "class", labels.Count);
        var classIds = trees.WeightTargets;
        var binaryClass = labels.Count == 2 && classIds.Length == 1 ? classIds[0] : -1;
        var baseValues = Doubles(c, "base_values");
        if (IsSet(baseValues) && baseValues!.Length != labels.Count && !(binaryClass >= 0 && baseValues.Length == 1))
        {
            throw c.Invalid(Invariant($"attribute 'base_values' has {baseValues.Length} values for {labels.Count} class labels; expected {labels.Count}{(binaryClass >= 0 ? " or 1" : string.Empty)}"));
        }

        return KernelBinding.Of(new TreeEnsembleClassifierKernel(trees, labels, IsSet(baseValues) ? baseValues : null, binaryClass, transform), labels.Type, OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var (x, rows, features) = MlInput.Matrix(inputs[0]!, "TreeEnsembleClassifier");
        trees.CheckFeatures(features, "TreeEnsembleClassifier");
        var classes = labels.Count;
        var z = new float[rows * classes];
        var label = new int[rows];
        var scores = new double[classes];
        for (var n = 0; n < rows; n++)
        {
            Array.Clear(scores);
            var row = x.AsSpan(n * features, features);
            for (var t = 0; t < trees.TreeCount; t++)
            {
                var leaf = trees.Leaf(t, row);
                var ids = trees.LeafTargets(leaf);
                var weights = trees.LeafWeights(leaf);
                for (var w = 0; w < ids.Length; w++)
                {
                    scores[ids[w]] += weights[w];
                }
            }

            if (binaryClass >= 0)
            {
                var s = scores[binaryClass] + (baseValues is null ? 0.0 : baseValues.Length == 1 ? baseValues[0] : baseValues[binaryClass]);
                scores[0] = transform is PostTransform.None or PostTransform.Probit ? 1.0 - s : -s;
                scores[1] = s;
                ScoreTransforms.Apply(transform, scores);
                label[n] = MlInput.ArgMax(scores);
            }
            else
            {
                for (var k = 0; k < classes; k++)
                {
                    scores[k] += baseValues?[k] ?? 0.0;
                }

                label[n] = MlInput.ArgMax(scores);
                ScoreTransforms.Apply(transform, scores);
            }

            for (var k = 0; k < classes; k++)
            {
                z[(n * classes) + k] = (float)scores[k];
            }
        }

        outputs[0] = labels.Select(label);
        if (outputs.Length > 1)
        {
            outputs[1] = OnnxTensor.Create([rows, classes], z);
        }
    }
}
