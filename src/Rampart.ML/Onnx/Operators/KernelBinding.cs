namespace Rampart.ML.Onnx.Operators;

/// <summary>A bound kernel and the element types of its outputs (known at load time).</summary>
internal sealed record KernelBinding(IKernel Kernel, OnnxDataType[] OutputTypes)
{
    public static KernelBinding Of(IKernel kernel, params OnnxDataType[] outputTypes) => new(kernel, outputTypes);
}
