using System.Collections.Immutable;
using System.Globalization;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Http;

/// <summary>
/// A model served by the MLflow scoring server (<c>mlflow models serve</c>): rows go to <c>POST /invocations</c> as a
/// <c>dataframe_split</c>, scores come back as <c>{"predictions": ...}</c> and are read by the rule documented on
/// <see cref="PredictAsync"/>. Thread-safe; dispose it to release its HTTP client.
/// </summary>
public sealed class MlflowPredictor : IPredictor, IDisposable
{
    private readonly HttpTransport _transport;
    private readonly MlflowPredictorOptions _options;
    private readonly ImmutableArray<string> _columns;
    private readonly Uri _invocationsUrl;
    private readonly Uri _pingUrl;

    /// <summary>Builds the predictor; nothing is sent until the first call.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">A client to use (kept open on dispose), or <c>null</c> for one owned by the predictor.</param>
    /// <exception cref="ArgumentException">When the options are invalid; the message lists every problem.</exception>
    public MlflowPredictor(MlflowPredictorOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid("MLflow predictor");
        _options = options;
        var root = options.BaseAddress!.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _invocationsUrl = new Uri(root + "/invocations");
        _pingUrl = new Uri(root + "/ping");
        var features = options.FeatureNames.IsDefaultOrEmpty ? options.FeatureCount!.Value : options.FeatureNames.Length;
        _columns = options.FeatureNames.IsDefaultOrEmpty
            ? [.. Enumerable.Range(0, features).Select(i => i.ToString(CultureInfo.InvariantCulture))]
            : options.FeatureNames;
        var outputs = options.OutputCount ?? options.ClassLabels.Length;
        Info = new PredictorInfo
        {
            FeatureCount = features,
            FeatureNames = options.FeatureNames.IsDefault ? [] : options.FeatureNames,
            Kind = options.Kind,
            ClassLabels = options.ClassLabels.IsDefault ? [] : options.ClassLabels,
            OutputCount = outputs,
            Source = $"mlflow {_invocationsUrl}",
        };
        Queries = new QueryCounter(options.QueryBudget);
        _transport = new HttpTransport(options, httpClient, $"MLflow model at {root}");
    }

    /// <inheritdoc/>
    public PredictorInfo Info { get; }

    /// <inheritdoc/>
    public QueryCounter Queries { get; }

    /// <summary>The column names sent: the feature names, or "0", "1", ... without them.</summary>
    public ImmutableArray<string> Columns => _columns;

    /// <inheritdoc/>
    /// <remarks>
    /// <para>Rows are charged to <see cref="Queries"/> before anything is sent (retries are not charged again), then sent in
    /// chunks of at most <see cref="HttpPredictorOptions.MaxBatchSize"/> rows.</para>
    /// <para>Reading rule: <c>predictions</c> (or, from MLflow 1.x, the bare body) must be a list with one entry per row.
    /// An entry that is a number is one column; a list (nested lists are flattened) is the row; a record is read
    /// through <see cref="MlflowPredictorOptions.OutputKey"/>, else its <c>probabilities</c> or <c>probability</c>
    /// key, else its values under the class labels, else all its values in order. Each row must give exactly
    /// <see cref="PredictorInfo.OutputCount"/> numbers.</para>
    /// </remarks>
    public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken) =>
        ChunkedPrediction.RunAsync(inputs, Info, Queries, _options.MaxBatchSize, _options.MaxConcurrency, (start, count, into, token) =>
            PredictChunkAsync(inputs, start, count, into, token), cancellationToken);

    /// <summary>Asks <c>GET /ping</c>: <c>true</c> for a 2xx status, <c>false</c> otherwise or when unreachable. Not counted as a query.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the server is healthy.</returns>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => _transport.ProbeAsync(_pingUrl, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _transport.Dispose();

    private async Task PredictChunkAsync(FloatMatrix inputs, int start, int count, Memory<float> into, CancellationToken cancellationToken)
    {
        var body = MlflowCodec.WriteRequest(_columns, inputs, start, count);
        var reply = await _transport.SendAsync(HttpMethod.Post, _invocationsUrl, body, cancellationToken).ConfigureAwait(false);
        using var document = ResponseJson.Parse(reply, _transport.Who, _options, "an MLflow {\"predictions\": ...} response");
        MlflowCodec.ReadResponse(
            document.RootElement,
            count,
            Info.OutputCount,
            Info.ClassLabels,
            _options.OutputKey,
            into.Span,
            new ValueReader(_transport.Who, _invocationsUrl, _options.NonFiniteValues));
    }
}
