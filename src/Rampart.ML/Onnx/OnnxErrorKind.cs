namespace Rampart.ML.Onnx;

/// <summary>Why an ONNX model was refused.</summary>
public enum OnnxErrorKind
{
    /// <summary>The bytes are not a well-formed ONNX protobuf message (truncated, wrong wire type, bad UTF-8, inconsistent tensor data).</summary>
    Malformed,

    /// <summary>A safety limit was reached (file size, nesting depth, node count, tensor size).</summary>
    LimitExceeded,

    /// <summary>The graph is not a valid computation graph (cycle, undefined input, duplicate output, bad attribute).</summary>
    InvalidGraph,

    /// <summary>An operator or operator-set domain that this interpreter does not implement.</summary>
    UnsupportedOperator,

    /// <summary>A tensor element type (or a non-tensor value type) that this interpreter or operator does not implement.</summary>
    UnsupportedType,

    /// <summary>A format feature or attribute combination that is valid ONNX but not implemented (sparse tensors, functions, training mode).</summary>
    UnsupportedFeature,

    /// <summary>The model file could not be read (missing, unreadable).</summary>
    Unreadable,

    /// <summary>An external data reference that points outside the model's folder or past the end of its file.</summary>
    UnsafeExternalData,
}
