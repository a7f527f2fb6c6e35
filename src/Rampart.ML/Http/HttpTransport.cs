using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Rampart.ML.Predictors;

namespace Rampart.ML.Http;

/// <summary>
/// The HTTP side of a predictor: one attempt at a time under a concurrency limit, each with its own timeout,
/// transient failures retried with jittered exponential backoff, bodies read up to a size limit.
/// </summary>
internal sealed class HttpTransport : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly HttpPredictorOptions _options;
    private readonly SemaphoreSlim _gate;
    private readonly Random _jitter;
    private readonly Lock _jitterLock = new();
    private readonly string _who;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="client">A client to use (not disposed here), or <c>null</c> to own one.</param>
    /// <param name="who">Names the model in messages, for example <c>KServe v2 model 'iris'</c>.</param>
    public HttpTransport(HttpPredictorOptions options, HttpClient? client, string who)
    {
        _options = options;
        _who = who;
        _ownsClient = client is null;
        _client = client ?? new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.Timeout,
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _gate = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _jitter = new Random(options.JitterSeed);
    }

    /// <summary>Names the model in messages.</summary>
    public string Who => _who;

    /// <summary>Sends a request and returns its 2xx answer.</summary>
    /// <param name="method">GET or POST.</param>
    /// <param name="url">The absolute URL.</param>
    /// <param name="jsonBody">A JSON body to POST, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="PredictorException">When the server cannot be reached, answers non-2xx, or sends too much.</exception>
    public async Task<HttpReply> SendAsync(HttpMethod method, Uri url, byte[]? jsonBody, CancellationToken cancellationToken)
    {
        var attempts = _options.MaxRetries + 1;
        var lastError = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(Backoff(attempt - 1), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var timeout = new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                using var request = new HttpRequestMessage(method, url);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (jsonBody is not null)
                {
                    request.Content = new ByteArrayContent(jsonBody);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var body = await ReadBodyAsync(response, method, url, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (status is >= 200 and <= 299)
                {
                    return new HttpReply(url, status, mediaType, body);
                }

                var described = $"HTTP {status} ({Reason(response)}): {ServerMessage.Extract(body, mediaType)}";
                if (!_options.RetryStatusCodes.Contains(status) || attempt == attempts)
                {
                    throw new PredictorException(attempt == 1
                        ? $"{_who}: {method} {url} answered {described}"
                        : $"{_who}: {method} {url} failed after {attempt} attempts; last answer {described}");
                }

                lastError = "answer " + described;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = $"no answer within the {HttpPredictorOptions.Format(_options.Timeout)} timeout";
            }
            catch (HttpRequestException ex)
            {
                lastError = "connection failed: " + ex.Message;
            }
            catch (IOException ex)
            {
                lastError = "connection broke while reading the answer: " + ex.Message;
            }
            finally
            {
                _gate.Release();
            }
        }

        throw new PredictorException(attempts == 1
            ? $"{_who}: {method} {url} failed: {lastError}"
            : $"{_who}: {method} {url} failed after {attempts} attempts; last error: {lastError}");
    }

    /// <summary>Asks a health URL: true for 2xx, false for any other status, connection failure or timeout. Never retried, never counted.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the server answered 2xx.</returns>
    public async Task<bool> ProbeAsync(Uri url, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }

        _gate.Dispose();
    }

    /// <summary>The delay before retry <paramref name="retry"/> (1-based): base x 2^(retry-1), capped, then scaled by a random 50–100 %.</summary>
    /// <param name="retry">The retry number.</param>
    /// <returns>The delay.</returns>
    internal TimeSpan Backoff(int retry)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        double factor;
        lock (_jitterLock)
        {
            factor = 0.5 + (0.5 * _jitter.NextDouble());
        }

        return TimeSpan.FromMilliseconds(capped * factor);
    }

    private static string Reason(HttpResponseMessage response) =>
        string.IsNullOrEmpty(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, HttpMethod method, Uri url, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
        {
            throw TooLarge(method, url, $"it declares {declared.Value.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream((int)Math.Min(declared ?? 16 * 1024, limit));
            var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        throw TooLarge(method, url, $"more than {limit.ToString(CultureInfo.InvariantCulture)} bytes arrived");
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.ToArray();
        }
    }

    private PredictorException TooLarge(HttpMethod method, Uri url, string detail) =>
        new($"{_who}: the answer to {method} {url} is larger than the {_options.MaxResponseBytes.ToString(CultureInfo.InvariantCulture)}-byte limit (MaxResponseBytes): {detail}.");
}
