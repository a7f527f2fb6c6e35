namespace Rampart.ML.Http;

/// <summary>
/// What an HTTP predictor does with non-finite numbers in a response: the bare <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c> tokens Python and TensorFlow Serving emit (not valid JSON), and the quoted strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
/// </summary>
public enum NonFiniteValueHandling
{
    /// <summary>Read them as <see cref="float.NaN"/>, <see cref="float.PositiveInfinity"/> and <see cref="float.NegativeInfinity"/> (the default).</summary>
    Accept,

    /// <summary>Refuse the response with a <see cref="Predictors.PredictorException"/> naming the first such value.</summary>
    Reject,
}
