namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// The score transforms, in double: LOGISTIC 1/(1+e^-x), SOFTMAX over a row, SOFTMAX_ZERO (entries within 1e-7 of
/// zero stay zero), PROBIT sqrt(2)*erfinv(2x-1) with the closed-form erfinv approximation (a = 0.147) that the ONNX
/// reference implementation and ONNX Runtime use.
/// </summary>
internal static class ScoreTransforms
{
    public static PostTransform Parse(NodeContext c)
    {
        var s = c.String("post_transform", "NONE");
        return s switch
        {
            "NONE" => PostTransform.None,
            "LOGISTIC" => PostTransform.Logistic,
            "SOFTMAX" => PostTransform.Softmax,
            "SOFTMAX_ZERO" => PostTransform.SoftmaxZero,
            "PROBIT" => PostTransform.Probit,
            _ => throw c.Invalid($"attribute 'post_transform' is '{s}'; expected NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO or PROBIT"),
        };
    }

    public static void Apply(PostTransform transform, Span<double> row)
    {
        switch (transform)
        {
            case PostTransform.Logistic:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = Logistic(row[i]);
                }

                break;
            case PostTransform.Softmax:
                Tensors.Softmax.InPlace(row);
                break;
            case PostTransform.SoftmaxZero:
                SoftmaxZero(row);
                break;
            case PostTransform.Probit:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = Probit(row[i]);
                }

                break;
        }
    }

    public static double Logistic(double x)
    {
        var v = 1.0 / (1.0 + Math.Exp(-Math.Abs(x)));
        return x < 0 ? 1.0 - v : v;
    }

    public static double Probit(double p) => Math.Sqrt(2.0) * ErfInv((2.0 * p) - 1.0);

    /// <summary>Winitzki's approximation of the inverse error function (a = 0.147), as the ONNX reference uses.</summary>
    public static double ErfInv(double x)
    {
        var sign = x < 0 ? -1.0 : 1.0;
        var w = (1.0 - x) * (1.0 + x);
        var log = Math.Log(w);
        var v = (2.0 / (Math.PI * 0.147)) + (0.5 * log);
        var v2 = 1.0 / 0.147 * log;
        var v3 = -v + Math.Sqrt((v * v) - v2);
        return sign * Math.Sqrt(v3);
    }

    private static void SoftmaxZero(Span<double> row)
    {
        var max = double.NegativeInfinity;
        foreach (var v in row)
        {
            max = Math.Max(max, v);
        }

        var expNegMax = Math.Exp(-max);
        var sum = 0.0;
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = Math.Abs(row[i]) > 1e-7 ? Math.Exp(row[i] - max) : row[i] * expNegMax;
            sum += row[i];
        }

        for (var i = 0; i < row.Length; i++)
        {
            row[i] = sum == 0 ? 0.5 : row[i] / sum;
        }
    }
}
