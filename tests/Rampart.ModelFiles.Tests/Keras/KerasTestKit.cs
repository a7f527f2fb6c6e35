namespace Rampart.ModelFiles.Tests.Keras;

/// <summary>Helpers shared by the Keras and TensorFlow scanner tests.</summary>
internal static class KerasTestKit
{
    public static string Fixture(string area, string name) => Path.Combine(AppContext.BaseDirectory, "TestData", area, name);

    public static byte[] Bytes(string area, string name) => File.ReadAllBytes(Fixture(area, name));

    /// <summary>Scans bytes as the given format, the way the zip scanner hands over a member.</summary>
    public static ScanSession ScanAs(byte[] data, ModelFormat format, string member, ScanOptions? options = null)
    {
        var session = new ScanSession(options ?? ScanOptions.Default, CancellationToken.None, CancellationToken.None);
        using var stream = new MemoryStream(data, writable: false);
        var location = new ScanLocation { Path = "model.keras" }.Enter(member);
        session.ScanAs(new ScanInput { Stream = stream, Location = location, Name = member, Depth = 1 }, format);
        return session;
    }

    public static FileScanReport ScanFile(byte[] data, string name, ScanOptions? options = null)
    {
        using var stream = new MemoryStream(data, writable: false);
        return new ModelScanner(options).ScanStream(stream, name);
    }

    public static void AssertNoScannerFailure(IEnumerable<ScanFinding> findings)
    {
        var failure = findings.FirstOrDefault(finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);
        Assert.True(failure is null, failure?.Message);
    }
}
