namespace Rampart.ML.Onnx;

/// <summary>How <see cref="OnnxPredictor"/> turns the model's output into its answer.</summary>
public enum OnnxOutputMode
{
    /// <summary>The output already holds class probabilities (it comes from a Softmax, or is named like "probabilities").</summary>
    Probabilities,

    /// <summary>The output holds log-probabilities (from a LogSoftmax); Rampart exponentiates them.</summary>
    LogProbabilities,

    /// <summary>The output holds logits without a softmax; Rampart applies a softmax to report probabilities.</summary>
    LogitsSoftmaxApplied,

    /// <summary>The output is one sigmoid probability per row; Rampart reports [1 - p, p] for two classes.</summary>
    BinarySigmoid,

    /// <summary>The output is one or more regression scores per row, reported as they are.</summary>
    Regression,
}
