using System.Diagnostics;
using System.Text;
using Rampart.ML.Http;
using Rampart.ML.Predictors;

namespace Rampart.Tests.ML.Http;

/// <summary>Seeded mutation fuzzing of the response readers: any input ends in a result or a PredictorException, quickly.</summary>
public sealed class ResponseFuzzTests
{
    private static readonly string[] Tokens = ["NaN", "-Infinity", "Infinity", "[", "]", "{", "}", "\"", "\\", ",", ":", "null", "1e999", "-0", "true", "\"NaN\"", "[[[[", "\uFEFF", "<"];

    private static readonly KServeV2Plan Plan = new()
    {
        InputName = "x",
        InputDatatype = "FP32",
        OutputName = "probabilities",
        LabelOnly = false,
        MaxRows = 256,
        Info = new PredictorInfo { FeatureCount = 2, Kind = PredictionKind.Classification, OutputCount = 2, Source = "fuzz" },
    };

    private static readonly MlflowPredictorOptions Options = new() { MaxJsonDepth = 16 };

    [Fact]
    public void KServeReader_MutatedBodies_OnlyPredictorExceptions()
    {
        var seed = KServeEmulator.Answer("""{"inputs":[{"shape":[3,2],"data":[0.5,0.5,1,0,0,1]}]}""", nested: true);
        Fuzz(seed, 1, body =>
        {
            using var document = ResponseJson.Parse(Reply(body), "fuzz", Options, "a KServe v2 infer response");
            KServeV2Codec.ReadResponse(document.RootElement, Plan, 3, new float[6], new ValueReader("fuzz", new Uri("http://127.0.0.1/"), NonFiniteValueHandling.Accept));
        });
    }

    [Fact]
    public void MlflowReader_MutatedBodies_OnlyPredictorExceptions()
    {
        var seed = """{"predictions":[{"label":1,"probability":[0.25,0.75]},{"0":0.5,"1":0.5},[1,0]]}""";
        Fuzz(seed, 2, body =>
        {
            using var document = ResponseJson.Parse(Reply(body), "fuzz", Options, "an MLflow response");
            MlflowCodec.ReadResponse(document.RootElement, 3, 2, ["0", "1"], null, new float[6], new ValueReader("fuzz", new Uri("http://127.0.0.1/"), NonFiniteValueHandling.Reject));
        });
    }

    [Fact]
    public void ServerMessage_MutatedErrorBodies_NeverThrows()
    {
        Fuzz("""{"error_code":"BAD_REQUEST","message":"bad","error":{"message":"x"}}""", 3, body => Assert.NotNull(ServerMessage.Extract(body, null)));
    }

    [Fact]
    public void Parse_InvalidUtf8InString_ThrowsPredictorException()
    {
        byte[] body = [.. "{\"outputs\":[{\"name\":\""u8, 0xC5, .. "\"}]}"u8];
        var ex = Assert.Throws<PredictorException>(() => ResponseJson.Parse(Reply(body), "fuzz", Options, "a KServe v2 infer response"));
        Assert.Contains("is not valid UTF-8 text", ex.Message, StringComparison.Ordinal);
        Assert.Contains("{\"outputs\":[{\"name\":\"", ServerMessage.Extract(body, null), StringComparison.Ordinal);
    }

    private static HttpReply Reply(byte[] body) => new(new Uri("http://127.0.0.1/"), 200, "application/json", body);

    private static void Fuzz(string seedText, int seed, Action<byte[]> read)
    {
        var random = new Random(seed);
        var original = Encoding.UTF8.GetBytes(seedText);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3000 && clock.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            var body = original.ToList();
            for (var m = random.Next(1, 5); m > 0; m--)
            {
                Mutate(body, random);
            }

            try
            {
                read([.. body]);
            }
            catch (PredictorException)
            {
            }
        }
    }

    private static void Mutate(List<byte> body, Random random)
    {
        var at = random.Next(body.Count + 1);
        switch (random.Next(5))
        {
            case 0 when body.Count > 0:
                body[Math.Min(at, body.Count - 1)] = (byte)random.Next(256);
                break;
            case 1 when body.Count > 0:
                body.RemoveRange(Math.Min(at, body.Count - 1), Math.Min(random.Next(1, 8), body.Count - Math.Min(at, body.Count - 1)));
                break;
            case 2:
                body.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                break;
            case 3 when body.Count > 0:
                var start = random.Next(body.Count);
                var length = Math.Min(random.Next(1, 40), body.Count - start);
                body.InsertRange(at, body.GetRange(start, length));
                break;
            default:
                body.RemoveRange(at, body.Count - at);
                break;
        }
    }
}
