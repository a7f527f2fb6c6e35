namespace Rampart.ModelFiles.Tensors;

/// <summary>A floating-point element encoding whose values can be checked for NaN and infinities.</summary>
internal enum FloatKind
{
    /// <summary>IEEE 754 half precision (16 bits).</summary>
    Float16,

    /// <summary>bfloat16: the upper 16 bits of an IEEE single.</summary>
    BFloat16,

    /// <summary>IEEE 754 single precision (32 bits).</summary>
    Float32,

    /// <summary>IEEE 754 double precision (64 bits).</summary>
    Float64,
}
