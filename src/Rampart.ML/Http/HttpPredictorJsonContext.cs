using System.Text.Json.Serialization;

namespace Rampart.ML.Http;

/// <summary>Source-generated System.Text.Json metadata for the HTTP predictors' fixed-shape bodies.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    MaxDepth = 64)]
[JsonSerializable(typeof(ServerErrorBody))]
[JsonSerializable(typeof(KServeModelMetadata))]
internal sealed partial class HttpPredictorJsonContext : JsonSerializerContext;
