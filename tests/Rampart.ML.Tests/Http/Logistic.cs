using System.Globalization;
using System.Text.Json;
using Rampart.ML.Tensors;

namespace Rampart.Tests.ML.Http;

/// <summary>The tiny model the test servers serve: p1 = sigmoid(1.5 x0 - 2 x1 + 0.25), p0 = 1 - p1.</summary>
internal static class Logistic
{
    public static double Positive(double x0, double x1) => 1.0 / (1.0 + Math.Exp(-((1.5 * x0) - (2.0 * x1) + 0.25)));

    /// <summary>What a predictor should return: the server's doubles read back as floats.</summary>
    public static float[] Expected(FloatMatrix inputs)
    {
        var result = new float[inputs.Rows * 2];
        for (var r = 0; r < inputs.Rows; r++)
        {
            var p = Positive(Wire(inputs[r, 0]), Wire(inputs[r, 1]));
            result[2 * r] = (float)(1.0 - p);
            result[(2 * r) + 1] = (float)p;
        }

        return result;
    }

    /// <summary>The value a float becomes on the wire: its shortest round-trip text, read by the server as a double.</summary>
    public static double Wire(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Reads a flat or nested JSON array of numbers (or booleans) into doubles.</summary>
    public static List<double> Flatten(JsonElement element, List<double>? into = null)
    {
        into ??= [];
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, into);
                }

                break;
            case JsonValueKind.True:
                into.Add(1);
                break;
            case JsonValueKind.False:
                into.Add(0);
                break;
            default:
                into.Add(element.GetDouble());
                break;
        }

        return into;
    }

    public static FloatMatrix Matrix(params float[][] rows)
    {
        var matrix = new FloatMatrix(rows.Length, rows[0].Length);
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(matrix.Row(r));
        }

        return matrix;
    }
}
