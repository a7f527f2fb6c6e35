using Rampart.ML.Http;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Tests.ML.Http;

public sealed class MlflowPredictorTests
{
    private static readonly FloatMatrix Three = Logistic.Matrix([0.5f, 0.5f], [1f, 0f], [0f, 1f]);

    private static MlflowPredictorOptions Options(TestHttpServer server) => new()
    {
        BaseAddress = server.BaseAddress,
        FeatureNames = ["x0", "x1"],
        OutputCount = 2,
        Timeout = TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    };

    private static async Task<PredictorException> PredictFailsAsync(Func<TestRequest, TestResponse?> invocations, MlflowPredictorOptions? options = null)
    {
        await using var server = new TestHttpServer(new MlflowEmulator { Invocations = invocations }.Handle);
        using var predictor = new MlflowPredictor((options ?? Options(server)) with { BaseAddress = server.BaseAddress });
        return await Assert.ThrowsAsync<PredictorException>(async () => await predictor.PredictAsync(Three, default));
    }

    [Theory]
    [InlineData(MlflowShape.ListOfLists)]
    [InlineData(MlflowShape.IndexRecords)]
    [InlineData(MlflowShape.ProbabilityRecords)]
    public async Task PredictAsync_PredictionShapes_ReturnExactProbabilities(MlflowShape shape)
    {
        await using var server = new TestHttpServer(new MlflowEmulator { Shape = shape }.Handle);
        using var predictor = new MlflowPredictor(Options(server));
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal([0.5f, 0.5f], result.Row(0).ToArray());
        Assert.Equal(Logistic.Expected(Three), result.Data);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/invocations"), (request.Method, request.Path));
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("""{"dataframe_split":{"columns":["x0","x1"],"data":[[0.5,0.5],[1,0],[0,1]]}}""", request.Body);
    }

    [Fact]
    public async Task PredictAsync_IndexRecordsWithClassLabels_ReadsByLabel()
    {
        await using var server = new TestHttpServer(new MlflowEmulator
        {
            Invocations = _ => TestResponse.Json("""{"predictions":[{"1":0.75,"0":0.25},{"0":0.5,"1":0.5},{"1":1,"0":0}]}"""),
        }.Handle);
        using var predictor = new MlflowPredictor(Options(server) with { OutputCount = null, ClassLabels = ["0", "1"] });
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal([0.25f, 0.75f, 0.5f, 0.5f, 0f, 1f], result.Data);
        Assert.Equal(["0", "1"], predictor.Info.ClassLabels.AsEnumerable());
    }

    [Fact]
    public async Task PredictAsync_OutputKey_ReadsThatKey()
    {
        await using var server = new TestHttpServer(new MlflowEmulator
        {
            Invocations = _ => TestResponse.Json("""{"predictions":[{"scores":[0.25,0.75],"label":1},{"scores":[0.5,0.5],"label":0},{"scores":[1,0],"label":0}]}"""),
        }.Handle);
        using var predictor = new MlflowPredictor(Options(server) with { OutputKey = "scores" });
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal([0.25f, 0.75f, 0.5f, 0.5f, 1f, 0f], result.Data);
    }

    [Fact]
    public async Task PredictAsync_FlatListWithOneOutput_ReadsOneColumn()
    {
        await using var server = new TestHttpServer(new MlflowEmulator { Shape = MlflowShape.PositiveOnly }.Handle);
        using var predictor = new MlflowPredictor(Options(server) with { OutputCount = 1, Kind = PredictionKind.Regression });
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal((3, 1), (result.Rows, result.Columns));
        Assert.Equal([0.5f, (float)Logistic.Positive(1, 0), (float)Logistic.Positive(0, 1)], result.Data);
    }

    [Fact]
    public async Task PredictAsync_Mlflow1BareList_IsAccepted()
    {
        await using var server = new TestHttpServer(new MlflowEmulator { Invocations = _ => TestResponse.Json("[[0.5,0.5],[0.25,0.75],[1,0]]") }.Handle);
        using var predictor = new MlflowPredictor(Options(server));
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal([0.5f, 0.5f, 0.25f, 0.75f, 1f, 0f], result.Data);
    }

    [Fact]
    public async Task PredictAsync_GeneratedColumnNames_WhenNoFeatureNames()
    {
        await using var server = new TestHttpServer(new MlflowEmulator().Handle);
        using var predictor = new MlflowPredictor(Options(server) with { FeatureNames = [], FeatureCount = 2 });
        await predictor.PredictAsync(Three, default);
        Assert.Equal(["0", "1"], predictor.Columns.AsEnumerable());
        Assert.StartsWith("""{"dataframe_split":{"columns":["0","1"],""", Assert.Single(server.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_BigMatrix_SplitsIntoChunks()
    {
        await using var server = new TestHttpServer(new MlflowEmulator().Handle);
        using var predictor = new MlflowPredictor(Options(server) with { MaxBatchSize = 3 });
        var inputs = new FloatMatrix(7, 2);
        for (var i = 0; i < inputs.Data.Length; i++)
        {
            inputs.Data[i] = i / 4f;
        }

        var result = await predictor.PredictAsync(inputs, default);
        Assert.Equal(Logistic.Expected(inputs), result.Data);
        Assert.Equal(3, server.Count("/invocations"));
        Assert.Equal(7, predictor.Queries.Rows);
    }

    [Theory]
    [InlineData("""{"predictions":[1,0,1]}""", "predictions[0] is a single value but the model has 2 output columns; a flat list usually means the model returns class labels")]
    [InlineData("""{"predictions":["setosa","virginica","setosa"]}""", "predictions[0] is a single value but the model has 2 output columns")]
    [InlineData("""{"predictions":[[0.5,0.5],[0.5,0.5]]}""", "'predictions' holds 2 entries for the 3 rows sent")]
    [InlineData("""{"predictions":[[0.5,0.5],[0.5,0.5,0.1],[1,0]]}""", "predictions[1] has 3 values, expected 2")]
    [InlineData("""{"predictions":[{"0":0.5},{"0":0.5},{"0":0.5}]}""", "predictions[0] has 1 values (keys: '0'), expected 2")]
    [InlineData("""{"predictions":[["a","b"],[1,0],[1,0]]}""", "predictions[0], value #0 holds the string \"a\", not a number")]
    [InlineData("""{"predictions":{"0":[0.5,0.5,0.5]}}""", "'predictions' is an object, not a list with one entry per row")]
    [InlineData("""{"outputs":[[0.5,0.5]]}""", "the body holds 'outputs' (KServe v2 or TF Serving columnar shape), not MLflow 'predictions'")]
    [InlineData("""{"result":[1]}""", "the body has no 'predictions'; it is not an MLflow scoring response")]
    [InlineData("""{"error_code":"INTERNAL_ERROR","message":"boom"}""", "the server reported an error: INTERNAL_ERROR: boom")]
    public async Task PredictAsync_UnusableResponse_ThrowsNamingTheProblem(string body, string expected)
    {
        var ex = await PredictFailsAsync(_ => TestResponse.Json(body));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("MLflow model at http://127.0.0.1:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_LabelStringsWithOneOutput_SaysClassNamesAreNotScores()
    {
        var ex = await PredictFailsAsync(_ => TestResponse.Json("""{"predictions":["setosa","virginica","setosa"]}"""), new MlflowPredictorOptions { FeatureCount = 2, OutputCount = 1 });
        Assert.Contains("predictions[0] holds the string \"setosa\", not a number (class names cannot be read as scores)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_BadRequest_SurfacesMlflowMessageWithoutRetry()
    {
        await using var server = new TestHttpServer(new MlflowEmulator
        {
            Invocations = _ => TestResponse.Json("""{"error_code":"BAD_REQUEST","message":"Incompatible input types for column x0. Can not safely convert float64 to int64."}""", 400),
        }.Handle);
        using var predictor = new MlflowPredictor(Options(server));
        var ex = await Assert.ThrowsAsync<PredictorException>(async () => await predictor.PredictAsync(Three, default));
        Assert.Equal(
            $"MLflow model at {server.BaseAddress.ToString().TrimEnd('/')}: POST {server.BaseAddress}invocations answered HTTP 400 (Bad Request): BAD_REQUEST: Incompatible input types for column x0. Can not safely convert float64 to int64.",
            ex.Message);
        Assert.Equal(1, server.Count("/invocations"));
    }

    [Fact]
    public async Task PredictAsync_503ThenOk_Retries()
    {
        var attempts = 0;
        await using var server = new TestHttpServer(new MlflowEmulator
        {
            Invocations = _ => Interlocked.Increment(ref attempts) <= 2 ? new TestResponse { Status = 503, ContentType = "text/plain", Body = "upstream connect error" } : null,
        }.Handle);
        using var predictor = new MlflowPredictor(Options(server));
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal(Logistic.Expected(Three), result.Data);
        Assert.Equal(3, server.Count("/invocations"));
        Assert.Equal(3, predictor.Queries.Rows);
    }

    [Fact]
    public async Task PredictAsync_BareNaNFromPython_ReadsNaN()
    {
        await using var server = new TestHttpServer(new MlflowEmulator { Invocations = _ => TestResponse.Json("""{"predictions": [[NaN, 1.0], [0.5, Infinity], [-Infinity, 0.0]]}""") }.Handle);
        using var predictor = new MlflowPredictor(Options(server));
        var result = await predictor.PredictAsync(Three, default);
        Assert.Equal([float.NaN, 1f, 0.5f, float.PositiveInfinity, float.NegativeInfinity, 0f], result.Data);
    }

    [Fact]
    public async Task PredictAsync_HtmlErrorPage_SaysItIsHtml()
    {
        var ex = await PredictFailsAsync(_ => new TestResponse { Status = 502, ContentType = "text/html", Body = "<html><head><title>502 Bad Gateway</title></head></html>" }, new MlflowPredictorOptions { FeatureCount = 2, OutputCount = 2, MaxRetries = 1, RetryBaseDelay = TimeSpan.Zero, RetryMaxDelay = TimeSpan.Zero });
        Assert.Contains("failed after 2 attempts; last answer HTTP 502 (Bad Gateway): an HTML page titled \"502 Bad Gateway\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAsync_PastBudget_ThrowsBeforeSending()
    {
        await using var server = new TestHttpServer(new MlflowEmulator().Handle);
        using var predictor = new MlflowPredictor(Options(server) with { QueryBudget = 2 });
        await Assert.ThrowsAsync<QueryBudgetExceededException>(async () => await predictor.PredictAsync(Three, default));
        Assert.Empty(server.Requests);
        Assert.Equal(0, predictor.Queries.Rows);
    }

    [Fact]
    public async Task PingAsync_HealthyAndDown_FollowsStatus()
    {
        await using var server = new TestHttpServer(new MlflowEmulator().Handle);
        using (var predictor = new MlflowPredictor(Options(server)))
        {
            Assert.True(await predictor.PingAsync(default));
            Assert.Equal("/ping", Assert.Single(server.Requests).Path);
        }

        await using var down = new TestHttpServer(_ => new TestResponse { Status = 503 });
        using var other = new MlflowPredictor(Options(down));
        Assert.False(await other.PingAsync(default));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new MlflowPredictorOptions
        {
            FeatureNames = ["a", "a", ""],
            FeatureCount = 2,
            MaxResponseBytes = 0,
            MaxJsonDepth = 1,
            OutputKey = " ",
        };
        var ex = Assert.Throws<ArgumentException>(() => new MlflowPredictor(options));
        Assert.StartsWith("Invalid MLflow predictor options (", ex.Message, StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "\n- BaseAddress: is required",
            "\n- MaxResponseBytes: must be between 2",
            "\n- MaxJsonDepth: must be between 2 and 1000, not 1.",
            "\n- FeatureNames[1]: repeats 'a'.",
            "\n- FeatureNames[2]: must not be empty.",
            "\n- FeatureNames: has 3 names but FeatureCount is 2.",
            "\n- OutputCount: is required when ClassLabels is not set",
            "\n- OutputKey: must not be blank when set.",
        })
        {
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_DefaultsWithAddressAndShape_HasNoProblems()
    {
        var options = new MlflowPredictorOptions { BaseAddress = new Uri("http://127.0.0.1:5000/"), FeatureCount = 4, OutputCount = 3 };
        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal([502, 503, 504], options.RetryStatusCodes.AsEnumerable());
        Assert.Equal(64L * 1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(64, options.MaxJsonDepth);
        Assert.Equal(256, options.MaxBatchSize);
        Assert.Equal(4, options.MaxConcurrency);
    }
}
