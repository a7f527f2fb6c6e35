using System.Text;
using System.Text.Json;

namespace Rampart.Tests.ML.Http;

/// <summary>A KServe v2 server for <see cref="Logistic"/>: metadata, ready, and infer with label and probability outputs.</summary>
internal sealed class KServeEmulator
{
    public const string Metadata = """
        {"name":"logit","versions":["1"],"platform":"onnxruntime_onnx",
         "inputs":[{"name":"float_input","datatype":"FP32","shape":[-1,2]}],
         "outputs":[{"name":"label","datatype":"INT64","shape":[-1]},{"name":"probabilities","datatype":"FP32","shape":[-1,2]}]}
        """;

    public string MetadataBody { get; init; } = Metadata;

    /// <summary>Send probability data nested ([[p0, p1], ...]) rather than flat.</summary>
    public bool Nested { get; init; }

    /// <summary>Answers infer requests instead of the model, when set; null falls through to the model.</summary>
    public Func<TestRequest, TestResponse?>? Infer { get; init; }

    public TestResponse Handle(TestRequest request)
    {
        if (request.Method == "GET" && request.Path.EndsWith("/ready", StringComparison.Ordinal))
        {
            return new TestResponse { Status = 200 };
        }

        if (request.Method == "GET" && request.Path.StartsWith("/v2/models/logit", StringComparison.Ordinal))
        {
            return TestResponse.Json(MetadataBody);
        }

        if (request.Method == "POST" && request.Path.EndsWith("/infer", StringComparison.Ordinal))
        {
            return Infer?.Invoke(request) ?? TestResponse.Json(Answer(request.Body, Nested));
        }

        return TestResponse.Json("""{"error":"no such route"}""", 404);
    }

    /// <summary>The model's answer to an infer request body.</summary>
    public static string Answer(string requestBody, bool nested)
    {
        using var document = JsonDocument.Parse(requestBody);
        var input = document.RootElement.GetProperty("inputs")[0];
        var rows = input.GetProperty("shape")[0].GetInt32();
        var data = Logistic.Flatten(input.GetProperty("data"));
        var labels = new StringBuilder();
        var probabilities = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            var p = Logistic.Positive(data[2 * r], data[(2 * r) + 1]);
            var separator = r == 0 ? "" : ",";
            labels.Append(separator).Append(p >= 0.5 ? 1 : 0);
            probabilities.Append(separator)
                .Append(nested ? "[" : "")
                .Append(Logistic.Number(1.0 - p)).Append(',').Append(Logistic.Number(p))
                .Append(nested ? "]" : "");
        }

        return $$"""
            {"model_name":"logit","model_version":"1","outputs":[
              {"name":"label","datatype":"INT64","shape":[{{rows}}],"data":[{{labels}}]},
              {"name":"probabilities","datatype":"FP32","shape":[{{rows}},2],"data":[{{probabilities}}]}]}
            """;
    }
}
