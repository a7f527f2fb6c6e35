using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// LabelEncoder. Opset 2: maps each element through the parallel <c>keys_*</c> / <c>values_*</c> lists (STRING,
/// INT64 or FLOAT each; float keys compare bit for bit, so NaN can be a key; the first of duplicate keys wins), and an
/// element not found becomes <c>default_*</c> of the value type (-1, "_Unused", -0.0). Opset 1: STRING to INT64 by
/// position in <c>classes_strings</c> (default_int64 when absent), INT64 to STRING by index (default_string when out
/// of range).
/// </summary>
internal sealed class LabelEncoderKernel(Func<OnnxTensor, int, int> find, Array values, object fallback, OnnxDataType outputType) : IKernel
{
    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        return c.Opset < 2 ? BindV1(c) : BindV2(c);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var o = OnnxTypes.Allocate(outputType, x.Length);
        for (var i = 0; i < x.Length; i++)
        {
            var k = find(x, i);
            o.SetValue(k >= 0 ? values.GetValue(k) : fallback, i);
        }

        outputs[0] = new OnnxTensor(outputType, x.Shape, o);
    }

    private static KernelBinding BindV1(NodeContext c)
    {
        var t = c.RequireType(0, x => x is OnnxDataType.String or OnnxDataType.Int64, "STRING, INT64");
        var classes = Strings(c, "classes_strings") ?? [];
        if (t == OnnxDataType.String)
        {
            var index = Index(classes);
            var positions = Enumerable.Range(0, classes.Length).Select(i => (long)i).ToArray();
            return KernelBinding.Of(new LabelEncoderKernel((x, i) => index.GetValueOrDefault(x.As<string>()[i], -1), positions, c.Int("default_int64", -1), OnnxDataType.Int64), OnnxDataType.Int64);
        }

        return KernelBinding.Of(
            new LabelEncoderKernel((x, i) => x.As<long>()[i] is var v && v >= 0 && v < classes.Length ? (int)v : -1, classes, c.String("default_string", "_Unused"), OnnxDataType.String),
            OnnxDataType.String);
    }

    private static KernelBinding BindV2(NodeContext c)
    {
        var keyStrings = Strings(c, "keys_strings");
        var keyInts = c.Ints("keys_int64s");
        var keyFloats = c.Floats("keys_floats");
        var valueStrings = Strings(c, "values_strings");
        var valueInts = c.Ints("values_int64s");
        var valueFloats = c.Floats("values_floats");
        var keySet = new[] { (IsSet(keyStrings), "keys_strings", OnnxDataType.String), (IsSet(keyInts), "keys_int64s", OnnxDataType.Int64), (IsSet(keyFloats), "keys_floats", OnnxDataType.Float) }.Where(k => k.Item1).ToArray();
        var valueSet = new[] { (IsSet(valueStrings), "values_strings", OnnxDataType.String), (IsSet(valueInts), "values_int64s", OnnxDataType.Int64), (IsSet(valueFloats), "values_floats", OnnxDataType.Float) }.Where(k => k.Item1).ToArray();
        if (keySet.Length != 1)
        {
            throw c.Invalid(Invariant($"exactly one of 'keys_strings', 'keys_int64s' and 'keys_floats' must be set; {keySet.Length} are"));
        }

        if (valueSet.Length != 1)
        {
            throw c.Invalid(Invariant($"exactly one of 'values_strings', 'values_int64s' and 'values_floats' must be set; {valueSet.Length} are"));
        }

        var (_, keyName, keyType) = keySet[0];
        var (_, valueName, valueType) = valueSet[0];
        var keyCount = keyStrings?.Length ?? keyInts?.Length ?? keyFloats!.Length;
        var values = (Array?)valueStrings ?? (Array?)valueInts ?? valueFloats!;
        RequireLength(c, valueName, values.Length, keyCount, keyName);
        var t = c.InputType(0);
        if (t != keyType)
        {
            throw c.UnsupportedType($"input 0 has element type {OnnxTypes.Name(t)}, but the keys are '{keyName}' ({OnnxTypes.Name(keyType)}); they must match");
        }

        Func<OnnxTensor, int, int> find;
        if (keyStrings is not null && keyType == OnnxDataType.String)
        {
            var index = Index(keyStrings);
            find = (x, i) => index.GetValueOrDefault(x.As<string>()[i], -1);
        }
        else if (keyType == OnnxDataType.Int64)
        {
            var index = Index(keyInts!);
            find = (x, i) => index.GetValueOrDefault(x.As<long>()[i], -1);
        }
        else
        {
            var index = Index(keyFloats!.Select(BitConverter.SingleToInt32Bits).ToArray());
            find = (x, i) => index.GetValueOrDefault(BitConverter.SingleToInt32Bits(x.Floats[i]), -1);
        }

        object fallback = valueType switch
        {
            OnnxDataType.String => c.String("default_string", "_Unused"),
            OnnxDataType.Int64 => c.Int("default_int64", -1),
            _ => c.Float("default_float", -0f),
        };
        return KernelBinding.Of(new LabelEncoderKernel(find, values, fallback, valueType), valueType);
    }

    private static Dictionary<T, int> Index<T>(T[] keys)
        where T : notnull
    {
        var d = new Dictionary<T, int>();
        for (var i = 0; i < keys.Length; i++)
        {
            d.TryAdd(keys[i], i);
        }

        return d;
    }
}
