using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.Onnx;

/// <summary>ONNX <c>TensorProto.DataType</c> sizes and the typed field each type is stored in.</summary>
internal static class OnnxDataTypes
{
    /// <summary><c>STRING</c>.</summary>
    public const int String = 8;

    /// <summary>Bits per element, 0 for <c>STRING</c> and unknown types.</summary>
    /// <param name="type">The data type.</param>
    /// <returns>Bits.</returns>
    public static int Bits(int type) => type switch
    {
        1 or 6 or 12 => 32,
        2 or 3 or 9 or >= 17 and <= 20 or 24 => 8,
        4 or 5 or 10 or 16 => 16,
        7 or 11 or 13 or 14 => 64,
        15 => 128,
        21 or 22 or 23 => 4,
        25 or 26 => 2,
        _ => 0,
    };

    /// <summary>Whether the type is one ONNX defines.</summary>
    /// <param name="type">The data type.</param>
    /// <returns><c>true</c> for 1 to 26.</returns>
    public static bool IsKnown(int type) => type is >= 1 and <= 26;

    /// <summary>The name of a data type.</summary>
    /// <param name="type">The data type.</param>
    /// <returns>The name, such as <c>FLOAT</c>.</returns>
    public static string Name(int type) => type switch
    {
        1 => "FLOAT",
        2 => "UINT8",
        3 => "INT8",
        4 => "UINT16",
        5 => "INT16",
        6 => "INT32",
        7 => "INT64",
        8 => "STRING",
        9 => "BOOL",
        10 => "FLOAT16",
        11 => "DOUBLE",
        12 => "UINT32",
        13 => "UINT64",
        14 => "COMPLEX64",
        15 => "COMPLEX128",
        16 => "BFLOAT16",
        17 => "FLOAT8E4M3FN",
        18 => "FLOAT8E4M3FNUZ",
        19 => "FLOAT8E5M2",
        20 => "FLOAT8E5M2FNUZ",
        21 => "UINT4",
        22 => "INT4",
        23 => "FLOAT4E2M1",
        24 => "FLOAT8E8M0",
        25 => "UINT2",
        26 => "INT2",
        _ => $"type {type}",
    };

    /// <summary>The float encoding of raw data whose values can be checked, or <c>null</c>.</summary>
    /// <param name="type">The data type.</param>
    /// <returns>The kind, or <c>null</c>.</returns>
    public static FloatKind? Float(int type) => type switch
    {
        1 or 14 => FloatKind.Float32,
        11 or 15 => FloatKind.Float64,
        10 => FloatKind.Float16,
        16 => FloatKind.BFloat16,
        _ => null,
    };

    /// <summary>How many values of a typed field a tensor of <paramref name="elements"/> elements needs, or <c>null</c> when the field does not fit the type.</summary>
    /// <param name="field">The TensorProto field number (4 float_data, 5 int32_data, 6 string_data, 7 int64_data, 10 double_data, 11 uint64_data).</param>
    /// <param name="type">The data type.</param>
    /// <param name="elements">Elements.</param>
    /// <returns>Accepted value counts, or <c>null</c>.</returns>
    public static long[]? TypedCounts(int field, int type, long elements) => (field, type) switch
    {
        (4, 1) => [elements],
        (4, 14) => [elements * 2],
        (5, 2 or 3 or 4 or 5 or 6 or 9 or 10 or 16 or (>= 17 and <= 20) or 24) => [elements],
        (5, 21 or 22 or 23) => [(elements + 1) / 2, elements],
        (5, 25 or 26) => [(elements + 3) / 4, elements],
        (6, 8) => [elements],
        (7, 7) => [elements],
        (10, 11) => [elements],
        (10, 15) => [elements * 2],
        (11, 12 or 13) => [elements],
        _ => null,
    };

    /// <summary>The name of a typed data field.</summary>
    /// <param name="field">The field number.</param>
    /// <returns>The name.</returns>
    public static string FieldName(int field) => field switch
    {
        4 => "float_data",
        5 => "int32_data",
        6 => "string_data",
        7 => "int64_data",
        9 => "raw_data",
        10 => "double_data",
        11 => "uint64_data",
        _ => $"field {field}",
    };
}
