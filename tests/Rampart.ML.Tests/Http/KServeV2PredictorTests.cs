using System.Text;
using System.Text.Json;
using Rampart.ML.Http;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Tests.ML.Http;

public sealed class KServeV2PredictorTests
{
    private static readonly FloatMatrix Three = Logistic.Matrix([0.5f, 0.5f], [1f, 0f], [0f, 1f]);

    private static KServeV2PredictorOptions Options(TestHttpServer server) => new()
    {
        BaseAddress = server.BaseAddress,
        ModelName = "logit",
        Timeout = TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    };

    private static async Task<PredictorException> PredictFailsAsync(KServeEmulator emulator, KServeV2PredictorOptions? options = null)
    {
        await using var server = new TestHttpServer(emulator.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(options is null ? Options(server) : options with { BaseAddress = server.BaseAddress });
        return await Assert.ThrowsAsync<PredictorException>(async () => await predictor.PredictAsync(Three, default));
    }

    [Fact]
    public async Task CreateAsync_LogisticModel_ChoosesProbabilityOutput()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        Assert.Equal(2, predictor.Info.FeatureCount);
        Assert.Equal(2, predictor.Info.OutputCount);
        Assert.Equal(PredictionKind.Classification, predictor.Info.Kind);
        Assert.Equal("probabilities", predictor.OutputName);
        Assert.Equal("float_input", predictor.InputName);
        Assert.Equal("FP32", predictor.InputDatatype);
        Assert.False(predictor.IsLabelOnly);
        Assert.Equal(new Uri(server.BaseAddress, "v2/models/logit"), predictor.ModelUrl);
        Assert.Contains("output 'probabilities'", predictor.Info.Source, StringComparison.Ordinal);
        Assert.Equal("/v2/models/logit", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task PredictAsync_LogisticModel_ReturnsExactProbabilities()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal(3, result.Rows);
        Assert.Equal(2, result.Columns);
        Assert.Equal(0.5f, result[0, 0]);
        Assert.Equal(0.5f, result[0, 1]);
        Assert.Equal((float)Logistic.Positive(1, 0), result[1, 1]);
        Assert.Equal(Logistic.Expected(Three), result.Data);
        Assert.Equal(1, server.Count("/infer"));
        Assert.Equal(3, predictor.Queries.Rows);

        var infer = server.Requests.Single(r => r.Path.EndsWith("/infer", StringComparison.Ordinal));
        Assert.Equal("/v2/models/logit/infer", infer.Path);
        Assert.StartsWith("application/json", infer.ContentType, StringComparison.Ordinal);
        Assert.Equal(
            """{"inputs":[{"name":"float_input","shape":[3,2],"datatype":"FP32","data":[0.5,0.5,1,0,0,1]}],"outputs":[{"name":"probabilities"}]}""",
            infer.Body);
    }

    [Fact]
    public async Task PredictAsync_NestedOutputData_ReadsRowMajor()
    {
        await using var server = new TestHttpServer(new KServeEmulator { Nested = true }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal(Logistic.Expected(Three), result.Data);
    }

    [Fact]
    public async Task PredictAsync_ModelVersion_UsesVersionedPaths()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { ModelVersion = "1" });
        await predictor.PredictAsync(Three, default);
        Assert.Equal(["/v2/models/logit/versions/1", "/v2/models/logit/versions/1/infer"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task PredictAsync_BigMatrix_SplitsIntoChunksInRowOrder()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { MaxBatchSize = 4 });
        var inputs = new FloatMatrix(10, 2);
        for (var i = 0; i < inputs.Data.Length; i++)
        {
            inputs.Data[i] = (i % 7) / 3f;
        }

        var result = await predictor.PredictAsync(inputs, default);
        Assert.Equal(Logistic.Expected(inputs), result.Data);
        Assert.Equal(3, server.Count("/infer"));
        var shapes = server.Requests.Where(r => r.Path.EndsWith("/infer", StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("inputs")[0].GetProperty("shape")[0].GetInt32())
            .Order();
        Assert.Equal([2, 4, 4], shapes);
        Assert.Equal(10, predictor.Queries.Rows);
        Assert.Equal(1, predictor.Queries.Calls);
    }

    [Fact]
    public async Task PredictAsync_ManyChunks_StaysWithinConcurrencyLimit()
    {
        await using var server = new TestHttpServer(new KServeEmulator
        {
            Infer = r => TestResponse.Json(KServeEmulator.Answer(r.Body, nested: false)) with { Delay = TimeSpan.FromMilliseconds(50) },
        }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { MaxBatchSize = 1, MaxConcurrency = 2 });
        var inputs = new FloatMatrix(8, 2);
        var result = await predictor.PredictAsync(inputs, default);
        Assert.Equal(Logistic.Expected(inputs), result.Data);
        Assert.Equal(8, server.Count("/infer"));
        Assert.InRange(server.MaxInFlight, 1, 2);
    }

    [Theory]
    [InlineData("FP64", "[0.5,0.5,1.600000023841858,-2.5]")]
    [InlineData("INT64", "[1,1,2,-3]")]
    [InlineData("BOOL", "[true,true,true,true]")]
    public async Task PredictAsync_InputDatatype_SendsTypedData(string datatype, string data)
    {
        var emulator = new KServeEmulator { MetadataBody = KServeEmulator.Metadata.Replace("\"FP32\",\"shape\":[-1,2]}],\n", $"\"{datatype}\",\"shape\":[-1,2]}}],\n", StringComparison.Ordinal) };
        Assert.Contains(datatype, emulator.MetadataBody, StringComparison.Ordinal);
        await using var server = new TestHttpServer(emulator.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        Assert.Equal(datatype, predictor.InputDatatype);
        await predictor.PredictAsync(Logistic.Matrix([0.5f, 0.5f], [1.6f, -2.5f]), default);
        var body = server.Requests.Single(r => r.Path.EndsWith("/infer", StringComparison.Ordinal)).Body;
        Assert.Contains($"\"datatype\":\"{datatype}\",\"data\":{data}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_LabelOnlyModel_ReportsLabelsOnlyAndReturnsIndices()
    {
        var emulator = new KServeEmulator
        {
            MetadataBody = """
                {"name":"logit","inputs":[{"name":"x","datatype":"FP32","shape":[-1,2]}],
                 "outputs":[{"name":"label","datatype":"INT64","shape":[-1]}]}
                """,
        };
        await using var server = new TestHttpServer(emulator.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        Assert.True(predictor.IsLabelOnly);
        Assert.Equal("label", predictor.OutputName);
        Assert.Equal(1, predictor.Info.OutputCount);
        Assert.Equal(PredictionKind.Classification, predictor.Info.Kind);
        Assert.Contains("labels only", predictor.Info.Source, StringComparison.Ordinal);
        var result = await predictor.PredictAsync(Logistic.Matrix([1f, 0f], [0f, 1f]), default);
        Assert.Equal([1f, 0f], result.Data);
    }

    [Fact]
    public async Task CreateAsync_OutputNameOption_ReadsThatOutput()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { OutputName = "label" });
        Assert.True(predictor.IsLabelOnly);
        var result = await predictor.PredictAsync(Logistic.Matrix([1f, 0f]), default);
        Assert.Equal([1f], result.Data);
    }

    [Theory]
    [InlineData(
        """{"name":"m","inputs":[{"name":"a","datatype":"FP32","shape":[-1,2]},{"name":"b","datatype":"FP32","shape":[-1,2]}],"outputs":[{"name":"p","datatype":"FP32","shape":[-1,2]}]}""",
        "the model has 2 inputs ('a', 'b')")]
    [InlineData(
        """{"name":"m","inputs":[{"name":"img","datatype":"FP32","shape":[-1,2,2]}],"outputs":[{"name":"p","datatype":"FP32","shape":[-1,2]}]}""",
        "input 'img' has shape [-1, 2, 2]; Rampart needs a 2-D [rows, features] input")]
    [InlineData(
        """{"name":"m","inputs":[{"name":"t","datatype":"BYTES","shape":[-1,2]}],"outputs":[{"name":"p","datatype":"FP32","shape":[-1,2]}]}""",
        "input 't' has datatype BYTES")]
    [InlineData(
        """{"name":"m","inputs":[{"name":"x","datatype":"FP32","shape":[-1,3]}],"outputs":[{"name":"p","datatype":"FP32","shape":[-1,2]}]}""",
        "input 'x' takes 3 features, but FeatureCount is 2")]
    [InlineData(
        """{"name":"m","inputs":[{"name":"x","datatype":"FP32","shape":[-1,2]}],"outputs":[{"name":"a","datatype":"FP32","shape":[-1,2]},{"name":"b","datatype":"FP32","shape":[-1,2]}]}""",
        "several floating-point [N, C] outputs ('a', 'b')")]
    [InlineData(
        """{"name":"m","inputs":[{"name":"x","datatype":"FP32","shape":[-1,2]}],"outputs":[{"name":"p","datatype":"FP32","shape":[-1,-1]}]}""",
        "output 'p' has a variable column dimension [-1, -1]; set OutputCount or ClassLabels")]
    [InlineData(
        """{"model_version_status":[{"version":"1","state":"AVAILABLE"}]}""",
        "has no 'inputs' and 'outputs' lists (it looks like TensorFlow Serving's v1 API)")]
    public async Task CreateAsync_UnusableMetadata_ThrowsNamingTheProblem(string metadata, string expected)
    {
        await using var server = new TestHttpServer(new KServeEmulator { MetadataBody = metadata }.Handle);
        var ex = await Assert.ThrowsAsync<PredictorException>(() => KServeV2Predictor.CreateAsync(Options(server) with { FeatureCount = 2 }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("KServe v2 model 'logit'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_ManyMetadataProblems_ListsThemAll()
    {
        const string metadata = """{"inputs":[{"name":"x","datatype":"STRING","shape":[-1,2,3]}],"outputs":[{"name":"p","datatype":"BYTES","shape":[-1,2]}]}""";
        await using var server = new TestHttpServer(new KServeEmulator { MetadataBody = metadata }.Handle);
        var ex = await Assert.ThrowsAsync<PredictorException>(() => KServeV2Predictor.CreateAsync(Options(server) with { OutputName = "p" }));
        Assert.Contains("input 'x' has datatype STRING", ex.Message, StringComparison.Ordinal);
        Assert.Contains("input 'x' has shape [-1, 2, 3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("output 'p' has datatype BYTES", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_UnknownModel_SurfacesServerError()
    {
        await using var server = new TestHttpServer(_ => TestResponse.Json("""{"error":"Model logit not found"}""", 404));
        var ex = await Assert.ThrowsAsync<PredictorException>(() => KServeV2Predictor.CreateAsync(Options(server)));
        Assert.Contains("answered HTTP 404 (Not Found): Model logit not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains(server.BaseAddress + "v2/models/logit", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CreateAsync_InvalidOptions_ListsEveryProblem()
    {
        var options = new KServeV2PredictorOptions
        {
            BaseAddress = new Uri("ftp://example.org/"),
            Timeout = TimeSpan.Zero,
            MaxRetries = -1,
            RetryStatusCodes = [400, 503],
            MaxBatchSize = 0,
            MaxConcurrency = 0,
        };
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => KServeV2Predictor.CreateAsync(options));
        Assert.StartsWith("Invalid KServe v2 predictor options (7 problems):", ex.Message, StringComparison.Ordinal);
        foreach (var field in new[] { "BaseAddress", "Timeout", "MaxRetries", "RetryStatusCodes", "MaxBatchSize", "MaxConcurrency", "ModelName" })
        {
            Assert.Contains($"\n- {field}: ", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PredictAsync_500Then200WithRetryOn500_Succeeds()
    {
        var attempts = 0;
        var emulator = new KServeEmulator
        {
            Infer = _ => Interlocked.Increment(ref attempts) == 1 ? TestResponse.Json("""{"error":"worker restarted"}""", 500) : null,
        };
        await using var server = new TestHttpServer(emulator.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { RetryStatusCodes = [500, 502, 503, 504] });
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal(Logistic.Expected(Three), result.Data);
        Assert.Equal(2, server.Count("/infer"));
        Assert.Equal(3, predictor.Queries.Rows);
    }

    [Fact]
    public async Task PredictAsync_500ByDefault_IsNotRetried()
    {
        await using var server = new TestHttpServer(new KServeEmulator { Infer = _ => TestResponse.Json("""{"error":"model raised ValueError"}""", 500) }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        var ex = await Assert.ThrowsAsync<PredictorException>(async () => await predictor.PredictAsync(Three, default));
        Assert.Contains("answered HTTP 500 (Internal Server Error): model raised ValueError", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("/infer"));
    }

    [Fact]
    public async Task PredictAsync_503Forever_FailsAfterBoundedAttempts()
    {
        await using var server = new TestHttpServer(new KServeEmulator { Infer = _ => TestResponse.Json("""{"error":"overloaded"}""", 503) }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { MaxRetries = 2 });
        var ex = await Assert.ThrowsAsync<PredictorException>(async () => await predictor.PredictAsync(Three, default));
        Assert.Contains(
            $"POST {server.BaseAddress}v2/models/logit/infer failed after 3 attempts; last answer HTTP 503 (Service Unavailable): overloaded",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Equal(3, server.Count("/infer"));
    }

    [Fact]
    public async Task PredictAsync_400WithError_SurfacesMessageWithoutRetry()
    {
        await using var server = new TestHttpServer(new KServeEmulator
        {
            Infer = _ => TestResponse.Json("""{"error":"unexpected shape for input 'float_input' for model 'logit'. Expected [-1,2], got [3,2,1]"}""", 400),
        }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        var ex = await Assert.ThrowsAsync<PredictorException>(async () => await predictor.PredictAsync(Three, default));
        Assert.Equal(
            $"KServe v2 model 'logit': POST {server.BaseAddress}v2/models/logit/infer answered HTTP 400 (Bad Request): unexpected shape for input 'float_input' for model 'logit'. Expected [-1,2], got [3,2,1]",
            ex.Message);
        Assert.Equal(1, server.Count("/infer"));
    }

    [Fact]
    public async Task PredictAsync_SlowServer_TimesOutAfterEachAttempt()
    {
        await using var server = new TestHttpServer(new KServeEmulator
        {
            Infer = r => TestResponse.Json(KServeEmulator.Answer(r.Body, nested: false)) with { Delay = TimeSpan.FromSeconds(30) },
        }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { Timeout = TimeSpan.FromMilliseconds(200), MaxRetries = 1 });
        var ex = await Assert.ThrowsAsync<PredictorException>(async () => await predictor.PredictAsync(Three, default));
        Assert.Contains("failed after 2 attempts; last error: no answer within the 0.2 s timeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Count("/infer"));
    }

    [Fact]
    public async Task PredictAsync_CallerCancels_ThrowsOperationCanceledWithoutRetry()
    {
        using var cancel = new CancellationTokenSource();
        await using var server = new TestHttpServer(new KServeEmulator
        {
            Infer = r =>
            {
                cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
                return TestResponse.Json(KServeEmulator.Answer(r.Body, nested: false)) with { Delay = TimeSpan.FromSeconds(30) };
            },
        }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await predictor.PredictAsync(Three, cancel.Token));
        Assert.Equal(1, server.Count("/infer"));
    }

    [Fact]
    public async Task CreateAsync_NothingListening_RetriesThenReportsConnectionFailure()
    {
        Uri address;
        await using (var closed = new TestHttpServer(_ => new TestResponse()))
        {
            address = closed.BaseAddress;
        }

        var options = new KServeV2PredictorOptions
        {
            BaseAddress = address,
            ModelName = "logit",
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(1),
        };
        var ex = await Assert.ThrowsAsync<PredictorException>(() => KServeV2Predictor.CreateAsync(options));
        Assert.Contains($"GET {address}v2/models/logit failed after 2 attempts; last error: connection failed:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_HtmlBody_SaysItIsHtml()
    {
        var ex = await PredictFailsAsync(new KServeEmulator
        {
            Infer = _ => new TestResponse { ContentType = "text/html; charset=utf-8", Body = "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head></html>" },
        });
        Assert.Contains("answered HTTP 200 with an HTML page titled \"Welcome to nginx!\" (text/html), not a KServe v2 infer response; check the URL and the protocol", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_TruncatedJson_SaysNotValidJson()
    {
        var ex = await PredictFailsAsync(new KServeEmulator
        {
            Infer = r => TestResponse.Json(KServeEmulator.Answer(r.Body, nested: false)[..60]),
        });
        Assert.Contains("is not valid JSON (truncated or malformed)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_BareNaN_ReadsNaNByDefault()
    {
        await using var server = new TestHttpServer(new KServeEmulator
        {
            Infer = _ => TestResponse.Json("""{"outputs":[{"name":"probabilities","datatype":"FP32","shape":[3,2],"data":[NaN,Infinity,-Infinity,0.25,0.5,0.5]}]}"""),
        }.Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0.25f, 0.5f, 0.5f], result.Data);
    }

    [Fact]
    public async Task PredictAsync_BareNaNWithReject_Refuses()
    {
        var ex = await PredictFailsAsync(
            new KServeEmulator
            {
                Infer = _ => TestResponse.Json("""{"outputs":[{"name":"probabilities","datatype":"FP32","shape":[3,2],"data":[0.5,0.5,0.25,NaN,0.5,0.5]}]}"""),
            },
            new KServeV2PredictorOptions { ModelName = "logit", NonFiniteValues = NonFiniteValueHandling.Reject });
        Assert.Contains("output 'probabilities' data, value #3 holds the non-finite value NaN, and NonFiniteValues is Reject", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"outputs":[{"name":"probabilities","datatype":"FP32","shape":[3,3],"data":[1,2,3,4,5,6,7,8,9]}]}""", "output 'probabilities' has 3 columns (shape [3, 3]), expected 2")]
    [InlineData("""{"outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,2],"data":[1,2,3,4]}]}""", "output 'probabilities' has 2 rows (shape [2, 2]) for the 3 rows sent")]
    [InlineData("""{"outputs":[{"name":"probabilities","datatype":"FP32","shape":[3,2],"data":[1,2,3,4,5]}]}""", "output 'probabilities' holds 5 values but its shape [3, 2] needs 6")]
    [InlineData("""{"outputs":[{"name":"label","datatype":"INT64","shape":[3],"data":[1,0,1]}]}""", "output 'probabilities' is missing (outputs: 'label')")]
    [InlineData("""{"outputs":[{"name":"probabilities","datatype":"FP32","shape":[3,2],"data":[0.1,"high",3,4,5,6]}]}""", "value #1 holds the string \"high\", not a number")]
    [InlineData("""{"outputs":[{"name":"probabilities","datatype":"BYTES","shape":[3,2],"data":["a","b","c","d","e","f"]}]}""", "output 'probabilities' has datatype BYTES, not a numeric one")]
    [InlineData("""{"outputs":[{"name":"probabilities","datatype":"FP32","shape":[3,2],"data":[0.1,null,3,4,5,6]}]}""", "value #1 holds null, not a number")]
    [InlineData("""{"predictions":[[0.5,0.5],[0.1,0.9],[0.9,0.1]]}""", "the body holds 'predictions', the TensorFlow Serving / KServe v1 shape, not KServe v2 'outputs'")]
    [InlineData("""{"error":"inference failed"}""", "the server reported an error: inference failed")]
    [InlineData("""[1,2,3]""", "the body is an array, not a KServe v2 infer response object")]
    [InlineData("""{"model_name":"logit"}""", "the body has no 'outputs' array; it is not a KServe v2 infer response")]
    public async Task PredictAsync_UnusableResponse_ThrowsNamingTheProblem(string body, string expected)
    {
        var ex = await PredictFailsAsync(new KServeEmulator { Infer = _ => TestResponse.Json(body) });
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("/v2/models/logit/infer is unusable: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PredictAsync_HugeBody_StopsAtTheLimit(bool omitContentLength)
    {
        var huge = "{\"outputs\":[{\"name\":\"probabilities\",\"data\":[" + string.Join(',', Enumerable.Repeat("0.5", 20_000)) + "]}]}";
        var ex = await PredictFailsAsync(
            new KServeEmulator { Infer = _ => TestResponse.Json(huge) with { OmitContentLength = omitContentLength } },
            new KServeV2PredictorOptions { ModelName = "logit", MaxResponseBytes = 4096 });
        Assert.Contains("is larger than the 4096-byte limit (MaxResponseBytes)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(omitContentLength ? "more than 4096 bytes arrived" : $"it declares {Encoding.UTF8.GetByteCount(huge)} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_DeeplyNestedBody_StopsAtTheDepthLimit()
    {
        var deep = "{\"outputs\":[{\"name\":\"probabilities\",\"data\":" + new string('[', 100) + new string(']', 100) + "}]}";
        var ex = await PredictFailsAsync(new KServeEmulator { Infer = _ => TestResponse.Json(deep) });
        Assert.Contains("(MaxJsonDepth is 64)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_PastBudget_ThrowsBeforeSending()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server) with { QueryBudget = 4 });
        await predictor.PredictAsync(Three, default);
        var ex = await Assert.ThrowsAsync<QueryBudgetExceededException>(async () => await predictor.PredictAsync(Three, default));
        Assert.Contains("The query budget of 4 rows would be exceeded: 3 used, 3 more requested.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("/infer"));
        Assert.Equal(3, predictor.Queries.Rows);
    }

    [Fact]
    public async Task PredictAsync_WrongFeatureCountOrNonFiniteInput_ThrowsArgumentWithoutCharging()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        var wide = await Assert.ThrowsAsync<ArgumentException>(async () => await predictor.PredictAsync(new FloatMatrix(1, 3), default));
        Assert.Contains("The model takes 2 features per row; the batch has 3.", wide.Message, StringComparison.Ordinal);
        var nan = await Assert.ThrowsAsync<ArgumentException>(async () => await predictor.PredictAsync(Logistic.Matrix([1f, 0f], [0f, float.NaN]), default));
        Assert.Contains("Row 1, feature 1 is NaN", nan.Message, StringComparison.Ordinal);
        Assert.Equal(0, predictor.Queries.Rows);
        Assert.Equal(0, server.Count("/infer"));
    }

    [Fact]
    public async Task PredictAsync_NoRows_ReturnsEmptyWithoutSending()
    {
        await using var server = new TestHttpServer(new KServeEmulator().Handle);
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        var result = await predictor.PredictAsync(new FloatMatrix(0, 2), default);
        Assert.Equal((0, 2), (result.Rows, result.Columns));
        Assert.Equal(0, server.Count("/infer"));
    }

    [Fact]
    public async Task IsReadyAsync_ReadyAndNotReady_FollowsStatusCode()
    {
        var ready = true;
        var emulator = new KServeEmulator();
        await using var server = new TestHttpServer(r =>
            r.Path.EndsWith("/ready", StringComparison.Ordinal) && !Volatile.Read(ref ready) ? new TestResponse { Status = 503 } : emulator.Handle(r));
        using var predictor = await KServeV2Predictor.CreateAsync(Options(server));
        Assert.True(await predictor.IsReadyAsync(default));
        Volatile.Write(ref ready, false);
        Assert.False(await predictor.IsReadyAsync(default));
        Assert.Equal(0, predictor.Queries.Calls);
    }
}
