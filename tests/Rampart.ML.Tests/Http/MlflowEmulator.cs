using System.Text;
using System.Text.Json;

namespace Rampart.Tests.ML.Http;

/// <summary>The shapes an MLflow model's predictions come in.</summary>
public enum MlflowShape
{
    ListOfLists,
    IndexRecords,
    ProbabilityRecords,
    PositiveOnly,
}

/// <summary>An MLflow scoring server for <see cref="Logistic"/>: /ping and /invocations.</summary>
internal sealed class MlflowEmulator
{
    public MlflowShape Shape { get; init; } = MlflowShape.ListOfLists;

    /// <summary>Answers invocations instead of the model, when set; null falls through to the model.</summary>
    public Func<TestRequest, TestResponse?>? Invocations { get; init; }

    public TestResponse Handle(TestRequest request)
    {
        if (request.Method == "GET" && request.Path == "/ping")
        {
            return new TestResponse { Status = 200, Body = "\n" };
        }

        if (request.Method == "POST" && request.Path == "/invocations")
        {
            if (!request.ContentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                return TestResponse.Json("""{"error_code":"BAD_REQUEST","message":"unsupported content type"}""", 415);
            }

            return Invocations?.Invoke(request) ?? TestResponse.Json(Answer(request.Body, Shape));
        }

        return TestResponse.Json("""{"error_code":"NOT_FOUND","message":"no such route"}""", 404);
    }

    public static string Answer(string requestBody, MlflowShape shape)
    {
        using var document = JsonDocument.Parse(requestBody);
        var rows = document.RootElement.GetProperty("dataframe_split").GetProperty("data");
        var predictions = new StringBuilder();
        foreach (var row in rows.EnumerateArray())
        {
            var p = Logistic.Positive(row[0].GetDouble(), row[1].GetDouble());
            var (q, r) = (Logistic.Number(1.0 - p), Logistic.Number(p));
            predictions.Append(predictions.Length == 0 ? "" : ",").Append(shape switch
            {
                MlflowShape.ListOfLists => $"[{q},{r}]",
                MlflowShape.IndexRecords => $$"""{"0":{{q}},"1":{{r}}}""",
                MlflowShape.ProbabilityRecords => $$"""{"label":{{(p >= 0.5 ? 1 : 0)}},"probability":[{{q}},{{r}}]}""",
                _ => r,
            });
        }

        return $$"""{"predictions":[{{predictions}}]}""";
    }
}
