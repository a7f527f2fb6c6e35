using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Http;

/// <summary>
/// A model served over the KServe / Open Inference Protocol v2 REST API (KServe, Triton, MLServer, ...). Built from
/// the model metadata (<c>GET v2/models/{name}[/versions/{v}]</c>), it sends one [rows, features] tensor to
/// <c>POST .../infer</c> and reads one output, chosen as <see cref="KServeV2PredictorOptions.OutputName"/> documents.
/// Thread-safe; dispose it to release its HTTP client.
/// </summary>
public sealed class KServeV2Predictor : IPredictor, IDisposable
{
    private readonly HttpTransport _transport;
    private readonly KServeV2Plan _plan;
    private readonly KServeV2PredictorOptions _options;
    private readonly Uri _inferUrl;
    private readonly Uri _readyUrl;

    private KServeV2Predictor(KServeV2PredictorOptions options, HttpTransport transport, KServeV2Plan plan, Uri modelUrl)
    {
        _options = options;
        _transport = transport;
        _plan = plan;
        ModelUrl = modelUrl;
        _inferUrl = new Uri(modelUrl + "/infer");
        _readyUrl = new Uri(modelUrl + "/ready");
        Queries = new QueryCounter(options.QueryBudget);
    }

    /// <inheritdoc/>
    public PredictorInfo Info => _plan.Info;

    /// <inheritdoc/>
    public QueryCounter Queries { get; }

    /// <summary>The model's URL, <c>{base}/v2/models/{name}[/versions/{v}]</c>.</summary>
    public Uri ModelUrl { get; }

    /// <summary>The input tensor's name, from the metadata.</summary>
    public string InputName => _plan.InputName;

    /// <summary>The datatype sent: FP32, FP64, INT64 (features rounded half away from zero) or BOOL (non-zero is true).</summary>
    public string InputDatatype => _plan.InputDatatype;

    /// <summary>The output read.</summary>
    public string OutputName => _plan.OutputName;

    /// <summary>
    /// <c>true</c> when the output holds predicted class indices (an integer or boolean [N] or [N, 1] output): predictions
    /// then have one column, the class index, and <see cref="PredictorInfo.Source"/> says "labels only".
    /// </summary>
    public bool IsLabelOnly => _plan.LabelOnly;

    /// <summary>Reads the model metadata and builds the predictor.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">A client to use (kept open on dispose), or <c>null</c> for one owned by the predictor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The predictor.</returns>
    /// <exception cref="ArgumentException">When the options are invalid; the message lists every problem.</exception>
    /// <exception cref="PredictorException">When the metadata cannot be read, or the model has no usable input or output.</exception>
    public static async Task<KServeV2Predictor> CreateAsync(
        KServeV2PredictorOptions options, HttpClient? httpClient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid("KServe v2 predictor");
        var modelUrl = ModelUrlOf(options);
        var who = $"KServe v2 model '{options.ModelName}'";
        var transport = new HttpTransport(options, httpClient, who);
        try
        {
            var reply = await transport.SendAsync(HttpMethod.Get, modelUrl, null, cancellationToken).ConfigureAwait(false);
            using var document = ResponseJson.Parse(reply, who, options, "KServe v2 model metadata");
            var plan = KServeV2Metadata.Plan(document.RootElement, options, who, modelUrl, modelUrl.ToString());
            return new KServeV2Predictor(options, transport, plan, modelUrl);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Rows are charged to <see cref="Queries"/> before anything is sent (retries are not charged again), then sent in
    /// chunks of at most <see cref="HttpPredictorOptions.MaxBatchSize"/> rows. Non-finite features throw
    /// <see cref="ArgumentException"/>, as does a column count other than <see cref="PredictorInfo.FeatureCount"/>.
    /// </remarks>
    public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken) =>
        ChunkedPrediction.RunAsync(inputs, Info, Queries, _plan.MaxRows, _options.MaxConcurrency, (start, count, into, token) =>
            PredictChunkAsync(inputs, start, count, into, token), cancellationToken);

    /// <summary>Asks <c>GET .../ready</c>: <c>true</c> for a 2xx status, <c>false</c> otherwise or when unreachable. Not counted as a query.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the model is ready.</returns>
    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => _transport.ProbeAsync(_readyUrl, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _transport.Dispose();

    private static Uri ModelUrlOf(KServeV2PredictorOptions options)
    {
        var root = options.BaseAddress!.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var url = $"{root}/v2/models/{Uri.EscapeDataString(options.ModelName!)}";
        if (options.ModelVersion is { } version)
        {
            url += "/versions/" + Uri.EscapeDataString(version);
        }

        return new Uri(url);
    }

    private async Task PredictChunkAsync(FloatMatrix inputs, int start, int count, Memory<float> into, CancellationToken cancellationToken)
    {
        var body = KServeV2Codec.WriteRequest(_plan, inputs, start, count);
        var reply = await _transport.SendAsync(HttpMethod.Post, _inferUrl, body, cancellationToken).ConfigureAwait(false);
        using var document = ResponseJson.Parse(reply, _transport.Who, _options, "a KServe v2 infer response");
        KServeV2Codec.ReadResponse(
            document.RootElement, _plan, count, into.Span, new ValueReader(_transport.Who, _inferUrl, _options.NonFiniteValues));
    }
}
