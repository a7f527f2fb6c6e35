using System.Text.Json;

namespace Rampart.ML.Http;

/// <summary>The error bodies servers send: KServe / TF Serving <c>{"error": "..."}</c>, MLflow <c>{"error_code", "message"}</c>.</summary>
internal sealed record ServerErrorBody
{
    /// <summary>KServe, Triton, TF Serving: a string (OpenAI-style servers: an object with <c>message</c>).</summary>
    public JsonElement? Error { get; init; }

    /// <summary>MLflow: the message.</summary>
    public string? Message { get; init; }

    /// <summary>MLflow: for example <c>BAD_REQUEST</c>.</summary>
    public string? ErrorCode { get; init; }
}
