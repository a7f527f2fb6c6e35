namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>The post_transform of the ai.onnx.ml classifiers and regressors.</summary>
internal enum PostTransform
{
    None,
    Logistic,
    Softmax,
    SoftmaxZero,
    Probit,
}
