using Rampart.ML.Onnx.Model;

namespace Rampart.ML.Onnx.Runtime;

/// <summary>A graph input or output: its name, value slot, element type and declared shape (null when not declared).</summary>
internal sealed record GraphValue(string Name, int Slot, OnnxDataType Type, IReadOnlyList<Dimension>? Shape);
