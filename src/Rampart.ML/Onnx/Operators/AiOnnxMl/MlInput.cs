using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>Reads the numeric [N, F] (or [F], one row) feature input of the ai.onnx.ml models as doubles.</summary>
internal static class MlInput
{
    public static readonly Func<OnnxDataType, bool> Numeric = t => t is OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Int64 or OnnxDataType.Int32;

    public const string NumericNames = "FLOAT, DOUBLE, INT64, INT32";

    public static (double[] Values, int Rows, int Features) Matrix(OnnxTensor x, string op)
    {
        var (rows, features) = x.Rank switch
        {
            1 => (1, x.Shape[0]),
            2 => (x.Shape[0], x.Shape[1]),
            _ => throw new OnnxRuntimeException($"{op} needs a [N, F] or [F] input, got shape {OnnxTensor.Format(x.Shape)}."),
        };
        return (ToDoubles(x), rows, features);
    }

    public static double[] ToDoubles(OnnxTensor x) => x.Type switch
    {
        OnnxDataType.Float => Array.ConvertAll(x.Floats, v => (double)v),
        OnnxDataType.Double => x.As<double>(),
        OnnxDataType.Int64 => Array.ConvertAll(x.As<long>(), v => (double)v),
        OnnxDataType.Int32 => Array.ConvertAll(x.As<int>(), v => (double)v),
        _ => throw new OnnxRuntimeException($"Expected a FLOAT, DOUBLE, INT64 or INT32 tensor, got {OnnxTypes.Name(x.Type)}."),
    };

    /// <summary>The index of the first maximum of a row.</summary>
    public static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}
