using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// OneHotEncoder: output shape X.shape + [C], a 1 at the index of each element's category. STRING inputs look up
/// <c>cats_strings</c>; INT64, INT32, FLOAT and DOUBLE inputs are truncated to integers and look up <c>cats_int64s</c>.
/// An unknown category gives all zeros when <c>zeros</c> = 1 (default) and an error otherwise.
/// </summary>
internal sealed class OneHotEncoderKernel(Dictionary<long, int>? ints, Dictionary<string, int>? strings, int count, bool zeros) : IKernel
{
    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        var t = c.RequireType(0, x => x is OnnxDataType.String || MlInput.Numeric(x), "STRING, " + MlInput.NumericNames);
        var cats = OneOfLabels(c, "cats_int64s", "cats_strings");
        if ((t == OnnxDataType.String) != (cats.Strings is not null))
        {
            throw c.Invalid(t == OnnxDataType.String
                ? "input 0 is STRING, so the categories must be 'cats_strings', not 'cats_int64s'"
                : $"input 0 is {OnnxTypes.Name(t)}, so the categories must be 'cats_int64s', not 'cats_strings'");
        }

        var zeros = c.Int("zeros", 1) != 0;
        var ints = cats.Ints is { } i ? Index(i) : null;
        var strings = cats.Strings is { } s ? Index(s) : null;
        return KernelBinding.Of(new OneHotEncoderKernel(ints, strings, cats.Count, zeros), OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var y = new float[checked(x.Length * count)];
        for (var i = 0; i < x.Length; i++)
        {
            var found = Lookup(x, i);
            if (found >= 0)
            {
                y[(i * count) + found] = 1f;
            }
            else if (!zeros)
            {
                throw new OnnxRuntimeException(Invariant($"OneHotEncoder: element {i} ({x.Data.GetValue(i)}) is not a known category and 'zeros' is 0."));
            }
        }

        outputs[0] = OnnxTensor.Create([.. x.Shape, count], y);
    }

    private int Lookup(OnnxTensor x, int i)
    {
        if (strings is not null)
        {
            return strings.GetValueOrDefault(x.As<string>()[i], -1);
        }

        long key;
        switch (x.Type)
        {
            case OnnxDataType.Int64:
                key = x.As<long>()[i];
                break;
            case OnnxDataType.Int32:
                key = x.As<int>()[i];
                break;
            default:
                var d = x.Type == OnnxDataType.Float ? x.Floats[i] : x.As<double>()[i];
                if (!double.IsFinite(d) || Math.Abs(d) >= 9.2e18)
                {
                    return -1;
                }

                key = (long)d;
                break;
        }

        return ints!.GetValueOrDefault(key, -1);
    }

    private static Dictionary<T, int> Index<T>(T[] values)
        where T : notnull
    {
        var d = new Dictionary<T, int>();
        for (var i = 0; i < values.Length; i++)
        {
            d.TryAdd(values[i], i);
        }

        return d;
    }
}
