using System.Globalization;

namespace Rampart.ML.Onnx.Runtime;

/// <summary>A dense row-major tensor: element type, shape and a CLR array of the matching type.</summary>
internal sealed class OnnxTensor
{
    public OnnxTensor(OnnxDataType type, int[] shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (ShapeSize(shape) != data.Length)
        {
            throw new OnnxRuntimeException($"A tensor of shape {Format(shape)} needs {ShapeSize(shape)} values, got {data.Length}.");
        }

        Type = type;
        Shape = shape;
        Data = data;
    }

    public OnnxDataType Type { get; }

    public int[] Shape { get; }

    public Array Data { get; }

    public int Length => Data.Length;

    public int Rank => Shape.Length;

    public static OnnxTensor Create<T>(int[] shape, T[] data) => new(OnnxTypes.FromClr(typeof(T)), shape, data);

    public static OnnxTensor Scalar<T>(T value) => Create([], new[] { value });

    public static OnnxTensor Zeros(OnnxDataType type, int[] shape) => new(type, shape, OnnxTypes.Allocate(type, ShapeSize(shape)));

    public T[] As<T>() => Data as T[] ?? throw new OnnxRuntimeException($"Tensor holds {Type}, not {typeof(T).Name}.");

    public float[] Floats => As<float>();

    public OnnxTensor WithShape(int[] shape) => new(Type, shape, Data);

    /// <summary>The number of elements of a shape; refuses products past int.MaxValue.</summary>
    public static int ShapeSize(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new OnnxRuntimeException($"Negative dimension {d} in shape {Format(shape)}.");
            }

            size *= d;
            if (size > Array.MaxLength)
            {
                throw new OnnxRuntimeException($"A tensor of shape {Format(shape)} is too large.");
            }
        }

        return (int)size;
    }

    /// <summary>Reads an integer tensor (int32 or int64) as longs, e.g. shape, axes or index inputs.</summary>
    public long[] ToInt64Array() => Type switch
    {
        OnnxDataType.Int64 => (long[])Data,
        OnnxDataType.Int32 => Array.ConvertAll((int[])Data, x => (long)x),
        _ => throw new OnnxRuntimeException($"Expected an int32 or int64 tensor, got {Type}."),
    };

    public static string Format(ReadOnlySpan<int> shape) =>
        "[" + string.Join(",", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    public override string ToString() => $"{OnnxTypes.Name(Type)}{Format(Shape)}";
}
