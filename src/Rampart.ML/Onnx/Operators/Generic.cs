using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators;

/// <summary>Closes generic kernel types over the CLR types of ONNX element types at load time.</summary>
internal static class Generic
{
    public static Type Clr(OnnxDataType type) => OnnxTypes.Allocate(type, 0).GetType().GetElementType()!;

    public static T Create<T>(Type open, Type[] typeArguments, params object?[] args) =>
        (T)Activator.CreateInstance(open.MakeGenericType(typeArguments), args)!;
}
