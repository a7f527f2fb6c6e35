namespace Rampart.ML.Onnx.Runtime;

/// <summary>Facts about element types: which the interpreter holds, their CLR type and size.</summary>
internal static class OnnxTypes
{
    public static bool IsSupported(OnnxDataType type) => type switch
    {
        OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Float16 or OnnxDataType.Int8 or OnnxDataType.UInt8
            or OnnxDataType.Int16 or OnnxDataType.UInt16 or OnnxDataType.Int32 or OnnxDataType.UInt32 or OnnxDataType.Int64
            or OnnxDataType.UInt64 or OnnxDataType.Bool or OnnxDataType.String => true,
        _ => false,
    };

    public static bool IsFloating(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Float16;

    public static bool IsInteger(OnnxDataType type) => type is OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Int16
        or OnnxDataType.UInt16 or OnnxDataType.Int32 or OnnxDataType.UInt32 or OnnxDataType.Int64 or OnnxDataType.UInt64;

    public static bool IsNumeric(OnnxDataType type) => IsFloating(type) || IsInteger(type);

    public static bool IsSigned(OnnxDataType type) => type is OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Float16
        or OnnxDataType.Int8 or OnnxDataType.Int16 or OnnxDataType.Int32 or OnnxDataType.Int64;

    /// <summary>Bytes per element in raw_data (0 for strings).</summary>
    public static int SizeOf(OnnxDataType type) => type switch
    {
        OnnxDataType.Float or OnnxDataType.Int32 or OnnxDataType.UInt32 => 4,
        OnnxDataType.Double or OnnxDataType.Int64 or OnnxDataType.UInt64 => 8,
        OnnxDataType.Float16 or OnnxDataType.Int16 or OnnxDataType.UInt16 or OnnxDataType.BFloat16 => 2,
        OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Bool => 1,
        OnnxDataType.Complex64 => 8,
        OnnxDataType.Complex128 => 16,
        _ => 0,
    };

    public static Array Allocate(OnnxDataType type, int length) => type switch
    {
        OnnxDataType.Float => new float[length],
        OnnxDataType.Double => new double[length],
        OnnxDataType.Float16 => new Half[length],
        OnnxDataType.Int8 => new sbyte[length],
        OnnxDataType.UInt8 => new byte[length],
        OnnxDataType.Int16 => new short[length],
        OnnxDataType.UInt16 => new ushort[length],
        OnnxDataType.Int32 => new int[length],
        OnnxDataType.UInt32 => new uint[length],
        OnnxDataType.Int64 => new long[length],
        OnnxDataType.UInt64 => new ulong[length],
        OnnxDataType.Bool => new bool[length],
        OnnxDataType.String => CreateStrings(length),
        _ => throw new OnnxRuntimeException($"Element type {type} is not supported."),
    };

    public static OnnxDataType FromClr(Type type) =>
        type == typeof(float) ? OnnxDataType.Float
        : type == typeof(double) ? OnnxDataType.Double
        : type == typeof(Half) ? OnnxDataType.Float16
        : type == typeof(sbyte) ? OnnxDataType.Int8
        : type == typeof(byte) ? OnnxDataType.UInt8
        : type == typeof(short) ? OnnxDataType.Int16
        : type == typeof(ushort) ? OnnxDataType.UInt16
        : type == typeof(int) ? OnnxDataType.Int32
        : type == typeof(uint) ? OnnxDataType.UInt32
        : type == typeof(long) ? OnnxDataType.Int64
        : type == typeof(ulong) ? OnnxDataType.UInt64
        : type == typeof(bool) ? OnnxDataType.Bool
        : type == typeof(string) ? OnnxDataType.String
        : throw new ArgumentException($"No ONNX element type for {type}.", nameof(type));

    public static string Name(OnnxDataType type) => type.ToString().ToUpperInvariant();

    private static string[] CreateStrings(int length)
    {
        var a = new string[length];
        Array.Fill(a, string.Empty);
        return a;
    }
}
