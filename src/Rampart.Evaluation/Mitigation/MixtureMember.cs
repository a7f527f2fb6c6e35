using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// One classifier of a <see cref="ClassifierMixture"/>: a logistic regression deciding 1 when P(1) &gt; P(0)
/// (w·x + b &gt; 0), or a constant decision when every relabelled example had the same label.
/// </summary>
public sealed record MixtureMember
{
    /// <summary>The probability of using this classifier.</summary>
    public required double Weight { get; init; }

    /// <summary>The classifier's index among all the best responses found (in order).</summary>
    public required int Index { get; init; }

    /// <summary>The logistic regression (classes 0 and 1); <c>null</c> for a constant classifier.</summary>
    public LinearModel? Model { get; init; }

    /// <summary>The constant decision (0 or 1) when <see cref="Model"/> is <c>null</c>.</summary>
    public int Constant { get; init; }

    /// <summary>The classifier's error rate on the training data.</summary>
    public required double TrainingError { get; init; }

    /// <summary>The classifier's hard decision per row.</summary>
    /// <param name="features">Rows x features, encoded as for training.</param>
    /// <returns>0 or 1 per row.</returns>
    public int[] Decide(FloatMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var decisions = new int[features.Rows];
        if (Model is null)
        {
            Array.Fill(decisions, Constant);
            return decisions;
        }

        var probabilities = Model.Predict(features);
        for (var r = 0; r < decisions.Length; r++)
        {
            var row = probabilities.Row(r);
            decisions[r] = row[1] > row[0] ? 1 : 0;
        }

        return decisions;
    }
}
