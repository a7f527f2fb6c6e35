namespace Rampart.ML.Onnx.Model;

/// <summary>OperatorSetIdProto: an imported operator set (domain "" means ai.onnx).</summary>
internal sealed record OperatorSetId(string Domain, long Version);
