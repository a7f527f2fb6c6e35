namespace Rampart.ML.Http;

/// <summary>A successful (2xx) HTTP answer, read in full within the size limit.</summary>
/// <param name="Url">The URL asked.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="MediaType">The content type's media type, or <c>null</c>.</param>
/// <param name="Body">The body bytes.</param>
internal sealed record HttpReply(Uri Url, int Status, string? MediaType, byte[] Body);
