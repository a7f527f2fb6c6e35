using System.Globalization;
using System.Text;
using Rampart.ML.Onnx;

namespace Rampart.Tests;

/// <summary>
/// A crafted model and data whose predictions are known exactly. The model takes one feature x and predicts class
/// "1" when x = 1 (P(1) = σ(5) ≈ 0.9933) and "0" when x = 0. The data has columns x, g (sensitive) and y (label).
/// </summary>
internal static class FairnessTestData
{
    /// <summary>ONNX: Gemm with W = [[0], [10]], B = [0, -5], then Softmax; classes "0,1" in the metadata.</summary>
    public static byte[] ThresholdModel(int features = 1)
    {
        var weights = new float[2 * features];
        weights[features] = 10;
        return new OnnxModelBuilder("threshold")
            .AddInput("input", OnnxDataType.Float, null, features)
            .AddInitializer("w", weights, 2, features)
            .AddInitializer("b", [0f, -5f], 2)
            .AddNode("Gemm", ["input", "w", "b"], ["logits"], OnnxAttributeValue.OfInt("transB", 1))
            .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttributeValue.OfInt("axis", 1))
            .AddOutput("probabilities", OnnxDataType.Float, null, 2)
            .AddMetadata("rampart.class_labels", "0,1")
            .ToBytes();
    }

    /// <summary>One group's rows: (true positives, false negatives, false positives, true negatives) with 1 favourable.</summary>
    public readonly record struct Cells(int Tp, int Fn, int Fp, int Tn);

    /// <summary>
    /// The biased data: group a has TP 28, FN 2, FP 4, TN 6 (selection rate 0.8, TPR 28/30, FPR 0.4); group b has
    /// TP 12, FN 12, FP 2, TN 14 (selection rate 0.35, TPR 0.5, FPR 0.125). Label 1 is the most frequent class (54 of 80).
    /// </summary>
    public static string BiasedCsv() => Csv(("a", new Cells(28, 2, 4, 6)), ("b", new Cells(12, 12, 2, 14)));

    /// <summary>Both groups as group a of <see cref="BiasedCsv"/>: every parity metric is 0.</summary>
    public static string FairCsv() => Csv(("a", new Cells(28, 2, 4, 6)), ("b", new Cells(28, 2, 4, 6)));

    /// <summary>Rows x,g,y for the given groups and cells.</summary>
    public static string Csv(params (string Group, Cells Cells)[] groups)
    {
        var sb = new StringBuilder("x,g,y\n");
        foreach (var (group, c) in groups)
        {
            Rows(sb, group, 1, 1, c.Tp);
            Rows(sb, group, 0, 1, c.Fn);
            Rows(sb, group, 1, 0, c.Fp);
            Rows(sb, group, 0, 0, c.Tn);
        }

        return sb.ToString();
    }

    private static void Rows(StringBuilder sb, string group, int x, int y, int count)
    {
        for (var i = 0; i < count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{x},{group},{y}\n");
        }
    }
}
