using System.Collections.Frozen;
using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.SafeTensors;

/// <summary>The SafeTensors dtypes with their sizes in bits, as in the reference <c>Dtype::bitsize</c>.</summary>
internal static class SafeTensorsDtypes
{
    private static readonly FrozenDictionary<string, int> Bits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["BOOL"] = 8,
        ["F4"] = 4,
        ["F6_E2M3"] = 6,
        ["F6_E3M2"] = 6,
        ["U8"] = 8,
        ["I8"] = 8,
        ["F8_E5M2"] = 8,
        ["F8_E4M3"] = 8,
        ["F8_E8M0"] = 8,
        ["F8_E4M3FNUZ"] = 8,
        ["F8_E5M2FNUZ"] = 8,
        ["I16"] = 16,
        ["U16"] = 16,
        ["F16"] = 16,
        ["BF16"] = 16,
        ["I32"] = 32,
        ["U32"] = 32,
        ["F32"] = 32,
        ["C64"] = 64,
        ["F64"] = 64,
        ["I64"] = 64,
        ["U64"] = 64,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The size in bits of a dtype, or 0 when the name is not a SafeTensors dtype.</summary>
    /// <param name="dtype">The dtype name, case-sensitive as serde matches it.</param>
    /// <returns>Bits per element, or 0.</returns>
    public static int BitSize(string dtype) => Bits.GetValueOrDefault(dtype);

    /// <summary>The float encoding of a dtype whose values can be checked, or <c>null</c>.</summary>
    /// <param name="dtype">The dtype name.</param>
    /// <returns>The kind, or <c>null</c>.</returns>
    public static FloatKind? FloatKindOf(string dtype) => dtype switch
    {
        "F16" => FloatKind.Float16,
        "BF16" => FloatKind.BFloat16,
        "F32" => FloatKind.Float32,
        "F64" => FloatKind.Float64,
        _ => null,
    };
}
