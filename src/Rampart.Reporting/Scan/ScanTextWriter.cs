using System.Globalization;
using System.Text;
using Rampart.ModelFiles;

namespace Rampart.Reporting.Scan;

/// <summary>
/// Console text: a line per file with its verdict and format, the findings under it (rule, severity, subject,
/// location), then a summary of counts per verdict.
/// </summary>
public static class ScanTextWriter
{
    /// <summary>Renders the report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text.</returns>
    public static string Write(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var file in report.Files)
        {
            var formats = string.Join("+", file.Formats.Select(FormatNames.Id));
            var role = file.CompanionOf is null ? string.Empty : $", {file.CompanionOf}";
            text.Append(CultureInfo.InvariantCulture, $"{ScanReportWriters.VerdictName(file.Verdict),-11} {file.Path} ({formats}, {Size(file.Length)}{role})\n");
            foreach (var finding in file.Findings)
            {
                var subject = finding.Subject is null ? string.Empty : $" [{finding.Subject}]";
                text.Append(CultureInfo.InvariantCulture, $"    {finding.RuleId} {Severities.Name(finding.Severity)}{subject}: {finding.Message}\n");
                text.Append(CultureInfo.InvariantCulture, $"        at {finding.Location}\n");
            }
        }

        var counts = report.CountByVerdict().Where(pair => pair.Value > 0).Select(pair => $"{pair.Value} {ScanReportWriters.VerdictName(pair.Key)}");
        text.Append(CultureInfo.InvariantCulture, $"\n{report.Files.Length} file(s), {Size(report.TotalBytes)}: {string.Join(", ", counts)}. Verdict: {ScanReportWriters.VerdictName(report.Verdict)}.\n");
        if (report.Files.Length == 0)
        {
            text.Append("No files were scanned (check the paths and --include/--exclude).\n");
        }

        return text.ToString();
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };
}
