namespace Rampart.ML.Http;

/// <summary>The body of <c>GET v2/models/{name}[/versions/{v}]</c>.</summary>
internal sealed record KServeModelMetadata
{
    /// <summary>The model name.</summary>
    public string? Name { get; init; }

    /// <summary>Versions available, when given.</summary>
    public List<string>? Versions { get; init; }

    /// <summary>For example <c>onnxruntime_onnx</c>.</summary>
    public string? Platform { get; init; }

    /// <summary>The input tensors.</summary>
    public List<KServeTensorMetadata>? Inputs { get; init; }

    /// <summary>The output tensors.</summary>
    public List<KServeTensorMetadata>? Outputs { get; init; }
}
