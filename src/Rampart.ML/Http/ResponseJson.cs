using System.Text.Json;
using System.Text.Unicode;
using Rampart.ML.Predictors;

namespace Rampart.ML.Http;

/// <summary>Parses a 2xx answer as JSON within the depth limit, after refusing HTML and quoting bare non-finite tokens.</summary>
internal static class ResponseJson
{
    /// <summary>Parses the answer.</summary>
    /// <param name="reply">The answer.</param>
    /// <param name="who">Names the model in messages.</param>
    /// <param name="options">Limits.</param>
    /// <param name="expected">What the body should be, for messages (for example <c>a KServe v2 infer response</c>).</param>
    /// <returns>The document; the caller disposes it.</returns>
    /// <exception cref="PredictorException">When the body is empty, HTML, not UTF-8, not JSON, or nested too deep.</exception>
    public static JsonDocument Parse(HttpReply reply, string who, HttpPredictorOptions options, string expected)
    {
        if (reply.Body.Length == 0)
        {
            throw new PredictorException($"{who}: {reply.Url} answered HTTP {reply.Status} with an empty body, not {expected}.");
        }

        if (ServerMessage.LooksLikeHtml(reply.Body, reply.MediaType))
        {
            throw new PredictorException(
                $"{who}: {reply.Url} answered HTTP {reply.Status} with {ServerMessage.Extract(reply.Body, reply.MediaType)} ({reply.MediaType ?? "no content type"}), not {expected}; check the URL and the protocol.");
        }

        // JsonDocument checks UTF-8 only when a string is read, long after parsing; check it once, up front.
        if (!Utf8.IsValid(reply.Body))
        {
            throw new PredictorException($"{who}: the answer from {reply.Url} is not valid UTF-8 text, so not {expected}.");
        }

        try
        {
            return JsonDocument.Parse(NonFiniteTokens.Quote(reply.Body), new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            var depth = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $" (MaxJsonDepth is {options.MaxJsonDepth})"
                : "";
            throw new PredictorException(
                $"{who}: the answer from {reply.Url} is not valid JSON (truncated or malformed){depth}: {ex.Message}", ex);
        }
    }
}
