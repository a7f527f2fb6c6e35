using Rampart.ML.Onnx.Runtime;
using static Rampart.ML.Onnx.Operators.AiOnnxMl.MlAttributes;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// Imputer: replaces elements equal to the replaced value (or NaN, when the replaced value is NaN) with the imputed
/// value of their feature (last dimension; one value for all features or one per feature). FLOAT and DOUBLE inputs use
/// <c>imputed_value_floats</c> / <c>replaced_value_float</c>; INT64 and INT32 inputs the <c>_int64</c> pair.
/// </summary>
internal sealed class ImputerKernel(double[] imputed, double replaced) : IKernel
{
    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        var t = c.RequireType(0, MlInput.Numeric, MlInput.NumericNames);
        var floats = c.Floats("imputed_value_floats");
        var ints = c.Ints("imputed_value_int64s");
        double[] imputed;
        double replaced;
        if (t is OnnxDataType.Float or OnnxDataType.Double)
        {
            if (IsSet(ints))
            {
                throw c.Invalid($"attribute 'imputed_value_int64s' is for integer inputs; input 0 is {OnnxTypes.Name(t)}, so set 'imputed_value_floats'");
            }

            imputed = IsSet(floats) ? floats!.Select(f => (double)f).ToArray() : throw c.Invalid("attribute 'imputed_value_floats' is required for a float input");
            replaced = c.Float("replaced_value_float", 0f);
        }
        else
        {
            if (IsSet(floats))
            {
                throw c.Invalid($"attribute 'imputed_value_floats' is for float inputs; input 0 is {OnnxTypes.Name(t)}, so set 'imputed_value_int64s'");
            }

            imputed = IsSet(ints) ? ints!.Select(i => (double)i).ToArray() : throw c.Invalid("attribute 'imputed_value_int64s' is required for an integer input");
            var r = c.Int("replaced_value_int64", 0);
            if (t == OnnxDataType.Int32 && (ints!.Any(i => i is < int.MinValue or > int.MaxValue) || r is < int.MinValue or > int.MaxValue))
            {
                throw c.Invalid("attribute 'imputed_value_int64s' or 'replaced_value_int64' does not fit in INT32");
            }

            replaced = r;
        }

        return KernelBinding.Of(new ImputerKernel(imputed, replaced), t);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var features = x.Rank == 0 ? 1 : x.Shape[^1];
        if (imputed.Length != 1 && imputed.Length != features)
        {
            throw new OnnxRuntimeException(Invariant($"Imputer has {imputed.Length} imputed values; the input's last dimension is {features}."));
        }

        outputs[0] = x.Type switch
        {
            OnnxDataType.Float => OnnxTensor.Create(x.Shape, Impute(x.Floats, features, v => (float)v, v => (double)v)),
            OnnxDataType.Double => OnnxTensor.Create(x.Shape, Impute(x.As<double>(), features, v => v, v => v)),
            OnnxDataType.Int64 => OnnxTensor.Create(x.Shape, Impute(x.As<long>(), features, v => (long)v, v => v)),
            _ => OnnxTensor.Create(x.Shape, Impute(x.As<int>(), features, v => (int)v, v => v)),
        };
    }

    private T[] Impute<T>(T[] src, int features, Func<double, T> from, Func<T, double> to)
    {
        var nanMode = double.IsNaN(replaced);
        var o = (T[])src.Clone();
        for (var i = 0; i < o.Length; i++)
        {
            var v = to(o[i]);
            if (nanMode ? double.IsNaN(v) : v == replaced)
            {
                o[i] = from(imputed[imputed.Length == 1 || features == 0 ? 0 : i % features]);
            }
        }

        return o;
    }
}
