using System.Text;
using System.Text.Json;
using Rampart.ModelFiles;

namespace Rampart.Reporting.Scan;

/// <summary>
/// JSON (<c>rampart-scan</c> schema 1.0, documented in <c>docs/model-files.md</c>): the options, counts per
/// verdict, and for each file its verdict, formats, parts and findings.
/// </summary>
public static class ScanJsonWriter
{
    /// <summary>The schema name.</summary>
    public const string Schema = "rampart-scan";

    /// <summary>The schema version.</summary>
    public const string SchemaVersion = "1.0";

    /// <summary>Renders the report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="toolVersion">Rampart's version.</param>
    /// <returns>Indented JSON ending with a newline.</returns>
    public static string Write(ScanReport report, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("schemaVersion", SchemaVersion);
            w.WriteString("toolVersion", toolVersion);
            w.WriteStartArray("roots");
            foreach (var root in report.Roots)
            {
                w.WriteStringValue(root);
            }

            w.WriteEndArray();
            w.WriteBoolean("strict", report.Strict);
            w.WriteBoolean("deep", report.Deep);
            w.WriteString("verdict", ScanReportWriters.VerdictName(report.Verdict));
            w.WriteStartObject("counts");
            foreach (var (verdict, count) in report.CountByVerdict())
            {
                w.WriteNumber(ScanReportWriters.VerdictName(verdict), count);
            }

            w.WriteEndObject();
            w.WriteNumber("bytes", report.TotalBytes);
            w.WriteStartArray("files");
            foreach (var file in report.Files)
            {
                WriteFile(w, file);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteFile(Utf8JsonWriter w, FileScanReport file)
    {
        w.WriteStartObject();
        w.WriteString("path", file.Path);
        w.WriteNumber("bytes", file.Length);
        w.WriteString("verdict", ScanReportWriters.VerdictName(file.Verdict));
        w.WriteStartArray("formats");
        foreach (var format in file.Formats)
        {
            w.WriteStringValue(FormatNames.Id(format));
        }

        w.WriteEndArray();
        if (file.CompanionOf is not null)
        {
            w.WriteString("companionOf", file.CompanionOf);
        }

        w.WriteStartArray("parts");
        foreach (var part in file.Parts)
        {
            w.WriteStartObject();
            WriteMembers(w, part.Location);
            w.WriteString("format", FormatNames.Id(part.Format));
            w.WriteNumber("bytes", part.Length);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("findings");
        foreach (var finding in file.Findings)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", finding.RuleId);
            w.WriteString("verdict", ScanReportWriters.VerdictName(finding.Verdict));
            w.WriteString("severity", Severities.Name(finding.Severity));
            w.WriteString("message", finding.Message);
            if (finding.Subject is not null)
            {
                w.WriteString("subject", finding.Subject);
            }

            w.WriteStartObject("location");
            w.WriteString("path", finding.Location.Path);
            WriteMembers(w, finding.Location);
            if (finding.Location.Offset is { } offset)
            {
                w.WriteNumber("offset", offset);
            }

            if (finding.Location.Node is not null)
            {
                w.WriteString("node", finding.Location.Node);
            }

            w.WriteEndObject();
            if (!finding.Evidence.IsEmpty)
            {
                w.WriteStartObject("evidence");
                foreach (var (key, value) in finding.Evidence)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (file.DroppedFindings > 0)
        {
            w.WriteNumber("droppedFindings", file.DroppedFindings);
        }

        w.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter w, ScanLocation location)
    {
        w.WriteStartArray("members");
        foreach (var member in location.Members)
        {
            w.WriteStringValue(member);
        }

        w.WriteEndArray();
    }
}
