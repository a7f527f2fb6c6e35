using System.Diagnostics;
using System.Text;
using Rampart.Ledger.Events;
using Rampart.Tests;

namespace Rampart.Ledger.Tests.Events;

public sealed class LedgerEventTests
{
    internal static readonly string Digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    internal static LedgerEvent Scanned(string actor = "ci", long findings = 0) => LedgerEvent.Create(
        EventKind.ModelScanned,
        actor,
        "credit-scoring",
        [new EventSubject("models/model.onnx", Digest)],
        new Dictionary<string, DetailValue> { ["verdict"] = DetailValue.Of("safe"), ["findings"] = DetailValue.Of(findings) },
        FixedTime.Default);

    [Fact]
    public void ToCanonicalJson_ModelScanned_IsExactlyTheCanonicalBytes()
    {
        var json = Encoding.UTF8.GetString(Scanned().ToCanonicalJson());

        Assert.Equal(
            "{\"actor\":\"ci\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[{\"digest\":{\"sha256\":\"" + Digest + "\"},\"name\":\"models/model.onnx\"}],\"system\":\"credit-scoring\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}",
            json);
    }

    [Fact]
    public void ToCanonicalJson_AnyEvent_IsAFixedPointOfCanonicalize()
    {
        var e = LedgerEvent.Create(
            EventKind.IncidentOpened,
            "Zoë \"ops\" \\ on-call",
            "sys",
            [new EventSubject("€/😀", Digest), new EventSubject("b", Digest)],
            new Dictionary<string, DetailValue> { ["severity"] = DetailValue.Of("high"), ["incident"] = DetailValue.Of("INC-1\n"), ["summary"] = DetailValue.Of("\u0001") },
            FixedTime.Default);
        var bytes = e.ToCanonicalJson();

        Assert.Equal(bytes, CanonicalJson.Canonicalize(bytes));
    }

    [Fact]
    public void Parse_CanonicalBytes_RoundTripsEveryKind()
    {
        foreach (var kind in EventKinds.All)
        {
            var details = EventKinds.DetailFields(kind).ToDictionary(
                f => f.Name,
                f => f.Type switch { DetailType.Text => DetailValue.Of("x"), DetailType.Number => DetailValue.Of(42L), _ => DetailValue.Of(true) });
            var e = LedgerEvent.Create(kind, "alice", "sys", [new EventSubject("a", Digest)], details, FixedTime.Default);
            var bytes = e.ToCanonicalJson();

            var parsed = LedgerEvent.Parse(bytes);

            Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
            Assert.Equal(bytes, parsed.Event!.ToCanonicalJson());
            Assert.Equal(kind, parsed.Event.Kind);
        }
    }

    [Fact]
    public void Create_TruncatesTimeToMilliseconds()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(12_345_678));
        var e = LedgerEvent.Create(EventKind.ModelRetired, "a", "s", [], new Dictionary<string, DetailValue> { ["reason"] = DetailValue.Of("old") }, time);

        Assert.Contains("\"time\":\"2026-11-30T10:00:01.234Z\"", Encoding.UTF8.GetString(e.ToCanonicalJson()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\"}", "v: missing")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"kind\":\"model-scammed\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "kind: 'model-scammed' is not an event kind")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":\"0\",\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "details.findings: must be an integer, not a string")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":1.5,\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "details.findings: 1.5 is not an integer")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":0},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "details.verdict: required for model-scanned")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":0,\"verdict\":\"safe\",\"x\":1},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "details.x: not a field of model-scanned")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[{\"digest\":{\"sha256\":\"ABC\"},\"name\":\"m\"}],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "subjects[0].digest.sha256: 'ABC' is not 64 lowercase hex digits")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30 12:00\",\"v\":1}", "time: '2026-11-30 12:00' is not UTC time")]
    [InlineData("{\"actor\":\"\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "actor: must not be empty")]
    [InlineData("{\"actor\":\"a\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"extra\":1,\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\",\"v\":1}", "extra: unknown member")]
    [InlineData("{\"v\":1,\"actor\":\"a\",\"details\":{\"findings\":0,\"verdict\":\"safe\"},\"kind\":\"model-scanned\",\"subjects\":[],\"system\":\"s\",\"time\":\"2026-11-30T12:00:00.000Z\"}", "entry: the bytes are not in RFC 8785 canonical form")]
    [InlineData("[1]", "entry: must be a JSON object")]
    [InlineData("{\"actor\":", "entry: Not valid JSON")]
    public void Parse_InvalidEntry_NamesTheField(string entry, string expected)
    {
        var result = LedgerEvent.Parse(Encoding.UTF8.GetBytes(entry));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_InvalidDetails_ThrowsListingEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => LedgerEvent.Create(
            EventKind.AccessDecision, "a", "s", [], new Dictionary<string, DetailValue> { ["decision"] = DetailValue.Of(1L) }, FixedTime.Default));

        Assert.Contains("details.decision: must be a string, not an integer", ex.Message, StringComparison.Ordinal);
        Assert.Contains("details.resource: required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("details.action: required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DetailValue_IntegerBeyondTwoToThe53_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DetailValue.Of(1L << 53));
        Assert.Equal("9007199254740991", DetailValue.Of((1L << 53) - 1).ToJson());
    }

    [Fact]
    public void EventSubject_TryParse_SplitsAtTheLastEquals()
    {
        Assert.True(EventSubject.TryParse($"a=b.onnx={Digest}", out var subject, out _));
        Assert.Equal(new EventSubject("a=b.onnx", Digest), subject);
        Assert.False(EventSubject.TryParse("model.onnx", out _, out var problem));
        Assert.Contains("NAME=SHA256", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MutatedEntries_NeverThrowAndValidOnesAreCanonical()
    {
        var seeds = new[] { Scanned().ToCanonicalJson(), Scanned("Zoë", 7).ToCanonicalJson() };
        string[] tokens = ["\"", "\\u0000", "{", "}", "[", "]", ",", ":", "1e400", "-0", "\\ud800", "null", "true"];
        var random = new Random(20261130);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            var mutated = SeededMutator.Mutate(seeds[random.Next(seeds.Length)], random, tokens, "{}[]\":,0123456789az\\", maxDelete: 8, maxSplice: 30);
            var result = LedgerEvent.Parse(mutated);
            if (result.IsValid)
            {
                Assert.Equal(mutated, result.Event!.ToCanonicalJson());
            }
            else
            {
                Assert.NotEmpty(result.Problems);
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1));
    }
}
