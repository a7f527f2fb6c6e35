namespace Rampart.ML.Onnx.Operators;

/// <summary>An element-wise binary function, specialised by the JIT for each struct implementation.</summary>
internal interface IBinaryFunc<TA, TB, TO>
{
    static abstract TO Apply(TA a, TB b);
}
