using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Rampart.ML.Http;

/// <summary>Finds the human message in an error body, whatever the server's shape.</summary>
internal static class ServerMessage
{
    private const int MaxSnippet = 300;

    /// <summary>The server's message: the <c>error</c> or <c>message</c> field of a JSON body, a note for HTML, else the start of the text.</summary>
    /// <param name="body">The body.</param>
    /// <param name="mediaType">The content type, or <c>null</c>.</param>
    /// <returns>A one-line message.</returns>
    public static string Extract(byte[] body, string? mediaType)
    {
        if (body.Length == 0)
        {
            return "(empty body)";
        }

        if (LooksLikeHtml(body, mediaType))
        {
            return "an HTML page" + Title(body);
        }

        var json = Utf8.IsValid(body) ? FromJson(body) : null;
        return json ?? Snippet(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxSnippet * 4)));
    }

    /// <summary>The message of a JSON error object, or <c>null</c> when the element holds none.</summary>
    /// <param name="root">A parsed body.</param>
    /// <returns>The message.</returns>
    public static string? FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        ServerErrorBody? error;
        try
        {
            error = root.Deserialize(HttpPredictorJsonContext.Default.ServerErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }

        if (error?.Error is { } e)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                return Snippet(e.GetString() ?? "");
            }

            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                return Snippet(m.GetString() ?? "");
            }

            return Snippet(e.GetRawText());
        }

        if (error?.Message is { } message)
        {
            return Snippet(error.ErrorCode is null ? message : $"{error.ErrorCode}: {message}");
        }

        return null;
    }

    /// <summary>Whether a body is an HTML page: an HTML content type, or text starting with <c>&lt;</c>.</summary>
    /// <param name="body">The body.</param>
    /// <param name="mediaType">The content type, or <c>null</c>.</param>
    /// <returns><c>true</c> for HTML.</returns>
    public static bool LooksLikeHtml(ReadOnlySpan<byte> body, string? mediaType)
    {
        if (mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var trimmed = body.TrimStart(" \t\r\n\uFEFF"u8);
        if (trimmed.StartsWith("\uFEFF"u8))
        {
            trimmed = trimmed[3..].TrimStart(" \t\r\n"u8);
        }

        return trimmed.Length > 0 && trimmed[0] == (byte)'<';
    }

    /// <summary>Shortens and flattens a message to one line.</summary>
    /// <param name="text">The text.</param>
    /// <returns>At most 300 characters, control characters replaced by spaces.</returns>
    public static string Snippet(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxSnippet + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxSnippet)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    private static string? FromJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(NonFiniteTokens.Quote(body), new JsonDocumentOptions { MaxDepth = 64 });
            return FromElement(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Title(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 4096));
        var start = text.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return "";
        }

        start += "<title>".Length;
        var end = text.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        return end < 0 ? "" : $" titled \"{Snippet(text[start..end])}\"";
    }
}
