namespace Rampart.ML.Onnx.Model;

/// <summary>TensorShapeProto.Dimension: a fixed size, a symbolic name, or neither.</summary>
internal readonly record struct Dimension(long? Value, string? Param)
{
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Param ?? "?";
}
