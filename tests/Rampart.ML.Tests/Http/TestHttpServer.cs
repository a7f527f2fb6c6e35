using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rampart.Tests.ML.Http;

/// <summary>One request the test server received.</summary>
internal sealed record TestRequest(int Index, string Method, string Path, string ContentType, string Body);

/// <summary>What the test server answers.</summary>
internal sealed record TestResponse
{
    public int Status { get; init; } = 200;

    public string Body { get; init; } = "";

    public byte[]? RawBody { get; init; }

    public string ContentType { get; init; } = "application/json";

    /// <summary>Wait this long before answering (a slow server).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Send no Content-Length: the body ends when the connection closes.</summary>
    public bool OmitContentLength { get; init; }

    public static TestResponse Json(string body, int status = 200) => new() { Status = status, Body = body };
}

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, one request per connection, for tests. Every answer closes
/// the connection, so each request the client makes is seen here.
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<TestRequest, TestResponse> _handler;
    private readonly ConcurrentQueue<TestRequest> _requests = new();
    private readonly Task _loop;
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    public TestHttpServer(Func<TestRequest, TestResponse> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = AcceptLoopAsync();
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<TestRequest> Requests => [.. _requests.OrderBy(r => r.Index)];

    /// <summary>The most requests being answered at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Count(string pathSuffix) => _requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new MemoryStream();
                var chunk = new byte[8192];
                int headerEnd;
                while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
                {
                    var read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.Write(chunk, 0, read);
                }

                var all = buffer.ToArray();
                var head = Encoding.ASCII.GetString(all, 0, headerEnd).Split("\r\n");
                var requestLine = head[0].Split(' ');
                var headers = head.Skip(1)
                    .Select(h => h.Split(':', 2))
                    .Where(h => h.Length == 2)
                    .ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
                var length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl, CultureInfo.InvariantCulture) : 0;
                var body = new MemoryStream();
                body.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
                while (body.Length < length)
                {
                    var read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    body.Write(chunk, 0, read);
                }

                var request = new TestRequest(
                    Interlocked.Increment(ref _count) - 1,
                    requestLine[0],
                    requestLine[1],
                    headers.GetValueOrDefault("Content-Type", ""),
                    Encoding.UTF8.GetString(body.ToArray()));
                _requests.Enqueue(request);
                var inFlight = Interlocked.Increment(ref _inFlight);
                InterlockedMax(ref _maxInFlight, inFlight);
                try
                {
                    var response = _handler(request);
                    if (response.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(response.Delay, _stop.Token);
                    }

                    var payload = response.RawBody ?? Encoding.UTF8.GetBytes(response.Body);
                    var text = new StringBuilder()
                        .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n")
                        .Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
                    if (!response.OmitContentLength)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {payload.Length}\r\n");
                    }

                    text.Append("Connection: close\r\n\r\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), _stop.Token);
                    await stream.WriteAsync(payload, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client gave up (timeout) or the server is stopping.
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static int IndexOfHeaderEnd(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
}
