namespace Rampart.ML.Onnx.Runtime;

/// <summary>Inference failed on the given inputs (shape mismatch, index out of range, integer division by zero).</summary>
internal sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException()
    {
    }

    public OnnxRuntimeException(string message)
        : base(message)
    {
    }

    public OnnxRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
