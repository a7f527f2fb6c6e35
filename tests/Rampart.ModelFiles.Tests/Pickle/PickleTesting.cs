using Rampart.ModelFiles.Pickle;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>Shortcuts for the pickle tests.</summary>
internal static class PickleTesting
{
    public static string DataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static byte[] Fixture(string name) => File.ReadAllBytes(DataPath("Pickle", name));

    public static FileScanReport Scan(byte[] bytes, ScanOptions? options = null, string name = "model.pkl")
    {
        var report = new ModelScanner(options).ScanStream(new MemoryStream(bytes), name);
        Assert.DoesNotContain(report.Findings, finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);
        return report;
    }

    /// <summary>Scans a pickle as a member of an archive (a PyTorch zip's data.pkl), through the public API.</summary>
    public static IReadOnlyList<ScanFinding> ScanAsZipMember(byte[] bytes, string member, PickleContext context = PickleContext.Auto)
    {
        var session = new ScanSession(ScanOptions.Default, CancellationToken.None, CancellationToken.None);
        var input = new ScanInput
        {
            Stream = new MemoryStream(bytes),
            Location = new ScanLocation { Path = "model.pt" }.Enter(member),
            Name = Path.GetFileName(member),
            Depth = 1,
        };
        PickleScanner.ScanPickleStream(input, session, context);
        return session.Findings;
    }

    public static ScanFinding Single(FileScanReport report, ScanRule rule) => Assert.Single(report.Findings, finding => finding.RuleId == rule.Id);

    public static string Rules(FileScanReport report) => string.Join(",", report.Findings.Select(finding => finding.RuleId));
}
