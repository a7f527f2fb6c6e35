using System.Globalization;
using System.Numerics;

namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// Reads a joblib <c>NumpyArrayWrapper</c>'s state (shape, dtype, alignment) to find how many raw bytes follow it in
/// the stream. The dtype is the pickled <c>numpy.dtype(code, False, True)</c> call with its BUILD state
/// <c>(version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])</c>.
/// </summary>
internal static class NumpyDtypes
{
    /// <summary>Describes the array a wrapper's state declares.</summary>
    /// <param name="state">The wrapper's BUILD state.</param>
    /// <param name="shape">Dimensions.</param>
    /// <param name="itemSize">Bytes per element.</param>
    /// <param name="hasObject">Whether elements are Python objects (then a pickle follows instead of raw bytes).</param>
    /// <param name="alignment">The alignment joblib padded to, or <c>null</c> when the file predates padding.</param>
    /// <param name="problem">Why it cannot be described.</param>
    /// <returns>Whether the description is complete.</returns>
    public static bool TryDescribe(
        PickleValue? state, out List<BigInteger> shape, out long itemSize, out bool hasObject, out int? alignment, out string problem)
    {
        shape = [];
        itemSize = 0;
        hasObject = false;
        alignment = null;
        if (state is not PickleValue.Mapping dict || dict.Dropped > 0)
        {
            problem = "its state is not a dict";
            return false;
        }

        if (dict.Get("shape") is not PickleValue.Sequence { Kind: "tuple" or "list", Dropped: 0 } dimensions)
        {
            problem = "its shape is not a tuple";
            return false;
        }

        foreach (var dimension in dimensions.Items)
        {
            if (dimension is not PickleValue.Integer { Value: var size } || size < 0)
            {
                problem = "its shape holds a value that is not a non-negative integer";
                return false;
            }

            shape.Add(size);
        }

        if (dict.Get("numpy_array_alignment_bytes") is { } align)
        {
            if (align is not PickleValue.Integer { Value: var value } || value < 0 || value > 4096)
            {
                problem = "its alignment is not a small integer";
                return false;
            }

            alignment = (int)value;
        }

        if (dict.Get("dtype") is not PickleValue.Call { Callable: PickleValue.Global { Info.Canonical: "numpy.dtype" } } dtype
            || dtype.Arguments is not PickleValue.Sequence { Kind: "tuple", Items: [PickleValue.Text { Complete: true, Value: var code }, ..] })
        {
            problem = "its dtype is not a numpy.dtype constant";
            return false;
        }

        var fields = dtype.State as PickleValue.Sequence;
        long? elementSize = fields?.Items.Count > 5 && fields.Items[5] is PickleValue.Integer { Value: var elsize } && elsize > 0 && elsize < int.MaxValue
            ? (long)elsize
            : null;
        var flags = fields?.Items.Count > 7 && fields.Items[7] is PickleValue.Integer { Value: var flagValue } ? flagValue : BigInteger.Zero;
        var structured = fields?.Items.Count > 4 && (fields.Items[2] != PickleValue.None || fields.Items[3] != PickleValue.None || fields.Items[4] != PickleValue.None);
        hasObject = code.StartsWith('O') || !(flags & 1).IsZero;
        if (hasObject)
        {
            problem = string.Empty;
            return true;
        }

        if (elementSize is { } known)
        {
            itemSize = known;
        }
        else if (structured || !TryParseCode(code, out itemSize))
        {
            problem = $"its dtype '{code}' has no known item size";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private static bool TryParseCode(string code, out long itemSize)
    {
        itemSize = 0;
        if (code.Length == 0)
        {
            return false;
        }

        var kind = code[0];
        var end = 1;
        while (end < code.Length && char.IsAsciiDigit(code[end]))
        {
            end++;
        }

        var digits = code[1..end];
        if (kind is 'M' or 'm')
        {
            itemSize = 8;
            return true;
        }

        if (kind == '?')
        {
            itemSize = 1;
            return true;
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0 || size > int.MaxValue)
        {
            return false;
        }

        itemSize = kind switch
        {
            'b' or 'i' or 'u' or 'f' or 'c' or 'S' or 'a' or 'V' => size,
            'U' => size * 4,
            _ => 0,
        };
        return itemSize > 0;
    }
}
