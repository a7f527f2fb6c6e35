using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// TreeEnsembleRegressor: per target, the leaf weights reached in every tree aggregated by SUM, AVERAGE (sum over the
/// number of trees), MIN or MAX (a target no reached leaf votes for is 0, as in ONNX Runtime), plus base_values,
/// then post_transform over the row of targets.
/// </summary>
internal sealed class TreeEnsembleRegressorKernel(TreeEnsemble trees, int targets, string aggregate, double[]? baseValues, PostTransform transform) : IKernel
{
    /// <summary>The loaded trees.</summary>
    public TreeEnsemble Trees => trees;

    /// <summary>n_targets.</summary>
    public int Targets => targets;

    /// <summary>aggregate_function: SUM, AVERAGE, MIN or MAX.</summary>
    public string Aggregate => aggregate;

    /// <summary>base_values, or null when not set.</summary>
    public double[]? BaseValues => baseValues;

    /// <summary>The post_transform.</summary>
    public PostTransform Transform => transform;

    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        c.RequireType(0, MlInput.Numeric, MlInput.NumericNames);
        var targets = c.Int("n_targets", 0);
        if (c.Attribute("n_targets") is null)
        {
            throw c.Invalid("attribute 'n_targets' is required");
        }

        if (targets is < 1 or > 1_000_000)
        {
            throw c.Invalid(Invariant($"attribute 'n_targets' is {targets}; expected 1 to 1000000"));
        }

        var aggregate = c.String("aggregate_function", "SUM");
        if (aggregate is not ("SUM" or "AVERAGE" or "MIN" or "MAX"))
        {
            throw c.Invalid($"attribute 'aggregate_function' is '{aggregate}'; expected SUM, AVERAGE, MIN or MAX");
        }

        var baseValues = Doubles(c, "base_values");
        RequireLength(c, "base_values", IsSet(baseValues) ? baseValues!.Length : null, (int)targets, "n_targets");
        var transform = ScoreTransforms.Parse(c);
        var trees = TreeEnsemble.Load(c, "target", (int)targets);
        return KernelBinding.Of(new TreeEnsembleRegressorKernel(trees, (int)targets, aggregate, IsSet(baseValues) ? baseValues : null, transform), OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var (x, rows, features) = MlInput.Matrix(inputs[0]!, "TreeEnsembleRegressor");
        trees.CheckFeatures(features, "TreeEnsembleRegressor");
        var y = new float[rows * targets];
        var acc = new double[targets];
        var seen = new bool[targets];
        for (var n = 0; n < rows; n++)
        {
            Array.Clear(acc);
            Array.Clear(seen);
            var row = x.AsSpan(n * features, features);
            for (var t = 0; t < trees.TreeCount; t++)
            {
                var leaf = trees.Leaf(t, row);
                var ids = trees.LeafTargets(leaf);
                var weights = trees.LeafWeights(leaf);
                for (var w = 0; w < ids.Length; w++)
                {
                    var k = ids[w];
                    var v = weights[w];
                    acc[k] = aggregate switch
                    {
                        "MIN" => seen[k] ? Math.Min(acc[k], v) : v,
                        "MAX" => seen[k] ? Math.Max(acc[k], v) : v,
                        _ => acc[k] + v,
                    };
                    seen[k] = true;
                }
            }

            for (var k = 0; k < targets; k++)
            {
                if (aggregate == "AVERAGE")
                {
                    acc[k] /= trees.TreeCount;
                }

                acc[k] += baseValues?[k] ?? 0.0;
            }

            ScoreTransforms.Apply(transform, acc);
            for (var k = 0; k < targets; k++)
            {
                y[(n * targets) + k] = (float)acc[k];
            }
        }

        outputs[0] = OnnxTensor.Create([rows, targets], y);
    }
}
