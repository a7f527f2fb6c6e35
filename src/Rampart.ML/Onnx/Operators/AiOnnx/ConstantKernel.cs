using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>A value known at load time (Constant). Tensors are never mutated, so the same instance is returned.</summary>
internal sealed class ConstantKernel(OnnxTensor value) : IKernel
{
    public OnnxTensor Value => value;

    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs) => outputs[0] = value;
}
