namespace Rampart.ML.Onnx;

/// <summary>
/// An ONNX model (or tensor file) was refused while reading or preparing it: malformed bytes, a safety limit, an
/// invalid graph or something this interpreter does not support. The message names the field, node or tensor.
/// </summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxFormatException()
    {
    }

    /// <summary>Creates the exception with <see cref="OnnxErrorKind.Malformed"/>.</summary>
    /// <param name="message">What is wrong and where.</param>
    public OnnxFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <see cref="OnnxErrorKind.Malformed"/>.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why the model was refused.</param>
    /// <param name="message">What is wrong and where.</param>
    public OnnxFormatException(OnnxErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Why the model was refused (default <see cref="OnnxErrorKind.Malformed"/>).</summary>
    public OnnxErrorKind Kind { get; }
}
