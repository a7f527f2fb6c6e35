namespace Rampart.ML.Http;

/// <summary>One tensor in KServe v2 model metadata: name, datatype, shape with -1 for variable dimensions.</summary>
internal sealed record KServeTensorMetadata
{
    /// <summary>The tensor name.</summary>
    public string? Name { get; init; }

    /// <summary>For example <c>FP32</c>.</summary>
    public string? Datatype { get; init; }

    /// <summary>The dimensions; -1 for variable ones.</summary>
    public List<long>? Shape { get; init; }
}
