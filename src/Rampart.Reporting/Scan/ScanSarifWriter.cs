using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rampart.ModelFiles;

namespace Rampart.Reporting.Scan;

/// <summary>
/// SARIF 2.1.0 for a scan: every scan rule as a descriptor (so each rule id resolves, fired or not), one result
/// per finding with <c>level</c> always set, the file as the artifact location (byte offset as a region when the
/// finding is in the file itself), archive members and nodes as logical locations, and a stable fingerprint.
/// </summary>
public static class ScanSarifWriter
{
    /// <summary>Renders the report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="toolVersion">Rampart's version.</param>
    /// <returns>Indented SARIF JSON ending with a newline.</returns>
    public static string Write(ScanReport report, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = ScanRules.All;
        var ruleIndex = rules.Select((rule, i) => (rule.Id, i)).ToDictionary(pair => pair.Id, pair => pair.i, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", Sarif.SarifReportWriter.SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "Rampart");
            w.WriteString("version", toolVersion);
            w.WriteString("semanticVersion", toolVersion);
            w.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                Sarif.SarifWriting.Rule(w, rule.ToDescriptor(), ("verdict", ScanReportWriters.VerdictName(rule.Verdict)));
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("invocations");
            w.WriteStartObject();
            w.WriteBoolean("executionSuccessful", report.Files.SelectMany(file => file.Findings).All(finding => finding.RuleId != CoreScanRules.ScannerFailure.Id));
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartArray("results");
            foreach (var finding in report.Files.SelectMany(file => file.Findings))
            {
                WriteResult(w, finding, ruleIndex);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteResult(Utf8JsonWriter w, ScanFinding finding, Dictionary<string, int> ruleIndex)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", finding.RuleId);
        if (ruleIndex.TryGetValue(finding.RuleId, out var index))
        {
            w.WriteNumber("ruleIndex", index);
        }

        w.WriteString("level", Severities.SarifLevel(finding.Severity));
        Message(w, "message", finding.Message);
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", Uri.EscapeDataString(finding.Location.Path).Replace("%2F", "/", StringComparison.Ordinal));
        w.WriteEndObject();
        if (finding.Location.Members.IsEmpty && finding.Location.Offset is { } offset)
        {
            w.WriteStartObject("region");
            w.WriteNumber("byteOffset", offset);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        var logical = Logical(finding.Location);
        if (logical is not null)
        {
            w.WriteStartArray("logicalLocations");
            w.WriteStartObject();
            w.WriteString("fullyQualifiedName", logical);
            w.WriteString("kind", finding.Location.Node is null ? "member" : "element");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        w.WriteString("rampartFingerprint/v1", Fingerprint(finding));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("verdict", ScanReportWriters.VerdictName(finding.Verdict));
        w.WriteString("severity", Severities.Name(finding.Severity));
        if (finding.Subject is not null)
        {
            w.WriteString("subject", finding.Subject);
        }

        w.WriteString("location", finding.Location.ToString());
        foreach (var (key, value) in finding.Evidence)
        {
            w.WriteString("evidence." + key, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string? Logical(ScanLocation location)
    {
        if (location.Members.IsEmpty && location.Node is null)
        {
            return null;
        }

        var name = new StringBuilder(string.Join("!", location.Members));
        if (!location.Members.IsEmpty && location.Offset is { } offset)
        {
            name.Append('@').Append(offset);
        }

        if (location.Node is not null)
        {
            name.Append(name.Length > 0 ? "#" : string.Empty).Append(location.Node);
        }

        return name.ToString();
    }

    private static string Fingerprint(ScanFinding finding)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{finding.RuleId}\n{finding.Location}\n{finding.Subject}\n{finding.Message}"));
        return Convert.ToHexStringLower(bytes)[..32];
    }

    private static void Message(Utf8JsonWriter w, string name, string text) => Sarif.SarifWriting.Message(w, name, text);
}
