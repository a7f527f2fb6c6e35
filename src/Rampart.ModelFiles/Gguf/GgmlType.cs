using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.Gguf;

/// <summary>
/// The ggml tensor types (<c>enum ggml_type</c>, ids 0 to 39) with their block sizes and bytes per block, as in
/// ggml's <c>type_traits</c>. Ids 4, 5, 31 to 33 and 36 to 38 were removed from ggml and are refused by it.
/// </summary>
/// <param name="Id">The type id.</param>
/// <param name="Name">ggml's name for it.</param>
/// <param name="BlockSize">Elements per block.</param>
/// <param name="TypeSize">Bytes per block.</param>
internal sealed record GgmlType(uint Id, string Name, int BlockSize, int TypeSize)
{
    private static readonly GgmlType?[] Types = Build();

    /// <summary>The number of type ids ggml defines (<c>GGML_TYPE_COUNT</c>).</summary>
    public const uint Count = 40;

    /// <summary>The float encoding whose values can be checked, or <c>null</c>.</summary>
    public FloatKind? Float => Id switch
    {
        0 => FloatKind.Float32,
        1 => FloatKind.Float16,
        28 => FloatKind.Float64,
        30 => FloatKind.BFloat16,
        _ => null,
    };

    /// <summary>The type of an id, or <c>null</c> for removed and unknown ids.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The type, or <c>null</c>.</returns>
    public static GgmlType? Find(uint id) => id < Types.Length ? Types[id] : null;

    /// <summary>Whether the id belonged to a type ggml has removed.</summary>
    /// <param name="id">The id.</param>
    /// <returns><c>true</c> for 4, 5, 31 to 33 and 36 to 38.</returns>
    public static bool IsRemoved(uint id) => id is 4 or 5 or (>= 31 and <= 33) or (>= 36 and <= 38);

    private static GgmlType?[] Build()
    {
        var types = new GgmlType?[Count];
        (uint Id, string Name, int Block, int Size)[] known =
        [
            (0, "F32", 1, 4), (1, "F16", 1, 2), (2, "Q4_0", 32, 18), (3, "Q4_1", 32, 20), (6, "Q5_0", 32, 22),
            (7, "Q5_1", 32, 24), (8, "Q8_0", 32, 34), (9, "Q8_1", 32, 36), (10, "Q2_K", 256, 84), (11, "Q3_K", 256, 110),
            (12, "Q4_K", 256, 144), (13, "Q5_K", 256, 176), (14, "Q6_K", 256, 210), (15, "Q8_K", 256, 292),
            (16, "IQ2_XXS", 256, 66), (17, "IQ2_XS", 256, 74), (18, "IQ3_XXS", 256, 98), (19, "IQ1_S", 256, 50),
            (20, "IQ4_NL", 32, 18), (21, "IQ3_S", 256, 110), (22, "IQ2_S", 256, 82), (23, "IQ4_XS", 256, 136),
            (24, "I8", 1, 1), (25, "I16", 1, 2), (26, "I32", 1, 4), (27, "I64", 1, 8), (28, "F64", 1, 8),
            (29, "IQ1_M", 256, 56), (30, "BF16", 1, 2), (34, "TQ1_0", 256, 54), (35, "TQ2_0", 256, 66), (39, "MXFP4", 32, 17),
        ];
        foreach (var (id, name, block, size) in known)
        {
            types[id] = new GgmlType(id, name, block, size);
        }

        return types;
    }
}
