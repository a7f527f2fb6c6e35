using static Rampart.ModelFiles.Tests.Pickle.PickleTesting;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>Payloads placed after bytes that break the pickle stream are still found.</summary>
public sealed class PickleResyncTests
{
    private static byte[] Payload() =>
        new PickleBuilder().Proto(2).Global("os", "system").Text("id").Op('\x85').Reduce().Stop().ToArray();

    [Fact]
    public void Scan_PayloadAfterBrokenPickle_IsDangerousAtTheResumedOffset()
    {
        byte[] broken = [0x80, 0x02, 0xFF, 0xFE, 0x00];
        byte[] data = [.. broken, .. Payload()];

        var report = Scan(data);

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        var call = Assert.Single(report.Findings, finding => finding.Subject == "os.system");
        Assert.True(call.Location.Offset >= broken.Length, $"offset {call.Location.Offset}");
        Assert.Contains(report.Findings, finding => finding.Evidence.TryGetValue("resumed_at", out var at) && at == "5");
    }

    [Fact]
    public void Scan_PayloadAfterTrailingGarbage_IsDangerous()
    {
        var benign = new PickleBuilder().Proto(2).EmptyDict().Stop().ToArray();
        byte[] data = [.. benign, .. "garbage bytes\n"u8, .. Payload()];

        var report = Scan(data);

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        Assert.Contains(report.Findings, finding => finding.Subject == "os.system");
    }

    [Fact]
    public void Scan_GarbageWithoutAnotherHeader_StaysMalformedWithoutResuming()
    {
        byte[] data = [0x80, 0x02, 0xFF, 0x01, 0x02, 0x03];

        var report = Scan(data);

        Assert.Equal(FileVerdict.Malformed, report.Verdict);
        Assert.DoesNotContain(report.Findings, finding => finding.Evidence.ContainsKey("resumed_at"));
    }
}
