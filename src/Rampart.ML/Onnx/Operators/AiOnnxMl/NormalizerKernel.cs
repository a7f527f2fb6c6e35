using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// Normalizer along the last axis of a [N, C] or [C] input: MAX divides by the row's maximum (not its largest
/// magnitude, as the specification and ONNX Runtime do), L1 by the sum of magnitudes, L2 by the Euclidean norm; a
/// zero divisor leaves the row as it is. Computed in double, written as float.
/// </summary>
internal sealed class NormalizerKernel(string norm) : IKernel
{
    public static KernelBinding Bind(NodeContext c)
    {
        c.RequireInputs(1, 1);
        c.RequireType(0, MlInput.Numeric, MlInput.NumericNames);
        var norm = c.String("norm", "MAX");
        if (norm is not ("MAX" or "L1" or "L2"))
        {
            throw c.Invalid($"attribute 'norm' is '{norm}'; expected MAX, L1 or L2");
        }

        return KernelBinding.Of(new NormalizerKernel(norm), OnnxDataType.Float);
    }

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var (x, rows, columns) = MlInput.Matrix(inputs[0]!, "Normalizer");
        var y = new float[x.Length];
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * columns, columns);
            var divisor = norm switch
            {
                "MAX" => columns == 0 ? 0 : Max(row),
                "L1" => Sum(row, v => Math.Abs(v)),
                _ => Math.Sqrt(Sum(row, v => v * v)),
            };
            for (var i = 0; i < columns; i++)
            {
                y[(r * columns) + i] = (float)(divisor == 0 ? row[i] : row[i] / divisor);
            }
        }

        outputs[0] = OnnxTensor.Create(inputs[0]!.Shape, y);
    }

    private static double Max(ReadOnlySpan<double> row)
    {
        var m = double.NegativeInfinity;
        foreach (var v in row)
        {
            m = Math.Max(m, v);
        }

        return m;
    }

    private static double Sum(ReadOnlySpan<double> row, Func<double, double> f)
    {
        var s = 0.0;
        foreach (var v in row)
        {
            s += f(v);
        }

        return s;
    }
}
