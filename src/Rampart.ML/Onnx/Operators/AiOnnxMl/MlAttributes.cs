using System.Globalization;
using System.Text;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>Attribute readers the ai.onnx.ml operators share: string lists, float-or-double-tensor lists, one-of pairs.</summary>
internal static class MlAttributes
{
    /// <summary>A list-of-strings attribute (UTF-8), or null when absent.</summary>
    public static string[]? Strings(NodeContext c, string name)
    {
        if (c.Attribute(name) is not { } a)
        {
            return null;
        }

        if (a.Type is not (AttributeType.Strings or AttributeType.Undefined))
        {
            throw c.Invalid($"attribute '{name}' has type {a.Type}, expected {AttributeType.Strings}");
        }

        return a.Strings.Select(b => Encoding.UTF8.GetString(b)).ToArray();
    }

    /// <summary>A list attribute that is absent or empty counts as not set (as ONNX Runtime reads them).</summary>
    public static bool IsSet<T>(T[]? values) => values is { Length: > 0 };

    /// <summary>
    /// A float list given either as <paramref name="name"/> (FLOATS) or, from ai.onnx.ml opset 3, as
    /// <c>name_as_tensor</c> (a DOUBLE or FLOAT tensor); null when neither is set.
    /// </summary>
    public static double[]? Doubles(NodeContext c, string name)
    {
        var floats = c.Floats(name);
        var tensorName = name + "_as_tensor";
        if (c.Attribute(tensorName) is null)
        {
            return floats?.Select(f => (double)f).ToArray();
        }

        if (c.Opset < 3)
        {
            throw c.Invalid(Invariant($"attribute '{tensorName}' exists from ai.onnx.ml opset 3; the model imports opset {c.Opset}"));
        }

        if (IsSet(floats))
        {
            throw c.Invalid($"attributes '{name}' and '{tensorName}' are both set; set one");
        }

        var t = c.Tensor(tensorName)!;
        return t.Type switch
        {
            OnnxDataType.Double => (double[])t.As<double>().Clone(),
            OnnxDataType.Float => t.Floats.Select(f => (double)f).ToArray(),
            _ => throw c.Invalid($"attribute '{tensorName}' holds {OnnxTypes.Name(t.Type)}; expected DOUBLE or FLOAT"),
        };
    }

    /// <summary>Refuses a list attribute whose length differs from <paramref name="expected"/> (when it is set).</summary>
    public static void RequireLength(NodeContext c, string name, int? length, int expected, string reference)
    {
        if (length is { } n && n != expected)
        {
            throw c.Invalid(Invariant($"attribute '{name}' has {n} values, but '{reference}' has {expected}; they must have the same length"));
        }
    }

    /// <summary>Reads exactly one of an int64 list and a string list (e.g. classlabels_int64s / classlabels_strings).</summary>
    public static Labels OneOfLabels(NodeContext c, string intsName, string stringsName)
    {
        var ints = c.Ints(intsName);
        var strings = Strings(c, stringsName);
        return (IsSet(ints), IsSet(strings)) switch
        {
            (true, false) => new Labels(ints!, null),
            (false, true) => new Labels(null, strings!),
            (true, true) => throw c.Invalid($"attributes '{intsName}' and '{stringsName}' are both set; exactly one must be"),
            _ => throw c.Invalid($"neither '{intsName}' nor '{stringsName}' is set; exactly one must be"),
        };
    }

    public static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    public static string Join<T>(IEnumerable<T> values) => string.Join(", ", values.Select(v => string.Format(CultureInfo.InvariantCulture, "{0}", v)));
}
