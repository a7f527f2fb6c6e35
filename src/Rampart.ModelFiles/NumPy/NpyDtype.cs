using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.NumPy;

/// <summary>
/// A NumPy dtype read from a header's <c>descr</c>, as <c>numpy.lib.format.descr_to_dtype</c> builds it: its item
/// size, whether it holds Python objects (then the data is a pickle), and for plain floats the encoding.
/// </summary>
/// <param name="ItemSize">Bytes per element.</param>
/// <param name="HasObject">Whether any field is an object (<c>O</c>).</param>
/// <param name="Float">The float encoding of a plain float or complex dtype, else <c>null</c>.</param>
/// <param name="BigEndian">Whether a plain dtype is big-endian.</param>
internal sealed record NpyDtype(long ItemSize, bool HasObject, FloatKind? Float, bool BigEndian)
{
    private static readonly FrozenDictionary<string, string> Names = new (string Name, string Code)[]
    {
        ("bool", "?"), ("bool_", "?"), ("int8", "i1"), ("byte", "i1"), ("int16", "i2"), ("short", "i2"),
        ("int32", "i4"), ("intc", "i4"), ("int64", "i8"), ("int", "i8"), ("int_", "i8"), ("intp", "i8"),
        ("longlong", "i8"), ("uint8", "u1"), ("ubyte", "u1"), ("uint16", "u2"), ("ushort", "u2"), ("uint32", "u4"),
        ("uintc", "u4"), ("uint64", "u8"), ("uint", "u8"), ("uintp", "u8"), ("ulonglong", "u8"), ("float16", "f2"),
        ("half", "f2"), ("float32", "f4"), ("single", "f4"), ("float64", "f8"), ("float", "f8"), ("double", "f8"),
        ("float_", "f8"), ("float128", "f16"), ("longdouble", "f16"), ("complex64", "c8"), ("csingle", "c8"), ("complex128", "c16"),
        ("complex", "c16"), ("cdouble", "c16"), ("complex_", "c16"), ("complex256", "c32"), ("clongdouble", "c32"), ("object", "O"),
        ("object_", "O"), ("str", "U"), ("str_", "U"), ("unicode", "U"), ("bytes", "S"), ("bytes_", "S"),
        ("void", "V"), ("datetime64", "M8"), ("timedelta64", "m8"),
    }.ToFrozenDictionary(pair => pair.Name, pair => pair.Code, StringComparer.Ordinal);

    private static readonly FrozenDictionary<char, int> FixedCodes = new (char Code, int Size)[]
    {
        ('?', 1), ('b', 1), ('B', 1), ('h', 2), ('H', 2), ('i', 4), ('I', 4), ('l', 8),
        ('L', 8), ('q', 8), ('Q', 8), ('p', 8), ('P', 8), ('e', 2), ('f', 4), ('d', 8),
        ('g', 16), ('F', 8), ('D', 16), ('G', 32), ('c', 1), ('u', 4),
    }.ToFrozenDictionary(pair => pair.Code, pair => pair.Size);

    /// <summary>Builds the dtype from a header's <c>descr</c> value.</summary>
    /// <param name="descr">The value.</param>
    /// <param name="maxDepth">Deepest nesting of structured dtypes accepted.</param>
    /// <returns>The dtype.</returns>
    /// <exception cref="NpyDtypeException">numpy would refuse the descr, or the scanner does not know it.</exception>
    public static NpyDtype FromDescr(PyValue descr, int maxDepth) => FromDescr(descr, 0, maxDepth);

    private static NpyDtype FromDescr(PyValue descr, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            throw new NpyDtypeException($"the dtype nests deeper than {maxDepth} levels", known: false);
        }

        switch (descr)
        {
            case PyStr text:
                return FromString(text.Value);
            case PySequence { IsTuple: true } tuple:
                if (tuple.Items.Length != 2)
                {
                    throw new NpyDtypeException($"the dtype tuple has {tuple.Items.Length} items, not (dtype, shape)");
                }

                var inner = FromDescr(tuple.Items[0], depth + 1, maxDepth);
                return inner with { ItemSize = Multiply(inner.ItemSize, SubarrayCount(tuple.Items[1])), Float = inner.Float };
            case PySequence list:
                return Structured(list, depth, maxDepth);
            default:
                throw new NpyDtypeException($"descr is {descr.Describe()}, not a dtype string or a list of fields");
        }
    }

    private static NpyDtype Structured(PySequence fields, int depth, int maxDepth)
    {
        long size = 0;
        var hasObject = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields.Items)
        {
            if (field is not PySequence { Items.Length: 2 or 3 } parts)
            {
                throw new NpyDtypeException($"a field of the structured dtype is {field.Describe()}, not (name, dtype) or (name, dtype, shape)");
            }

            var dtype = FromDescr(parts.Items[1], depth + 1, maxDepth);
            if (parts.Items.Length == 3)
            {
                dtype = dtype with { ItemSize = Multiply(dtype.ItemSize, SubarrayCount(parts.Items[2])) };
            }

            var padding = parts.Items[0] is PyStr { Value: "" } && parts.Items[1] is PyStr { Value: var code } && code.TrimStart('<', '>', '|', '=').StartsWith('V');
            if (!padding)
            {
                foreach (var name in FieldNames(parts.Items[0]))
                {
                    if (!names.Add(name))
                    {
                        throw new NpyDtypeException($"the field name '{name}' is used twice");
                    }
                }
            }

            hasObject |= dtype.HasObject;
            size = Add(size, dtype.ItemSize);
        }

        return new NpyDtype(size, hasObject, null, false);
    }

    private static IEnumerable<string> FieldNames(PyValue name) => name switch
    {
        PyStr text => [text.Value],
        PySequence { IsTuple: true, Items: [var title, PyStr field] } => title is PyStr titleText ? [field.Value, titleText.Value] : [field.Value],
        _ => throw new NpyDtypeException($"a field name is {name.Describe()}, not a string or (title, name)"),
    };

    private static long SubarrayCount(PyValue shape)
    {
        var dimensions = shape switch
        {
            PyInt or PyBool => [shape],
            PySequence { IsTuple: true } tuple => tuple.Items,
            _ => throw new NpyDtypeException($"a sub-array shape is {shape.Describe()}, not an integer or a tuple"),
        };
        long count = 1;
        foreach (var dimension in dimensions)
        {
            var value = dimension switch
            {
                PyInt integer => integer.Value,
                PyBool flag => flag.Value ? BigInteger.One : BigInteger.Zero,
                _ => throw new NpyDtypeException($"a sub-array dimension is {dimension.Describe()}, not an integer"),
            };
            if (value < 0 || value > int.MaxValue)
            {
                throw new NpyDtypeException($"a sub-array dimension is {value}, outside 0 to {int.MaxValue}");
            }

            count = Multiply(count, (long)value);
        }

        return count;
    }

    /// <summary>Builds a dtype from a type string such as <c>&lt;f4</c>, <c>|O</c>, <c>&lt;U10</c> or <c>&lt;M8[ns]</c>.</summary>
    /// <param name="text">The string.</param>
    /// <returns>The dtype.</returns>
    public static NpyDtype FromString(string text)
    {
        if (Names.TryGetValue(text, out var alias))
        {
            text = alias;
        }

        var bigEndian = false;
        var body = text;
        if (body.Length > 0 && body[0] is '<' or '>' or '|' or '=' or '!')
        {
            bigEndian = body[0] is '>' or '!';
            body = body[1..];
        }

        if (body.Length == 0)
        {
            throw new NpyDtypeException($"the dtype '{text}' is empty");
        }

        var kind = body[0];
        var rest = body[1..];
        string? unit = null;
        if (kind is 'M' or 'm')
        {
            var bracket = rest.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                if (!rest.EndsWith(']'))
                {
                    throw new NpyDtypeException($"the dtype '{text}' has an unclosed unit");
                }

                unit = rest[(bracket + 1)..^1];
                rest = rest[..bracket];
            }
        }

        long? digits = null;
        if (rest.Length > 0)
        {
            if (!rest.All(char.IsAsciiDigit) || !long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw Unknown(text);
            }

            digits = number;
        }

        _ = unit;
        return (kind, digits) switch
        {
            ('b', 1) or ('?', null) => Plain(1),
            ('i' or 'u', 1 or 2 or 4 or 8) => Plain(digits.Value),
            ('f', 2) => Plain(2, FloatKind.Float16, bigEndian),
            ('f', 4) => Plain(4, FloatKind.Float32, bigEndian),
            ('f', 8) => Plain(8, FloatKind.Float64, bigEndian),
            ('f', 12 or 16) => Plain(digits.Value),
            ('c', 8) => Plain(8, FloatKind.Float32, bigEndian),
            ('c', 16) => Plain(16, FloatKind.Float64, bigEndian),
            ('c', 24 or 32) => Plain(digits.Value),
            ('e', null) => Plain(2, FloatKind.Float16, bigEndian),
            ('f', null) => Plain(4, FloatKind.Float32, bigEndian),
            ('d', null) => Plain(8, FloatKind.Float64, bigEndian),
            ('F', null) => Plain(8, FloatKind.Float32, bigEndian),
            ('D', null) => Plain(16, FloatKind.Float64, bigEndian),
            ('O', null or 8) => new NpyDtype(8, true, null, false),
            ('S' or 'a' or 'V', _) => Plain(digits ?? 0),
            ('U', _) => Plain(Multiply(digits ?? 0, 4)),
            ('M' or 'm', null or 8) => Plain(8),
            (_, null) when FixedCodes.TryGetValue(kind, out var size) => Plain(size),
            ('b' or 'i' or 'u' or 'f' or 'c' or 'O' or 'M' or 'm', _) => throw new NpyDtypeException($"numpy does not understand the dtype '{text}'"),
            _ => throw Unknown(text),
        };
    }

    private static NpyDtype Plain(long size, FloatKind? kind = null, bool bigEndian = false) => new(size, false, kind, bigEndian);

    private static NpyDtypeException Unknown(string text) => new($"the dtype '{text}' is not one the scanner knows", known: false);

    private static long Multiply(long left, long right)
    {
        try
        {
            return checked(left * right);
        }
        catch (OverflowException)
        {
            throw new NpyDtypeException("the dtype's item size overflows");
        }
    }

    private static long Add(long left, long right)
    {
        try
        {
            return checked(left + right);
        }
        catch (OverflowException)
        {
            throw new NpyDtypeException("the dtype's item size overflows");
        }
    }
}
