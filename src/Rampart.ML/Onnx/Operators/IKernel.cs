using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators;

/// <summary>One bound operator: attributes parsed and types checked at load time, run on tensors at inference time.</summary>
internal interface IKernel
{
    /// <summary>Computes the outputs. Absent optional inputs are null; outputs not requested by the graph may be left null.</summary>
    void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs);
}
