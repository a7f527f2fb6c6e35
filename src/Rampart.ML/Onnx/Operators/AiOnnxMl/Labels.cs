using System.Globalization;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>Class labels of a classifier or ZipMap: int64 or string, never both.</summary>
internal sealed record Labels(long[]? Ints, string[]? Strings)
{
    public int Count => Ints?.Length ?? Strings!.Length;

    public OnnxDataType Type => Ints is null ? OnnxDataType.String : OnnxDataType.Int64;

    /// <summary>The labels as text, in order (int64 labels in invariant culture).</summary>
    public string[] AsText() => Strings ?? Ints!.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A tensor of shape [n] holding the label of each row's class index.</summary>
    public OnnxTensor Select(int[] classIndex) =>
        Ints is { } ints
            ? OnnxTensor.Create([classIndex.Length], classIndex.Select(i => ints[i]).ToArray())
            : OnnxTensor.Create([classIndex.Length], classIndex.Select(i => Strings![i]).ToArray());
}
