namespace Rampart.ML.Onnx.Operators;

/// <summary>An element-wise unary function (a struct, possibly with parameters such as LeakyRelu's alpha).</summary>
internal interface IUnaryFunc<T>
{
    T Apply(T x);
}
