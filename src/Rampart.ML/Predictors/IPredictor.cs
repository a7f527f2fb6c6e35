using Rampart.ML.Tensors;

namespace Rampart.ML.Predictors;

/// <summary>
/// A model Rampart can query: a batch of feature rows in, class probabilities (rows x classes) or regression
/// scores (rows x targets) out. Every query is counted, and a budget can cap them (black-box attacks report the
/// queries they used).
/// </summary>
public interface IPredictor
{
    /// <summary>Inputs and outputs.</summary>
    PredictorInfo Info { get; }

    /// <summary>The query counter and budget of this predictor.</summary>
    QueryCounter Queries { get; }

    /// <summary>Predicts a batch.</summary>
    /// <param name="inputs">Rows x <see cref="PredictorInfo.FeatureCount"/> features.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Rows x <see cref="PredictorInfo.OutputCount"/>: probabilities for classification, scores for regression.</returns>
    /// <exception cref="QueryBudgetExceededException">When the batch would exceed the budget.</exception>
    /// <exception cref="PredictorException">When the model cannot answer (malformed response, unreachable endpoint).</exception>
    ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken);
}

/// <summary>What an input gradient is taken of.</summary>
/// <param name="ClassIndex">For <see cref="GradientKind.Logit"/>: the class whose logit (pre-softmax score) is differentiated.</param>
/// <param name="Kind">Logit or loss.</param>
public readonly record struct GradientTarget(GradientKind Kind, int ClassIndex);

/// <summary>The quantity differentiated with respect to the input.</summary>
public enum GradientKind
{
    /// <summary>A chosen class's logit (or the regression output).</summary>
    Logit,

    /// <summary>The cross-entropy (classification) or squared-error (regression) loss against given labels.</summary>
    Loss,
}

/// <summary>A predictor that can also give the gradient of its output with respect to its input (white-box attacks).</summary>
public interface IGradientPredictor : IPredictor
{
    /// <summary>Input gradients of a batch.</summary>
    /// <param name="inputs">Rows x features.</param>
    /// <param name="target">What to differentiate.</param>
    /// <param name="labels">Per-row class index (classification) or target value (regression) for <see cref="GradientKind.Loss"/>; ignored otherwise.</param>
    /// <returns>Rows x features.</returns>
    FloatMatrix InputGradient(FloatMatrix inputs, GradientTarget target, ReadOnlySpan<float> labels);
}
