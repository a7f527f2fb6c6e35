using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators;

/// <summary>A kernel that can propagate gradients from its outputs to its float inputs (reverse mode).</summary>
internal interface IDifferentiableKernel : IKernel
{
    /// <summary>
    /// Fills <paramref name="inputGrads"/>[i] for every i with <paramref name="needed"/>[i], given the forward inputs
    /// and outputs and the gradients of the outputs (null when an output does not reach the target).
    /// </summary>
    void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads);
}
