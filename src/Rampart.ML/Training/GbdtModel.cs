using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>One regression tree of a boosted ensemble, as flat arrays. A node is a leaf when <see cref="Feature"/> is -1.</summary>
public sealed record GbdtTree
{
    /// <summary>Split feature per node, or -1 for a leaf.</summary>
    public required int[] Feature { get; init; }

    /// <summary>Split threshold per node: rows with <c>x[feature] &lt;= threshold</c> go left.</summary>
    public required float[] Threshold { get; init; }

    /// <summary>Left child per node (-1 for leaves).</summary>
    public required int[] Left { get; init; }

    /// <summary>Right child per node (-1 for leaves).</summary>
    public required int[] Right { get; init; }

    /// <summary>Leaf value per node (0 for internal nodes), already scaled by the learning rate.</summary>
    public required float[] Value { get; init; }

    /// <summary>The class (output column) this tree adds to.</summary>
    public required int Target { get; init; }

    /// <summary>The tree's output for one row.</summary>
    /// <param name="x">The row.</param>
    /// <returns>The leaf value reached.</returns>
    public float Evaluate(ReadOnlySpan<float> x)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = x[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return Value[node];
    }
}

/// <summary>
/// A trained gradient-boosted tree ensemble for classification: raw scores are the base score plus the sum of the
/// trees of each class; probabilities are the sigmoid (binary: one score, class 1) or the softmax of the scores.
/// </summary>
public sealed class GbdtModel : TrainedModel
{
    internal GbdtModel(GbdtTree[] trees, float[] baseScores, int classCount, PredictorInfo info)
        : base(info)
    {
        Trees = trees;
        BaseScores = baseScores;
        ClassCount = classCount;
    }

    /// <summary>The trees, in boosting order.</summary>
    public IReadOnlyList<GbdtTree> Trees { get; }

    /// <summary>Starting score per output (one for binary, one per class otherwise).</summary>
    public IReadOnlyList<float> BaseScores { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <inheritdoc />
    public override FloatMatrix Predict(FloatMatrix inputs)
    {
        CheckWidth(inputs);

        var output = new FloatMatrix(inputs.Rows, ClassCount);
        Span<float> scores = stackalloc float[BaseScores.Count];
        for (var r = 0; r < inputs.Rows; r++)
        {
            RawScores(inputs.Row(r), scores);
            var row = output.Row(r);
            if (ClassCount == 2)
            {
                var p = 1f / (1f + MathF.Exp(-scores[0]));
                row[0] = 1 - p;
                row[1] = p;
            }
            else
            {
                scores.CopyTo(row);
                Softmax.InPlace(row);
            }
        }

        return output;
    }

    /// <summary>The raw (pre-link) scores of one row.</summary>
    /// <param name="x">The row.</param>
    /// <param name="scores">One per output; overwritten.</param>
    public void RawScores(ReadOnlySpan<float> x, Span<float> scores)
    {
        for (var k = 0; k < BaseScores.Count; k++)
        {
            scores[k] = BaseScores[k];
        }

        foreach (var tree in Trees)
        {
            scores[tree.Target] += tree.Evaluate(x);
        }
    }
}
