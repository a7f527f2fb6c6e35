using Rampart.Checks;
using Rampart.ModelFiles;

namespace Rampart.Reporting.Scan;

/// <summary>Renders a scan report in a chosen format.</summary>
public static class ScanReportWriters
{
    /// <summary>Renders the report.</summary>
    /// <param name="report">The scan report.</param>
    /// <param name="format">The format.</param>
    /// <param name="toolVersion">Rampart's version.</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string Render(ScanReport report, ScanReportFormat format, string toolVersion) => format switch
    {
        ScanReportFormat.Json => ScanJsonWriter.Write(report, toolVersion),
        ScanReportFormat.Sarif => ScanSarifWriter.Write(report, toolVersion),
        _ => ScanTextWriter.Write(report),
    };

    /// <summary>The lower-case name of a verdict, as in JSON.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>The name.</returns>
    public static string VerdictName(FileVerdict verdict) => verdict.ToString().ToLowerInvariant();

    /// <summary>The most serious finding severity in the report, or <c>null</c> without findings.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The severity.</returns>
    public static Severity? WorstSeverity(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Files.SelectMany(file => file.Findings).ToList();
        return findings.Count == 0 ? null : findings.Max(finding => finding.Severity);
    }
}
