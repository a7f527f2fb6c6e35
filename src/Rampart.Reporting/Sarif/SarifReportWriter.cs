using System.Text;
using System.Text.Json;
using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;

namespace Rampart.Reporting.Sarif;

/// <summary>
/// Writes SARIF 2.1.0: one run, the rules of the checks that ran as rule descriptors, every result with
/// <c>level</c> set, file locations relative to the system folder (<c>uriBaseId</c> SYSTEMROOT), stable partial
/// fingerprints, and catalogue threats and requirements as taxa of a "Rampart catalogue" taxonomy.
/// </summary>
public static class SarifReportWriter
{
    /// <summary>The SARIF schema URI.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The name of the taxonomy that holds catalogue threats and requirements.</summary>
    public const string TaxonomyName = "Rampart catalogue";

    /// <summary>Renders the report.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <param name="catalogue">The catalogue, for taxa.</param>
    /// <returns>Indented SARIF JSON ending with a newline.</returns>
    public static string Write(Assessment assessment, SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(catalogue);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var taxa = catalogue.Threats.Select(t => (t.Id, t.Title, Text: t.Description))
                .Concat(catalogue.Requirements.Select(r => (r.Id, Title: r.Id, Text: r.Statement)))
                .ToList();
            var taxonIndex = taxa.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            var ruleIndex = assessment.Rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();

            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "Rampart");
            w.WriteString("version", assessment.ToolVersion);
            w.WriteString("semanticVersion", assessment.ToolVersion);
            w.WriteStartArray("rules");
            foreach (var rule in assessment.Rules)
            {
                SarifWriting.Rule(w, rule);
            }

            w.WriteEndArray();
            w.WriteStartArray("supportedTaxonomies");
            w.WriteStartObject();
            w.WriteString("name", TaxonomyName);
            w.WriteNumber("index", 0);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("taxonomies");
            w.WriteStartObject();
            w.WriteString("name", TaxonomyName);
            w.WriteString("version", catalogue.Version);
            w.WriteString("organization", "Rampart");
            Message(w, "shortDescription", "Threats and requirements of ITU-T TR 'Guidelines for security management of using AI technology' and draft X.sr-ai.");
            w.WriteStartArray("taxa");
            foreach (var (id, title, text) in taxa)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("name", title);
                Message(w, "shortDescription", text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartArray("invocations");
            w.WriteStartObject();
            w.WriteBoolean("executionSuccessful", assessment.Notifications.IsEmpty);
            w.WriteString("startTimeUtc", assessment.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartArray("toolExecutionNotifications");
            foreach (var note in assessment.Notifications)
            {
                w.WriteStartObject();
                w.WriteString("level", "error");
                Message(w, "message", $"Check {note.CheckId} failed: {note.Message}");
                w.WriteStartObject("exception");
                w.WriteString("kind", note.ExceptionType);
                w.WriteString("message", note.Message);
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteString("checkId", note.CheckId);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartArray("results");
            foreach (var finding in assessment.Findings)
            {
                WriteResult(w, finding, ruleIndex, taxonIndex);
            }

            w.WriteEndArray();

            w.WriteStartObject("properties");
            w.WriteString("system", assessment.System.Name);
            w.WriteString("stage", assessment.System.Stage);
            w.WriteString("catalogueVersion", assessment.CatalogueVersion);
            w.WriteNumber("seed", assessment.Seed);
            w.WriteString("manifestSha256", assessment.System.ManifestSha256);
            w.WriteEndObject();

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteResult(Utf8JsonWriter w, Finding finding, Dictionary<string, int> ruleIndex, Dictionary<string, int> taxonIndex)
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
        if (finding.Location.File is { } file)
        {
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal));
            w.WriteString("uriBaseId", "SYSTEMROOT");
            w.WriteEndObject();
            if (finding.Location.Line > 0 || finding.Location.Offset is not null)
            {
                w.WriteStartObject("region");
                if (finding.Location.Line > 0)
                {
                    w.WriteNumber("startLine", finding.Location.Line);
                    if (finding.Location.Column > 0)
                    {
                        w.WriteNumber("startColumn", finding.Location.Column);
                    }
                }

                if (finding.Location.Offset is { } offset)
                {
                    w.WriteNumber("byteOffset", offset);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        if (finding.Location.Logical is { } logical)
        {
            w.WriteStartArray("logicalLocations");
            w.WriteStartObject();
            w.WriteString("fullyQualifiedName", logical);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartObject("partialFingerprints");
        w.WriteString("rampartFingerprint/v1", finding.Fingerprint);
        w.WriteEndObject();

        var taxa = finding.Threats.Concat(finding.Requirements).Distinct(StringComparer.Ordinal).Where(taxonIndex.ContainsKey).ToList();
        if (taxa.Count > 0)
        {
            w.WriteStartArray("taxa");
            foreach (var id in taxa)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteNumber("index", taxonIndex[id]);
                w.WriteStartObject("toolComponent");
                w.WriteString("name", TaxonomyName);
                w.WriteNumber("index", 0);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("severity", Severities.Name(finding.Severity));
        w.WriteString("confidence", finding.Confidence.ToString().ToLowerInvariant());
        w.WriteString("checkId", finding.CheckId);
        foreach (var (key, value) in finding.Evidence)
        {
            w.WriteString($"evidence.{key}", value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Message(Utf8JsonWriter w, string name, string text) => SarifWriting.Message(w, name, text);
}
